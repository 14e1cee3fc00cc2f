import { Button, Flex } from '@hubspot/ui-extensions';
import { isRecord, valueAt, type Path } from './model-draft.ts';
import { asList, fieldId, type Editing } from './editing.ts';
import { ChoiceField, NumberField } from './form-fields.tsx';

/** Decay of one touchpoint's points: none, a half-life, or steps (keep a share after days). */
export function DecayFields({ editing, path }: { editing: Editing; path: Path }) {
  const { messages } = editing;
  const decay = valueAt(editing.model, path);
  const kind = !isRecord(decay) ? 'none' : decay.steps !== undefined ? 'steps' : 'halfLife';
  const steps = asList(valueAt(editing.model, [...path, 'steps']));
  return (
    <Flex direction="column" gap="xs">
      <ChoiceField
        editing={editing}
        path={path}
        label={messages.decayKind}
        options={(['none', 'halfLife', 'steps'] as const).map((k) => ({
          label: messages.decayKinds[k],
          value: k,
        }))}
        value={kind}
        onChange={(next) =>
          editing.edit(
            path,
            next === 'none'
              ? undefined
              : next === 'halfLife'
                ? { halfLifeDays: 30 }
                : { steps: [{ afterDays: 30, keep: 0.5 }] },
          )
        }
      />
      {kind === 'halfLife' && (
        <NumberField
          editing={editing}
          path={[...path, 'halfLifeDays']}
          label={messages.halfLifeDays}
        />
      )}
      {kind === 'steps' &&
        steps.map((_, s) => (
          <Flex key={s} direction="row" gap="sm">
            <NumberField
              editing={editing}
              path={[...path, 'steps', s, 'afterDays']}
              label={messages.decayAfterDays}
            />
            <NumberField
              editing={editing}
              path={[...path, 'steps', s, 'keep']}
              label={messages.keepPercent}
              scale={100}
            />
          </Flex>
        ))}
      {kind === 'steps' && (
        <Button
          testId={`${fieldId(path)}-add-step`}
          size="sm"
          onClick={() => editing.edit([...path, 'steps', steps.length], { afterDays: 90, keep: 0 })}
        >
          {messages.addStep}
        </Button>
      )}
    </Flex>
  );
}
