import { Button, Flex, Heading } from '@hubspot/ui-extensions';
import { valueAt } from './model-draft.ts';
import { asList, fieldId, type Editing } from './editing.ts';
import { NumberField, TextField } from './form-fields.tsx';

/** Tiers, highest first; the last one has no lowest score and catches the rest. */
export function TiersEditor({ editing }: { editing: Editing }) {
  const { messages } = editing;
  const tiers = asList(valueAt(editing.model, ['tiers']));
  return (
    <Flex direction="column" gap="sm">
      <Heading>{messages.tiersTitle}</Heading>
      {tiers.map((_, t) => {
        const path = ['tiers', t];
        return (
          <Flex key={t} direction="row" gap="sm" align="end">
            <TextField editing={editing} path={[...path, 'name']} label={messages.tierName} />
            <TextField editing={editing} path={[...path, 'label']} label={messages.tierLabel} />
            <NumberField
              editing={editing}
              path={[...path, 'minScore']}
              label={messages.tierMinimum}
            />
            <Button
              testId={`${fieldId(path)}-remove`}
              size="sm"
              onClick={() => editing.edit(path, undefined)}
            >
              {messages.removeItem}
            </Button>
          </Flex>
        );
      })}
      <Button
        testId="field-tiers-add"
        size="sm"
        // A new tier goes above the lowest, which must stay last (it has no minimum).
        onClick={() => {
          const next = [...tiers];
          next.splice(Math.max(tiers.length - 1, 0), 0, {
            name: `tier_${tiers.length + 1}`,
            minScore: 0,
          });
          editing.edit(['tiers'], next);
        }}
      >
        {messages.addTier}
      </Button>
    </Flex>
  );
}
