import { Accordion, Button, Flex, Heading, Text } from '@hubspot/ui-extensions';
import { problemsAt, valueAt, type Path } from './model-draft.ts';
import { asList, asText, fieldId, freshId, type Editing } from './editing.ts';
import { CriterionEditor } from './criterion-editor.tsx';
import { TextField } from './form-fields.tsx';
import { ProblemList } from './problem-list.tsx';

/**
 * The fit side: every profile (job family, vacancy) with its groups and their criteria. A model
 * with one profile keeps its groups under `fit.groups`, as the model file writes it.
 */
export function ProfilesEditor({ editing }: { editing: Editing }) {
  const { messages } = editing;
  const profiles = asList(valueAt(editing.model, ['fit', 'profiles']));
  return (
    <Flex direction="column" gap="sm">
      <Heading>{messages.profilesTitle}</Heading>
      {profiles.length > 0 ? (
        profiles.map((_, p) => {
          const path = ['fit', 'profiles', p];
          return (
            <Accordion
              key={p}
              title={`${messages.profileName}: ${asText(valueAt(editing.model, [...path, 'label']))}`}
              defaultOpen={p === 0}
              testId={`${fieldId(path)}-profile`}
            >
              <TextField editing={editing} path={[...path, 'label']} label={messages.profileName} />
              <GroupsEditor editing={editing} path={[...path, 'groups']} />
            </Accordion>
          );
        })
      ) : (
        <GroupsEditor editing={editing} path={['fit', 'groups']} />
      )}
    </Flex>
  );
}

function GroupsEditor({ editing, path }: { editing: Editing; path: Path }) {
  const { messages } = editing;
  const groups = asList(valueAt(editing.model, path));
  return (
    <Flex direction="column" gap="sm">
      {groups.map((_, g) => {
        const groupPath = [...path, g];
        const criteria = asList(valueAt(editing.model, [...groupPath, 'criteria']));
        // Problems of the group itself (min above max, no criteria) show at its head.
        const own = problemsAt(editing.problems, groupPath).filter(
          (problem) => !problem.path.includes('.criteria['),
        );
        return (
          <Accordion
            key={g}
            title={messages.groupTitle(asText(valueAt(editing.model, [...groupPath, 'label'])))}
            defaultOpen
            testId={`${fieldId(groupPath)}-group`}
          >
            <ProblemList problems={own} testId={`${fieldId(groupPath)}-problems`} />
            {criteria.length === 0 && <Text>{messages.criteriaTitle}: 0</Text>}
            {criteria.map((__, c) => (
              <CriterionEditor key={c} editing={editing} path={[...groupPath, 'criteria', c]} />
            ))}
            <Button
              testId={`${fieldId(groupPath)}-add-criterion`}
              size="sm"
              onClick={() =>
                editing.edit([...groupPath, 'criteria', criteria.length], {
                  id: freshId(editing.model, 'criterion'),
                  label: '',
                  property: '',
                  when: { known: true },
                  points: 0,
                })
              }
            >
              {messages.addCriterion}
            </Button>
          </Accordion>
        );
      })}
    </Flex>
  );
}
