import { Button, Flex, MultiSelect, Text, Tile } from '@hubspot/ui-extensions';
import { CONDITION_KINDS, type ConditionKind } from '../../src/model/model-schema.ts';
import { isRecord, valueAt, type Path } from './model-draft.ts';
import { asList, fieldId, problemProps, type Editing } from './editing.ts';
import { ChoiceField, NumberField, SwitchField, TextField } from './form-fields.tsx';
import { accountProperty, PropertyPicker } from './property-picker.tsx';

/** A new test of the chosen kind, with a value the admin then fills in. */
const NEW_CONDITION: Record<ConditionKind, unknown> = {
  equals: '',
  oneOf: [],
  notOneOf: [],
  keywords: [],
  range: { min: 0 },
  known: true,
  withinDays: 30,
  olderThanDays: 180,
};

export function conditionKind(when: unknown): ConditionKind | undefined {
  if (!isRecord(when)) return undefined;
  return CONDITION_KINDS.find((kind) => when[kind] !== undefined);
}

/**
 * One fit criterion: label, property, the test on it, points, knockout; a combined criterion
 * also its second condition (`and`: another property and its test, both must match).
 */
export function CriterionEditor({ editing, path }: { editing: Editing; path: Path }) {
  const { messages } = editing;
  const andPath = [...path, 'and'];
  const combined = isRecord(valueAt(editing.model, andPath));
  return (
    <Tile testId={`${fieldId(path)}-tile`}>
      <Flex direction="column" gap="xs">
        <TextField editing={editing} path={[...path, 'label']} label={messages.criterionLabel} />
        <ConditionFields editing={editing} path={path} />
        {combined ? (
          <Flex direction="column" gap="xs">
            <Text format={{ fontWeight: 'bold' }}>{messages.secondCondition}</Text>
            <ConditionFields editing={editing} path={andPath} />
            <Button
              testId={`${fieldId(andPath)}-remove`}
              variant="secondary"
              size="sm"
              onClick={() => editing.edit(andPath, undefined)}
            >
              {messages.removeSecondCondition}
            </Button>
          </Flex>
        ) : (
          <Button
            testId={`${fieldId(andPath)}-add`}
            variant="secondary"
            size="sm"
            onClick={() => editing.edit(andPath, { property: '', when: { known: true } })}
          >
            {messages.addSecondCondition}
          </Button>
        )}
        <NumberField editing={editing} path={[...path, 'points']} label={messages.points} />
        <SwitchField editing={editing} path={[...path, 'knockout']} label={messages.knockout} />
        <Button
          testId={`${fieldId(path)}-remove`}
          variant="secondary"
          size="sm"
          onClick={() => editing.edit(path, undefined)}
        >
          {messages.removeItem}
        </Button>
      </Flex>
    </Tile>
  );
}

/** A property and its test: the criterion's own (`path`) or its second condition (`path`.and). */
function ConditionFields({ editing, path }: { editing: Editing; path: Path }) {
  const { messages } = editing;
  const kind = conditionKind(valueAt(editing.model, [...path, 'when']));
  const propertyName = valueAt(editing.model, [...path, 'property']);
  const property =
    typeof propertyName === 'string' ? accountProperty(editing, propertyName) : undefined;
  const whenPath = [...path, 'when'];
  return (
    <>
      <PropertyPicker editing={editing} path={[...path, 'property']} />
      <ChoiceField
        editing={editing}
        path={whenPath}
        label={messages.kind}
        options={CONDITION_KINDS.map((k) => ({ label: messages.conditionKinds[k], value: k }))}
        value={kind ?? ''}
        onChange={(next) =>
          editing.edit(whenPath, { [next]: NEW_CONDITION[next as ConditionKind] })
        }
      />
      {kind && (
        <ConditionValue
          editing={editing}
          path={[...whenPath, kind]}
          kind={kind}
          options={property?.options ?? []}
        />
      )}
    </>
  );
}

function ConditionValue({
  editing,
  path,
  kind,
  options,
}: {
  editing: Editing;
  path: Path;
  kind: ConditionKind;
  options: readonly { value: string; label: string }[];
}) {
  const { messages } = editing;
  switch (kind) {
    case 'oneOf':
    case 'notOneOf':
      // An enumeration property offers its own options; a text property takes typed values.
      if (options.length > 0) {
        const id = fieldId(path);
        return (
          <MultiSelect
            name={id}
            testId={id}
            label={messages.values}
            options={options.map((o) => ({ label: o.label, value: o.value }))}
            value={asList(valueAt(editing.model, path)).map(String)}
            onChange={(values) => editing.edit(path, values.map(String))}
            {...problemProps(editing, path)}
          />
        );
      }
      return <TextField editing={editing} path={path} label={messages.values} list />;
    case 'keywords':
      return <TextField editing={editing} path={path} label={messages.values} list />;
    case 'equals':
      return <TextField editing={editing} path={path} label={messages.values} />;
    case 'range':
      return (
        <Flex direction="row" gap="sm">
          <NumberField editing={editing} path={[...path, 'min']} label={messages.rangeMin} />
          <NumberField editing={editing} path={[...path, 'max']} label={messages.rangeMax} />
        </Flex>
      );
    case 'known':
      return <SwitchField editing={editing} path={path} label={messages.known} keepFalse />;
    case 'withinDays':
    case 'olderThanDays':
      return <NumberField editing={editing} path={path} label={messages.days} />;
  }
}
