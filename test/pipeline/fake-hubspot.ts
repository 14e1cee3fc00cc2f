import type { ContactUpdate, HubSpotContact, HubSpotPort } from '../../src/hubspot/hubspot-port.ts';

export type FakeCall =
  | { kind: 'read'; ids: string[]; properties: string[]; withHistory: string[] }
  | { kind: 'update'; updates: ContactUpdate[] }
  | { kind: 'associations'; objectType: string; ids: string[] }
  | { kind: 'ensure'; tierNames: string[] };

/** An error shaped like the adapter's HubSpotError, for failure paths. */
export class FakeHubSpotError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    readonly retryAfterMs?: number,
  ) {
    super(`HubSpot answered ${status}`);
  }
}

/**
 * A HubSpot account in memory that records every call, for pipeline tests that assert the
 * exact reads and writes. `failNext` makes the next calls throw (429s, 5xx, refused batches).
 */
export function fakeHubSpot(seed: Record<string, Record<string, string | null>> = {}) {
  const contacts = new Map(Object.entries(seed).map(([id, p]) => [id, { ...p }]));
  const engagementContacts = new Map<string, string[]>();
  const calls: FakeCall[] = [];
  const failures: (Error | ((call: FakeCall) => Error | undefined))[] = [];

  const rules: ((call: FakeCall) => Error | undefined)[] = [];

  const maybeFail = (call: FakeCall) => {
    calls.push(call);
    for (const rule of rules) {
      const error = rule(call);
      if (error) throw error;
    }
    const next = failures.shift();
    if (next === undefined) return;
    const error = typeof next === 'function' ? next(call) : next;
    if (error) throw error;
  };

  const port: HubSpotPort = {
    async readContacts(ids, properties, options) {
      // Recorded so tests see which history a read asks for; the fake holds no history itself.
      const withHistory = [...(options?.withHistory ?? [])];
      maybeFail({ kind: 'read', ids: [...ids], properties: [...properties], withHistory });
      return ids.flatMap((id): HubSpotContact[] => {
        const stored = contacts.get(id);
        if (!stored) return [];
        return [
          {
            id,
            properties: Object.fromEntries(properties.map((p) => [p, stored[p] ?? null])),
          },
        ];
      });
    },
    async updateContacts(updates) {
      maybeFail({ kind: 'update', updates: updates.map((u) => ({ ...u })) });
      for (const { id, properties } of updates) {
        const stored = contacts.get(id);
        if (stored) Object.assign(stored, properties);
      }
    },
    async searchContacts() {
      throw new Error('search is not used by the webhook pipeline');
    },
    async contactsOfEngagements(objectType, objectIds) {
      maybeFail({ kind: 'associations', objectType, ids: [...objectIds] });
      return new Map(
        objectIds.map((id) => [id, engagementContacts.get(`${objectType}:${id}`) ?? []]),
      );
    },
    async propertyHistory() {
      return [];
    },
    async ensureScoreProperties(tierNames) {
      maybeFail({ kind: 'ensure', tierNames: [...tierNames] });
    },
    async listContactProperties() {
      throw new Error('the webhook pipeline does not list properties');
    },
    async findUser() {
      throw new Error('the webhook pipeline does not look up users');
    },
  };

  return {
    port,
    contacts,
    calls,
    callsOf<K extends FakeCall['kind']>(kind: K) {
      return calls.filter((c): c is Extract<FakeCall, { kind: K }> => c.kind === kind);
    },
    associate(objectType: string, objectId: string, contactId: string) {
      const key = `${objectType}:${objectId}`;
      engagementContacts.set(key, [...(engagementContacts.get(key) ?? []), contactId]);
    },
    /** Fails every call the rule returns an error for, from now on. */
    failWhen(rule: (call: FakeCall) => Error | undefined) {
      rules.push(rule);
    },
    failNext(...errors: (Error | ((call: FakeCall) => Error | undefined))[]) {
      failures.push(...errors);
    },
  };
}

export type FakeHubSpot = ReturnType<typeof fakeHubSpot>;
