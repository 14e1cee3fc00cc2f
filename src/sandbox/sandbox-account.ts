import { defaultSandboxUsers, type SandboxUser } from './account-users.ts';
import {
  DEFAULT_PROPERTY_GROUPS,
  defaultContactProperties,
  type SandboxProperty,
} from './contact-properties.ts';
import {
  FaultRules,
  type FailRule,
  type HangRule,
  type PartialBatchReadRule,
  type SandboxFaults,
} from './sandbox-faults.ts';

/** One entry of a property's history, as HubSpot's `propertiesWithHistory` lists it. */
export interface SandboxHistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
  sourceId?: string;
}

export interface SandboxRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  /** 0 when no answer was sent: a hung request the client aborted, or the sandbox closed. */
  status: number;
  /** When it arrived (epoch ms): rate-limit checks count requests per window. */
  arrivedAt: number;
}

export interface SandboxPropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

export interface InjectedFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Engagement object types HubSpot associates with contacts (plural names). */
export const ENGAGEMENT_TYPES = ['calls', 'emails', 'meetings', 'notes', 'tasks', 'communications'];

/**
 * The in-memory state of one HubSpot account. Tests reach in here directly to arrange data
 * (`createContact`, `setProperty`, `associate`) and to assert on the exact requests made.
 */
export class SandboxAccount {
  /** id → properties; every value a string, as HubSpot stores it. */
  readonly contacts = new Map<string, Record<string, string>>();
  readonly propertyDefinitions = new Map<string, SandboxProperty>();
  readonly propertyGroups = new Map<string, SandboxPropertyGroup>();
  /** id → user (the users API): 1 a super admin, 2 a recruiter without admin rights. */
  readonly users = new Map<string, SandboxUser>(defaultSandboxUsers().map((u) => [u.id, u]));
  /** objectType (plural, e.g. `meetings`) → engagement id → contact ids. */
  readonly associations = new Map<string, Map<string, Set<string>>>();
  /** Every request that reached the sandbox, in order, with the status it got. */
  readonly requests: SandboxRequest[] = [];
  /** Injected answers for the next requests, whatever they are (see `failNext`). */
  readonly failures: InjectedFailure[] = [];
  /** Rules of `hang` and `fail`, applied by the sandbox app (src/sandbox/sandbox-faults.ts). */
  readonly faults: SandboxFaults = { hangs: new FaultRules(), fails: new FaultRules() };
  private readonly partialReads = new FaultRules<PartialBatchReadRule>();
  private readonly history = new Map<string, Map<string, SandboxHistoryEntry[]>>();
  private nextId = 1001;
  private manualNow: number | undefined;

  constructor(options: { now?: number | undefined } = {}) {
    this.manualNow = options.now;
    const createdAt = new Date(this.now()).toISOString();
    for (const property of defaultContactProperties(createdAt)) {
      this.propertyDefinitions.set(property.name, property);
    }
    for (const [i, name] of DEFAULT_PROPERTY_GROUPS.entries()) {
      this.propertyGroups.set(name, { name, label: name, displayOrder: i, archived: false });
    }
    for (const type of ENGAGEMENT_TYPES) this.associations.set(type, new Map());
  }

  /** The account's clock: fixed (and moved by `advance`) when the sandbox was given `now`. */
  now(): number {
    return this.manualNow ?? Date.now();
  }

  setNow(ms: number): void {
    this.manualNow = ms;
  }

  advance(ms: number): void {
    this.manualNow = this.now() + ms;
  }

  /** The next `count` requests (after authentication) get this status instead of an answer. */
  failNext(status: number, count = 1, body?: unknown, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, body, headers });
  }

  /**
   * Matching requests never get an answer: the client's deadline must end them. Closing the
   * sandbox ends them too. Logged in `requests` with status 0.
   */
  hang(rule: HangRule): void {
    this.faults.hangs.add(rule);
  }

  /** Matching requests get this status: a 429 with `Retry-After` and policyName, a 5xx body. */
  fail(rule: FailRule): void {
    this.faults.fails.add(rule);
  }

  /**
   * Batch reads that name any of these ids answer 207: the other contacts, and an error
   * (VALIDATION_ERROR by default) naming the failed ids in `context.ids`.
   */
  partialBatchRead(rule: PartialBatchReadRule): void {
    this.partialReads.add({ ...rule, ids: [...rule.ids] });
  }

  /** For the batch read route: the ids of this read that fail now, using up one time. */
  takePartialBatchRead(
    ids: readonly string[],
  ): { ids: string[]; category: string; message: string } | undefined {
    const rule = this.partialReads.take((r) => r.ids.some((id) => ids.includes(id)));
    if (!rule) return undefined;
    return {
      ids: ids.filter((id) => rule.ids.includes(id)),
      category: rule.category ?? 'VALIDATION_ERROR',
      message: rule.message ?? 'Some CONTACT objects could not be read. Try again.',
    };
  }

  /** Drops every injected fault: `failNext` answers, hangs, failures and partial reads. */
  clearFaults(): void {
    this.failures.length = 0;
    this.faults.hangs.clear();
    this.faults.fails.clear();
    this.partialReads.clear();
  }

  /** Clears the request log (contacts and properties stay). */
  reset(): void {
    this.requests.length = 0;
  }

  createContact(
    properties: Record<string, string> = {},
    options: { sourceType?: string; at?: number } = {},
  ): string {
    const id = String(this.nextId++);
    const at = options.at ?? this.now();
    const createdate = new Date(at).toISOString();
    this.contacts.set(id, {});
    this.history.set(id, new Map());
    const sourceType = options.sourceType ?? 'CRM_UI';
    this.record(id, 'hs_object_id', id, at, sourceType);
    this.record(id, 'createdate', properties.createdate ?? createdate, at, sourceType);
    for (const [name, value] of Object.entries(properties)) {
      if (name !== 'createdate') this.record(id, name, value, at, sourceType);
    }
    this.record(id, 'lastmodifieddate', createdate, at, sourceType);
    return id;
  }

  /** Sets one value, recording history like HubSpot; a write of the same value changes nothing. */
  setProperty(
    id: string,
    name: string,
    value: string,
    options: { sourceType?: string; sourceId?: string; at?: number } = {},
  ): void {
    if (!this.contacts.has(id)) throw new RangeError(`no contact ${id} in the sandbox`);
    const at = options.at ?? this.now();
    if (this.record(id, name, value, at, options.sourceType ?? 'CRM_UI', options.sourceId)) {
      this.record(id, 'lastmodifieddate', new Date(at).toISOString(), at, 'CALCULATED');
    }
  }

  deleteContact(id: string): boolean {
    this.history.delete(id);
    for (const byEngagement of this.associations.values()) {
      for (const contactIds of byEngagement.values()) contactIds.delete(id);
    }
    return this.contacts.delete(id);
  }

  associate(objectType: string, objectId: string, contactId: string): void {
    let byEngagement = this.associations.get(objectType);
    if (!byEngagement) {
      byEngagement = new Map();
      this.associations.set(objectType, byEngagement);
    }
    const contactIds = byEngagement.get(objectId) ?? new Set<string>();
    contactIds.add(contactId);
    byEngagement.set(objectId, contactIds);
  }

  /**
   * Past values of a property, oldest first, each at its own time (a candidate's earlier
   * downloads or visited pages), as HubSpot would have recorded them; the last becomes the
   * current value. For seeding: it does not touch `lastmodifieddate`.
   */
  recordPast(
    id: string,
    name: string,
    entries: readonly { value: string; at: number }[],
    sourceType = 'ANALYTICS',
  ): void {
    if (!this.contacts.has(id)) throw new RangeError(`no contact ${id} in the sandbox`);
    for (const entry of [...entries].sort((a, b) => a.at - b.at)) {
      this.record(id, name, entry.value, entry.at, sourceType);
    }
  }

  /** A property's history, newest first (HubSpot's order). */
  historyOf(id: string, name: string): SandboxHistoryEntry[] {
    return [...(this.history.get(id)?.get(name) ?? [])].reverse();
  }

  private record(
    id: string,
    name: string,
    value: string,
    at: number,
    sourceType: string,
    sourceId?: string,
  ): boolean {
    const properties = this.contacts.get(id)!;
    if (properties[name] === value) return false;
    properties[name] = value;
    const entries = this.history.get(id)!.get(name) ?? [];
    entries.push({
      value,
      timestamp: new Date(at).toISOString(),
      sourceType,
      ...(sourceId === undefined ? {} : { sourceId }),
    });
    this.history.get(id)!.set(name, entries);
    return true;
  }
}
