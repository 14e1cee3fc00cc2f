import { Accordion, Button, Flex, Heading } from '@hubspot/ui-extensions';
import { CHANNELS } from '../../src/model/model-schema.ts';
import { isRecord, valueAt, type Path } from './model-draft.ts';
import { asList, asText, fieldId, freshId, type Editing } from './editing.ts';
import { ChoiceField, NumberField, TextField } from './form-fields.tsx';
import { DecayFields } from './decay-fields.tsx';
import { PropertyPicker } from './property-picker.tsx';

const SOURCES = ['count', 'contentName', 'history', 'lastActivity'] as const;
type Source = (typeof SOURCES)[number];
const CURVES = ['linear', 'logarithmic', 'geometric'] as const;

/** Where a touchpoint reads when it happened; `lastActivity` alone when no other is given. */
function sourceOf(touchpoint: unknown): Source {
  if (!isRecord(touchpoint)) return 'count';
  return SOURCES.find((s) => touchpoint[s] !== undefined) ?? 'count';
}

/** Every touchpoint: property, points, quantity curve, content table, decay and channel. */
export function TouchpointsEditor({ editing }: { editing: Editing }) {
  const { messages } = editing;
  const touchpoints = asList(valueAt(editing.model, ['engagement', 'touchpoints']));
  return (
    <Flex direction="column" gap="sm">
      <Heading>{messages.touchpointsTitle}</Heading>
      {touchpoints.map((touchpoint, t) => {
        const path = ['engagement', 'touchpoints', t];
        return (
          <Accordion
            key={t}
            title={`${messages.touchpointLabel}: ${asText(valueAt(editing.model, [...path, 'label']))}`}
            testId={`${fieldId(path)}-touchpoint`}
          >
            <TouchpointFields editing={editing} path={path} touchpoint={touchpoint} />
            <Button
              testId={`${fieldId(path)}-remove`}
              variant="secondary"
              size="sm"
              onClick={() => editing.edit(path, undefined)}
            >
              {messages.removeItem}
            </Button>
          </Accordion>
        );
      })}
      <Button
        testId="field-engagement.touchpoints-add"
        size="sm"
        onClick={() =>
          editing.edit(['engagement', 'touchpoints', touchpoints.length], {
            id: freshId(editing.model, 'touchpoint'),
            label: '',
            channel: 'web',
            count: '',
            points: 1,
          })
        }
      >
        {messages.addTouchpoint}
      </Button>
    </Flex>
  );
}

function TouchpointFields({
  editing,
  path,
  touchpoint,
}: {
  editing: Editing;
  path: Path;
  touchpoint: unknown;
}) {
  const { messages } = editing;
  const source = sourceOf(touchpoint);
  const sourcePath = [...path, source];
  // history and lastActivity hold lists of properties; the picker edits the first.
  const listSource = source === 'history' || source === 'lastActivity';
  const curve = asText(valueAt(editing.model, [...path, 'quantity', 'curve'])) || 'linear';
  const withContent = source === 'contentName' || source === 'history';
  return (
    <Flex direction="column" gap="xs">
      <TextField editing={editing} path={[...path, 'label']} label={messages.touchpointLabel} />
      <ChoiceField
        editing={editing}
        path={[...path, 'channel']}
        label={messages.channel}
        options={CHANNELS.map((c) => ({ label: messages.channels[c], value: c }))}
      />
      <ChoiceField
        editing={editing}
        path={sourcePath}
        id={`${fieldId(path)}-source`}
        label={messages.source}
        options={SOURCES.map((s) => ({ label: messages.sourceKinds[s], value: s }))}
        value={source}
        onChange={(next) => {
          const property = valueAt(editing.model, listSource ? [...sourcePath, 0] : sourcePath);
          const record = isRecord(touchpoint) ? { ...touchpoint } : {};
          delete record[source];
          const listed = next === 'history' || next === 'lastActivity';
          record[next] = listed ? [property ?? ''] : (property ?? '');
          editing.edit(path, record);
        }}
      />
      <PropertyPicker
        editing={editing}
        path={listSource ? [...sourcePath, 0] : sourcePath}
        label={messages.sourceProperty}
      />
      <NumberField editing={editing} path={[...path, 'points']} label={messages.points} />
      <ChoiceField
        editing={editing}
        path={[...path, 'quantity']}
        label={messages.quantity}
        options={CURVES.map((c) => ({ label: messages.curves[c], value: c }))}
        value={curve}
        onChange={(next) =>
          editing.edit(
            [...path, 'quantity'],
            next === 'geometric' ? { curve: next, ratio: 0.5 } : { curve: next },
          )
        }
      />
      {curve === 'geometric' && (
        <NumberField
          editing={editing}
          path={[...path, 'quantity', 'ratio']}
          label={messages.ratio}
        />
      )}
      {curve === 'linear' && (
        <NumberField
          editing={editing}
          path={[...path, 'quantity', 'cap']}
          label={messages.occurrenceCap}
        />
      )}
      <NumberField editing={editing} path={[...path, 'maxPoints']} label={messages.maxPoints} />
      {withContent && <ContentTable editing={editing} path={path} />}
      <DecayFields editing={editing} path={[...path, 'decay']} />
    </Flex>
  );
}

/** The content value table: the first item whose words appear in the content's name counts. */
function ContentTable({ editing, path }: { editing: Editing; path: Path }) {
  const { messages } = editing;
  const items = asList(valueAt(editing.model, [...path, 'content']));
  return (
    <Flex direction="column" gap="xs">
      <Heading>{messages.contentTable}</Heading>
      {items.map((_, i) => {
        const itemPath = [...path, 'content', i];
        return (
          <Flex key={i} direction="row" gap="sm" align="end">
            <TextField
              editing={editing}
              path={[...itemPath, 'label']}
              label={messages.criterionLabel}
            />
            <TextField
              editing={editing}
              path={[...itemPath, 'match']}
              label={messages.contentMatch}
              list
            />
            <NumberField editing={editing} path={[...itemPath, 'points']} label={messages.points} />
            <Button
              testId={`${fieldId(itemPath)}-remove`}
              size="sm"
              onClick={() => editing.edit(itemPath, undefined)}
            >
              {messages.removeItem}
            </Button>
          </Flex>
        );
      })}
      <Button
        testId={`${fieldId(path)}-add-content`}
        size="sm"
        onClick={() =>
          editing.edit([...path, 'content', items.length], { label: '', match: [], points: 0 })
        }
      >
        {messages.addContent}
      </Button>
      <NumberField
        editing={editing}
        path={[...path, 'otherContentPoints']}
        label={messages.otherContentPoints}
      />
    </Flex>
  );
}
