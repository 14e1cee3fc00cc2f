import { readFileSync } from 'node:fs';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import {
  runChangedSincePass,
  type ChangedSincePassOptions,
  type ChangedSinceSummary,
} from '../../src/recalculation/index.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import type { ChangedSinceWatermarks } from '../../src/store/changed-since-watermarks.ts';
import { modelFrom } from '../helpers/scoring-fixtures.ts';

export const MINUTE_MS = 60_000;
export const INTERVAL_MS = 15 * MINUTE_MS;
export const PORTAL_ID = 4242;

/**
 * An account's own model reading `hs_language`, a property the app's webhook subscriptions do
 * not cover (the shipped model does not read it): only the changed-since pass sees its changes.
 */
export const dutchSpeakersModel = modelFrom(`
version: 1
name: Dutch-speaking nurses
score: { min: -100, max: 100 }
tiers:
  - { name: hot, minScore: 50 }
  - { name: cold }
fit:
  groups:
    - id: language
      label: Language
      criteria:
        - id: speaks-dutch
          label: Speaks Dutch
          property: hs_language
          when: { oneOf: [nl] }
          points: 60
engagement: { touchpoints: [] }
`);

/** The property names the app's webhook subscriptions announce (app.json). */
export function subscribedProperties(): string[] {
  const manifest = readFileSync(new URL('../../app.json', import.meta.url), 'utf8');
  return [...manifest.matchAll(/"propertyName":\s*"([^"]+)"/g)].map((match) => match[1]!);
}

/**
 * The adapter, with each batch update landing `delayMs` after the scoring moment on the
 * sandbox's clock (HubSpot stamps `lastmodifieddate` when the write arrives, after the read).
 */
export function writesLandingAfter(
  port: HubSpotPort,
  account: SandboxAccount,
  delayMs: number,
): HubSpotPort {
  return {
    ...port,
    async updateContacts(updates) {
      account.advance(delayMs);
      return port.updateContacts(updates);
    },
  };
}

/** One pass at the sandbox's current time (the scoring clock is the sandbox's clock). */
export function passAt(
  account: SandboxAccount,
  port: HubSpotPort,
  watermarks: ChangedSinceWatermarks,
  more: Partial<ChangedSincePassOptions> = {},
): Promise<ChangedSinceSummary> {
  return runChangedSincePass({
    port,
    compiled: dutchSpeakersModel,
    portalId: PORTAL_ID,
    watermarks,
    clock: () => account.now(),
    firstLookBackMs: INTERVAL_MS,
    ...more,
  });
}
