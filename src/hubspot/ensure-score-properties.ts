import type { HubSpotAnswer, HubSpotCall } from './hubspot-caller.ts';
import type { HubSpotClient } from './hubspot-client.ts';
import { HubSpotError } from './hubspot-error.ts';
import { HUBSPOT_PATHS } from './hubspot-paths.ts';
import type { components } from './openapi/properties-2026-03.ts';
import type { HubSpotLogger } from './retry.ts';
import {
  SCORE_PROPERTY_GROUP,
  scorePropertyDefinitions,
  type ProfileOption,
  type ScorePropertyDefinition,
} from './score-properties.ts';

/** An option of an enumeration output: a tier of `recruitment_tier`, a profile of `recruitment_profile`. */
type TierOption = NonNullable<ScorePropertyDefinition['options']>[number];

const isConflict = (err: unknown) => err instanceof HubSpotError && err.category === 'conflict';

/** Create, or treat HubSpot's 409 as "already there". Returns whether it was created. */
async function createUnlessExists(
  call: HubSpotCall,
  action: string,
  create: () => Promise<HubSpotAnswer<unknown>>,
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
 * properties are left alone, except the options of the enumerations, which must follow the
 * model: its tiers, and its fit profiles. `recruitment_profile` exists only for a model with
 * profiles (with none it is not created, and one created earlier is left as it is).
 *
 * It starts with one read of the account's contact properties (HubSpot answers them all):
 * where everything is in place, as after the first time, that read is the only request. Every
 * function instance and server asks this once per account and model version, so the usual
 * case must be cheap. Only what is missing is created (a 409 still means "there": a property
 * archived in HubSpot is not in the list but cannot be created again), and only options that
 * differ from the model are written.
 */
export async function ensureScoreProperties(
  client: HubSpotClient,
  call: HubSpotCall,
  tierNames: readonly string[],
  logger?: HubSpotLogger,
  profiles?: readonly ProfileOption[],
): Promise<void> {
  const { properties } = client;
  const contacts = { path: { objectType: 'contacts' } };
  const definitions = scorePropertyDefinitions(
    tierNames.map((name) => ({ name })),
    profiles?.map((profile) => ({ id: profile.id, label: profile.label })),
  );
  const listed = await call('list contact properties', () =>
    properties.GET(HUBSPOT_PATHS.properties, { params: contacts }),
  );
  const existing = new Map(listed.results.map((property) => [property.name, property]));
  const missing = definitions.filter((definition) => !existing.has(definition.name));
  if (missing.length > 0) {
    await createUnlessExists(call, 'create the score property group', () =>
      properties.POST(HUBSPOT_PATHS.propertyGroups, {
        params: contacts,
        body: { ...SCORE_PROPERTY_GROUP },
      }),
    );
  }
  for (const definition of definitions) {
    let options = existing.get(definition.name)?.options;
    if (options === undefined) {
      const created = await createUnlessExists(call, `create property ${definition.name}`, () =>
        properties.POST(HUBSPOT_PATHS.properties, {
          params: contacts,
          body: definition as components['schemas']['PropertyCreate'],
        }),
      );
      if (created || definition.options === undefined) continue;
      // There after all (archived, or made meanwhile): its options as HubSpot has them.
      options = (
        await call(`read property ${definition.name}`, () =>
          properties.GET(HUBSPOT_PATHS.property, { params: named(definition.name) }),
        )
      ).options;
    }
    if (definition.options === undefined) continue;
    const existingOptions = [...options].sort(
      (a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0),
    );
    const wanted = wantedTierOptions(definition.options, existingOptions);
    if (sameOptions(wanted, existingOptions)) continue;
    logger?.warn(`updating the options of ${definition.name} to the model`, {
      from: existingOptions.map((option) => option.value),
      to: wanted.filter((option) => !option.hidden).map((option) => option.value),
    });
    await call(`update property ${definition.name}`, () =>
      properties.PATCH(HUBSPOT_PATHS.property, {
        params: named(definition.name),
        body: { options: wanted },
      }),
    );
  }
}

const named = (propertyName: string) => ({ path: { objectType: 'contacts', propertyName } });
