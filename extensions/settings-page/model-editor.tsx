import { Alert, Button, Divider, Flex, Text } from '@hubspot/ui-extensions';
import type { Editing } from './editing.ts';
import { LimitsEditor } from './limits-editor.tsx';
import type { SettingsMessages } from './messages/index.ts';
import { ProblemList } from './problem-list.tsx';
import { ProfilesEditor } from './profile-editor.tsx';
import { TiersEditor } from './tiers-editor.tsx';
import { TouchpointsEditor } from './touchpoint-editor.tsx';
import type { SettingsPageState } from './use-settings-page.ts';

/** The draft as forms: every part of the model, with its problems next to its fields. */
export function ModelEditor({
  state,
  messages,
}: {
  state: SettingsPageState;
  messages: SettingsMessages;
}) {
  const { draft, draftActions } = state;
  if (!draft.model) return null;
  const editing: Editing = {
    model: draft.model,
    problems: draft.problems,
    missingProperties: draft.missingProperties,
    properties: state.properties,
    messages,
    edit: draftActions.edit,
  };
  return (
    <Flex direction="column" gap="md">
      <Text testId="draft-state">
        {draft.validating ? messages.validating : messages.draftState(draft.problems.length)}
      </Text>
      {draft.missingProperties.map((name) => (
        <Alert
          key={name}
          title={messages.missingProperty(name)}
          variant="warning"
          testId={`missing-${name}`}
        />
      ))}
      <ProblemList problems={draft.problems} testId="draft-problems" />
      <Button
        testId="save-draft"
        disabled={!draft.dirty || draft.saving}
        onClick={() => void draftActions.save()}
      >
        {messages.saveDraft}
      </Button>
      {draft.saved && <Text testId="draft-saved">{messages.draftSaved}</Text>}
      <Divider />
      <ProfilesEditor editing={editing} />
      <Divider />
      <TouchpointsEditor editing={editing} />
      <Divider />
      <LimitsEditor editing={editing} />
      <Divider />
      <TiersEditor editing={editing} />
    </Flex>
  );
}
