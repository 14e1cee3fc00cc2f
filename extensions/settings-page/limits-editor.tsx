import { Button, Flex, Heading } from '@hubspot/ui-extensions';
import { CHANNELS } from '../../src/model/model-schema.ts';
import { valueAt } from './model-draft.ts';
import { asList, fieldId, type Editing } from './editing.ts';
import { NumberField } from './form-fields.tsx';

/** Channel caps (most points per channel) and the inactivity decay over all engagement. */
export function LimitsEditor({ editing }: { editing: Editing }) {
  const { messages } = editing;
  const inactivity = ['engagement', 'inactivity'];
  const steps = asList(valueAt(editing.model, [...inactivity, 'steps']));
  return (
    <Flex direction="column" gap="sm">
      <Heading>{messages.channelCapsTitle}</Heading>
      <Flex direction="row" gap="sm" wrap="wrap">
        {CHANNELS.map((channel) => (
          <NumberField
            key={channel}
            editing={editing}
            path={['engagement', 'channels', channel, 'max']}
            label={`${messages.channels[channel]}: ${messages.cap}`}
          />
        ))}
      </Flex>
      <Heading>{messages.decayTitle}</Heading>
      {steps.map((_, s) => {
        const path = [...inactivity, 'steps', s];
        return (
          <Flex key={s} direction="row" gap="sm" align="end">
            <NumberField
              editing={editing}
              path={[...path, 'afterDays']}
              label={messages.decayAfterDays}
            />
            <NumberField
              editing={editing}
              path={[...path, 'reduceBy']}
              label={messages.decayPercent}
              scale={100}
            />
            <Button
              testId={`${fieldId(path)}-remove`}
              size="sm"
              // The last step removed leaves no inactivity decay at all (steps may not be empty).
              onClick={() => editing.edit(steps.length === 1 ? inactivity : path, undefined)}
            >
              {messages.removeItem}
            </Button>
          </Flex>
        );
      })}
      <Button
        testId={`${fieldId(inactivity)}-add-step`}
        size="sm"
        onClick={() =>
          editing.edit([...inactivity, 'steps', steps.length], {
            afterDays: 90 * (steps.length + 1),
            reduceBy: 0.5,
          })
        }
      >
        {messages.addStep}
      </Button>
    </Flex>
  );
}
