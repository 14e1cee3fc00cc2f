import { readFileSync } from 'node:fs';
import { buildScoreResponse } from '../../src/card-api/build-score-response.ts';
import type { CardTimer } from '../../src/card-api/card-deadline.ts';
import type { CardApiDeps } from '../../src/card-api/card-handlers.ts';
import type { CardApiRequest } from '../../src/card-api/card-request.ts';
import { verifyCardSignature } from '../../src/card-api/card-signature.ts';
import type { ScoreResponse } from '../../src/card-api/score-response.ts';
import type {
  ContactPropertyInfo,
  ContactSearch,
  ContactSearchPage,
  ContactUpdate,
  HubSpotContact,
  HubSpotPort,
  HubSpotUser,
  PropertyHistoryEntry,
} from '../../src/hubspot/hubspot-port.ts';
import { parseModel } from '../../src/model/index.ts';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import { compileModel, DAY_MS, scoreContact } from '../../src/scoring/index.ts';

/** Friday 20 November 2026, noon UTC: every test's clock. */
export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
export const daysAgo = (days: number) => new Date(NOW - days * DAY_MS).toISOString();

const MODEL_PATH = new URL('./card-test-model.yaml', import.meta.url);
export const compiled = compileModel(
  parseModel(readFileSync(MODEL_PATH, 'utf8'), 'card-test-model'),
);

export const CLIENT_SECRET = 'card-test-secret-6f1d2c';
export const PUBLIC_BASE_URL = 'https://recruitment-scoring.example.com';
export const PORTAL_ID = '48807704';
export const CONTACT_ID = '51';

type Properties = Record<string, string | null>;

/**
 * A Java developer in Utrecht with 5 years of experience who downloaded the salary guide 30
 * days ago, opened three emails 30 days ago and booked a meeting five days ago. In the card
 * test model: fit 25 (location capped at 25) + 15, engagement 12.5 + 1.5 + 20: score 74, hot.
 */
export function aCandidate(overrides: Properties = {}): Properties {
  return {
    country: 'Nederland',
    city: 'Utrecht',
    jobtitle: 'Senior Java developer',
    years_of_experience: '5',
    recent_conversion_event_name: 'Salary guide 2026',
    recent_conversion_date: daysAgo(30),
    hs_email_open: '3',
    hs_email_last_open_date: daysAgo(30),
    engagements_last_meeting_booked: daysAgo(5),
    hs_analytics_last_timestamp: daysAgo(5),
    ...overrides,
  };
}

/** The card's answer for a contact, made by the real backend code at the fixed clock. */
export function aScoreResponse(
  properties: Properties,
  options: { history?: PropertyHistoryEntry[]; contactId?: string } = {},
): ScoreResponse {
  return buildScoreResponse({
    compiled,
    contactId: options.contactId ?? CONTACT_ID,
    portalId: PORTAL_ID,
    properties,
    score: scoreContact(compiled, properties, NOW),
    history: options.history ?? [],
    now: NOW,
  });
}

/** One HubSpot account in memory: contacts, score history, and every call made to it. */
export class FakeHubSpot implements HubSpotPort {
  readonly contacts = new Map<string, Properties>();
  readonly history = new Map<string, PropertyHistoryEntry[]>();
  readonly reads: { ids: string[]; properties: string[] }[] = [];
  readonly updates: ContactUpdate[][] = [];
  failWith: Error | undefined;
  /** Calls that never answer, as a hung HubSpot request would (until the adapter gives up). */
  readonly hanging = new Set<'read' | 'update' | 'history'>();
  historyFailsWith: Error | undefined;

  withContact(id: string, properties: Properties, history: PropertyHistoryEntry[] = []): this {
    this.contacts.set(id, { ...properties });
    this.history.set(id, history);
    return this;
  }

  async readContacts(ids: readonly string[], properties: readonly string[]) {
    if (this.failWith) throw this.failWith;
    this.reads.push({ ids: [...ids], properties: [...properties] });
    if (this.hanging.has('read')) return never<HubSpotContact[]>();
    const found: HubSpotContact[] = [];
    for (const id of ids) {
      const contact = this.contacts.get(id);
      if (!contact) continue;
      // HubSpot answers every property asked for, null when it has no value.
      found.push({
        id,
        properties: Object.fromEntries(properties.map((p) => [p, contact[p] ?? null])),
      });
    }
    return found;
  }

  async updateContacts(updates: readonly ContactUpdate[]) {
    this.updates.push(updates.map((u) => ({ id: u.id, properties: { ...u.properties } })));
    if (this.hanging.has('update')) return never<void>();
    for (const u of updates) Object.assign(this.contacts.get(u.id)!, u.properties);
  }

  async propertyHistory(contactId: string, _property: string) {
    if (this.hanging.has('history')) return never<PropertyHistoryEntry[]>();
    if (this.historyFailsWith) throw this.historyFailsWith;
    return this.history.get(contactId) ?? [];
  }

  async searchContacts(_search: ContactSearch): Promise<ContactSearchPage> {
    throw new Error('the card API does not search');
  }

  async contactsOfEngagements(): Promise<Map<string, string[]>> {
    throw new Error('the card API does not read engagements');
  }

  async ensureScoreProperties() {
    throw new Error('the card API does not create properties');
  }

  async listContactProperties(): Promise<ContactPropertyInfo[]> {
    throw new Error('the card API does not list properties');
  }

  async findUser(): Promise<HubSpotUser | undefined> {
    throw new Error('the card API does not look up users');
  }
}

const never = <T>() => new Promise<T>(() => {});

/** The card deadline's timer, fired by the test: deadlines without waiting real seconds. */
export class ManualTimer implements CardTimer {
  readonly started: number[] = [];
  private readonly pending = new Set<() => void>();
  cancelled = 0;

  start(ms: number, fire: () => void) {
    this.started.push(ms);
    this.pending.add(fire);
    return () => {
      if (this.pending.delete(fire)) this.cancelled++;
    };
  }

  /** Fires every running deadline, once the request is waiting on HubSpot. */
  async expire(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    for (const fire of [...this.pending]) {
      this.pending.delete(fire);
      fire();
    }
  }
}

/** A request as HubSpot's `hubspot.fetch` proxy sends it: query added, v3-signed. */
export function signedRequest(options: {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: string;
  body?: string;
  signedAt?: number;
  secret?: string;
}): CardApiRequest {
  const url = `${options.path}?${options.query ?? `appId=16111050&portalId=${PORTAL_ID}&userId=76023669`}`;
  const rawBody = Buffer.from(options.body ?? '', 'utf8');
  const signature = signRequestV3({
    clientSecret: options.secret ?? CLIENT_SECRET,
    method: options.method,
    uri: PUBLIC_BASE_URL + url,
    rawBody,
    nowMs: options.signedAt ?? NOW,
  });
  const headers = Object.fromEntries(
    Object.entries(signature).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return { method: options.method, url, headers, rawBody };
}

export interface LoggedLine {
  level: 'warn' | 'error';
  message: string;
  details?: Record<string, unknown>;
}

export function cardDeps(
  portals: Record<string, HubSpotPort>,
  log: LoggedLine[] = [],
  overrides: Partial<CardApiDeps> = {},
): CardApiDeps {
  return {
    ...overrides,
    compiled,
    verifySignature: verifyCardSignature({
      clientSecret: CLIENT_SECRET,
      publicBaseUrl: PUBLIC_BASE_URL,
      now: () => NOW,
    }),
    hubspotForPortal: overrides.hubspotForPortal ?? ((portalId) => portals[portalId]),
    now: () => NOW,
    logger: {
      warn: (message, details) => log.push({ level: 'warn', message, details }),
      error: (message, details) => log.push({ level: 'error', message, details }),
    },
  };
}
