import type { Client } from '@hubspot/api-client';
import type { HubSpotCall } from './hubspot-caller.ts';
import { HubSpotError } from './hubspot-error.ts';
import type { HubSpotLogger } from './retry.ts';
import {
  SCORE_PROPERTIES,
  SCORE_PROPERTY_GROUP,
  scorePropertyDefinitions,
  type ScorePropertyDefinition,
} from './score-properties.ts';

type TierOption = NonNullable<ScorePropertyDefinition['options']>[number];

const isConflict = (err: unknown) => err instanceof HubSpotError && err.category === 'conflict';

/** Create, or treat HubSpot's 409 as "already there". Returns whether it was created. */
async function createUnlessExists(
  call: HubSpotCall,
  action: string,
  create: () => Promise<unknown>,
) {
  try {
    await call(action, create);
    return true;
  } catch (err) {
    if (isConflict(err)) return false;
    throw err;
  }
}

/**
 * The tier options the property should have: the model's tiers in order, then any tier HubSpot
 * still knows that the model dropped, hidden. Dropping it would leave contacts that carry the
 * old value with a value the property no longer allows.
 */
export function wantedTierOptions(
  modelOptions: readonly TierOption[],
  existing: readonly { label: string; value: string; hidden?: boolean; displayOrder?: number }[],
): TierOption[] {
  const modelValues = new Set(modelOptions.map((option) => option.value));
  const retired = existing
    .filter((option) => !modelValues.has(option.value))
    .map((option, i) => ({
      label: option.label,
      value: option.value,
      displayOrder: modelOptions.length + i,
      hidden: true,
    }));
  return [...modelOptions, ...retired];
}

const sameOptions = (
  a: readonly TierOption[],
  b: readonly { label: string; value: string; hidden?: boolean; displayOrder?: number }[],
) =>
  a.length === b.length &&
  a.every(
    (option, i) =>
      option.value === b[i]!.value &&
      option.label === b[i]!.label &&
      option.hidden === Boolean(b[i]!.hidden) &&
      option.displayOrder === b[i]!.displayOrder,
  );

/**
 * Idempotent setup of the `recruitment_scoring` group and the output properties. Existing
 * properties are left alone, except the tier options, which must follow the model's tiers.
 */
export async function ensureScoreProperties(
  client: Client,
  call: HubSpotCall,
  tierNames: readonly string[],
  logger?: HubSpotLogger,
): Promise<void> {
  const { groupsApi, coreApi } = client.crm.properties;
  await createUnlessExists(call, 'create the score property group', () =>
    groupsApi.create('contacts', { ...SCORE_PROPERTY_GROUP }),
  );
  for (const definition of scorePropertyDefinitions(tierNames.map((name) => ({ name })))) {
    const created = await createUnlessExists(call, `create property ${definition.name}`, () =>
      coreApi.create('contacts', definition as Parameters<typeof coreApi.create>[1]),
    );
    if (created || definition.name !== SCORE_PROPERTIES.tier) continue;

    const existing = await call(`read property ${definition.name}`, () =>
      coreApi.getByName('contacts', definition.name),
    );
    const existingOptions = [...existing.options].sort(
      (a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0),
    );
    const wanted = wantedTierOptions(definition.options ?? [], existingOptions);
    if (sameOptions(wanted, existingOptions)) continue;
    logger?.warn('updating the recruitment tier options to the model', {
      from: existingOptions.map((option) => option.value),
      to: wanted.filter((option) => !option.hidden).map((option) => option.value),
    });
    await call(`update property ${definition.name}`, () =>
      coreApi.update('contacts', definition.name, { options: wanted }),
    );
  }
}
