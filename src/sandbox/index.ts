/**
 * The sandbox: a local stand-in of the HubSpot CRM API (contacts, search, properties,
 * associations v4), in memory, shaped like HubSpot's documented requests and answers.
 * HubSpot is unreachable from our machines; tests, demos and benchmarks talk to this.
 */
import type { AddressInfo } from 'node:net';
import { seedLatentCandidates } from './latent-candidates.ts';
import { SandboxAccount } from './sandbox-account.ts';
import { createSandboxApp, type SandboxRateLimit } from './sandbox-app.ts';

export { seedLatentCandidates } from './latent-candidates.ts';
export {
  ENGAGEMENT_TYPES,
  SandboxAccount,
  type InjectedFailure,
  type SandboxHistoryEntry,
  type SandboxPropertyGroup,
  type SandboxRequest,
} from './sandbox-account.ts';
export type { SandboxOption, SandboxProperty } from './contact-properties.ts';
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
    for (const properties of seedLatentCandidates(options.seed ?? 1, options.contacts, now)) {
      account.createContact(properties, {
        sourceType: 'IMPORT',
        at: Date.parse(properties.createdate!),
      });
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
