/**
 * The sandbox: a local stand-in of the HubSpot CRM API, in memory, shaped like HubSpot's
 * documented requests and answers. HubSpot is unreachable from our machines; tests, demos and
 * benchmarks talk to this. It serves only the date-based APIs (HUBSPOT_API_VERSION, 2026-03):
 * contacts (batch read/update, search, one contact with property history), properties and
 * groups, the associations batch read, and one user of the account (Settings API users:
 * user 1 a super admin, user 2 not); a numbered path (`/crm/v3/...`) gets a loud 404.
 * Answers carry `X-HubSpot-RateLimit-Max`, `-Remaining` and `-Interval-Milliseconds` (not on
 * search, as at HubSpot); over the limit, a 429 with HubSpot's body and `policyName`.
 *
 * Fault injection, on `sandbox.account` (each rule lasts `times` matching requests;
 * `Infinity` for good; `account.clearFaults()` drops them all):
 * - `hang({ method?, path, times })`: matching requests never answer, until the client
 *   aborts (its deadline) or the sandbox closes; `close()` does not wait for them. `path` is an
 *   exact path (`/crm/objects/2026-03/contacts/batch/read`) or a RegExp.
 * - `fail({ method?, path?, status, times, retryAfterSeconds?, body? })`: matching requests
 *   get that status: a 429 with `Retry-After` (1 s unless given) and a policyName body, a 5xx
 *   with HubSpot's error body, or `body`.
 * - `partialBatchRead({ ids, times, category?, message? })`: contact batch reads naming any of
 *   the ids answer 207 with the other contacts and an error (VALIDATION_ERROR by default)
 *   whose `context.ids` names the failed ones.
 * - `failNext(status, count, body?, headers?)` / `account.failures`: the next requests,
 *   whatever they are, get that answer.
 * `account.requests` logs every request with its status; one that got no answer (hung) has
 * status 0, so tests can count calls against the least possible.
 */
import type { AddressInfo } from 'node:net';
import { seedActivityHistory } from './activity-history.ts';
import { seedLatentCandidates } from './latent-candidates.ts';
import { SandboxAccount } from './sandbox-account.ts';
import { createSandboxApp, type SandboxRateLimit } from './sandbox-app.ts';

export { seedLatentCandidates } from './latent-candidates.ts';
export { SANDBOX_RECRUITER_ID, SANDBOX_SUPER_ADMIN_ID, type SandboxUser } from './account-users.ts';
export {
  ENGAGEMENT_TYPES,
  SandboxAccount,
  type InjectedFailure,
  type SandboxHistoryEntry,
  type SandboxPropertyGroup,
  type SandboxRequest,
} from './sandbox-account.ts';
export type { SandboxOption, SandboxProperty } from './contact-properties.ts';
export type { FailRule, HangRule, PartialBatchReadRule, RequestMatch } from './sandbox-faults.ts';
export { createSandboxApp, type SandboxAppOptions, type SandboxRateLimit } from './sandbox-app.ts';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** HubSpot's marketplace-app budget by default, 110 requests a rolling 10 s; `false` turns it off. */
  rateLimit?: SandboxRateLimit | false;
  /** With `contacts`, seeds that many latent candidates from this seed (default 1). */
  seed?: number;
  contacts?: number;
  /** Fixes the account's clock (history timestamps, createdate); move it with `account.advance`. */
  now?: number;
  /** Accept only this bearer token (default: any). */
  accessToken?: string;
  /** Associations a page per engagement (HubSpot: 500). */
  associationPageSize?: number;
}

export interface Sandbox {
  baseUrl: string;
  account: SandboxAccount;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_RATE_LIMIT: SandboxRateLimit = {
  requests: 110,
  perMilliseconds: 10_000,
};

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const account = new SandboxAccount({ now: options.now });
  if (options.contacts) {
    const now = options.now ?? Date.now();
    const seed = options.seed ?? 1;
    for (const properties of seedLatentCandidates(seed, options.contacts, now)) {
      // Conversions and visited pages are recorded at their own times, as HubSpot keeps them.
      const { recent_conversion_event_name: _replayed, ...atCreation } = properties;
      const id = account.createContact(atCreation, {
        sourceType: 'IMPORT',
        at: Date.parse(properties.createdate!),
      });
      seedActivityHistory(account, id, properties, seed);
    }
  }
  const app = createSandboxApp(account, {
    rateLimit: options.rateLimit === undefined ? DEFAULT_SANDBOX_RATE_LIMIT : options.rateLimit,
    accessToken: options.accessToken,
    associationPageSize: options.associationPageSize ?? 500,
  });
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, '127.0.0.1', (err?: Error) =>
      err ? reject(err) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    account,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
