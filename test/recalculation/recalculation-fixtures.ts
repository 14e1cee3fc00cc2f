import {
  createHubSpotAdapter,
  createHubSpotClient,
  type AdapterClock,
  type HubSpotAdapterOptions,
  type HubSpotPort,
} from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox, type SandboxAccount } from '../../src/sandbox/index.ts';
import type { SandboxRateLimit } from '../../src/sandbox/index.ts';
import { DAY_MS } from '../../src/scoring/index.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';

export { defaultModel, NOW };

export const TOKEN = 'pat-eu1-11111111-2222-3333-4444-555555555555';
const HOUR_MS = 3_600_000;

/** No budget worth the name: for tests about correctness, not pacing. */
export const UNLIMITED = { requests: 1_000_000, perMilliseconds: 1_000 };

/** The adapter's retries never really wait in tests. */
export function instantClock(): AdapterClock {
  let now = NOW;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

export interface RecalculationSandbox {
  sandbox: Sandbox;
  account: SandboxAccount;
  port: HubSpotPort;
  close(): Promise<void>;
}

/** The HubSpot stand-in over real HTTP, with the output properties in place. */
export async function startRecalculationSandbox(
  options: {
    rateLimit?: SandboxRateLimit | false;
    adapter?: Partial<Omit<HubSpotAdapterOptions, 'client'>>;
  } = {},
): Promise<RecalculationSandbox> {
  const sandbox = await startSandbox({
    port: 0,
    now: NOW,
    rateLimit: options.rateLimit ?? false,
    accessToken: TOKEN,
  });
  const port = createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: TOKEN, basePath: sandbox.baseUrl }),
    rateBudget: UNLIMITED,
    searchRateBudget: UNLIMITED,
    clock: instantClock(),
    random: () => 0.5,
    ...options.adapter,
  });
  await port.ensureScoreProperties(defaultModel.tierNames);
  sandbox.account.reset();
  return { sandbox, account: sandbox.account, port, close: () => sandbox.close() };
}

const HELD_TIERS = ['hot', 'warm', 'cold', 'cold'];

/**
 * Latent candidates that were scored before and whose review time has passed: `count` of
 * them, over `reviewTimes` distinct review times (hours before NOW), so many share one.
 */
export function seedDueContacts(
  account: SandboxAccount,
  count: number,
  options: { reviewTimes?: number } = {},
): string[] {
  const reviewTimes = options.reviewTimes ?? 40;
  return Array.from({ length: count }, (_, i) =>
    account.createContact({
      jobtitle: i % 3 === 0 ? 'Accountant' : 'Java Developer',
      country: 'Netherlands',
      city: 'Utrecht',
      num_conversion_events: String(1 + (i % 3)),
      recent_conversion_date: new Date(NOW - (1 + (i % 30)) * DAY_MS).toISOString(),
      recruitment_tier: HELD_TIERS[i % HELD_TIERS.length]!,
      recruitment_next_review_at: new Date(NOW - (i % reviewTimes) * HOUR_MS).toISOString(),
    }),
  );
}

/** Contacts not due: reviewed in the future, or never (no decay ahead). */
export function seedNotDueContacts(account: SandboxAccount, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    account.createContact({
      jobtitle: 'Java Developer',
      country: 'Netherlands',
      ...(i % 2 === 0
        ? { recruitment_next_review_at: new Date(NOW + (1 + i) * HOUR_MS).toISOString() }
        : {}),
    }),
  );
}

interface BatchBody {
  inputs: { id: string }[];
}

function idsSent(account: SandboxAccount, pathEnd: string): string[] {
  return account.requests
    .filter((r) => r.path.endsWith(pathEnd) && r.status < 300)
    .flatMap((r) => (r.body as BatchBody).inputs.map((input) => input.id));
}

/** Every contact id in a successful batch update, once per time it was written. */
export const writtenIds = (account: SandboxAccount) => idsSent(account, '/batch/update');
export const readIds = (account: SandboxAccount) => idsSent(account, '/batch/read');

export function requestsTo(account: SandboxAccount, pathEnd: string) {
  return account.requests.filter((r) => r.path.endsWith(pathEnd));
}

/** How many times each value occurs. */
export function occurrences(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
