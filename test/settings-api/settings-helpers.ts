import { readFileSync } from 'node:fs';
import { verifyCardSignature } from '../../src/card-api/card-signature.ts';
import type { HubSpotPort, HubSpotUser } from '../../src/hubspot/hubspot-port.ts';
import type { AccountJobs, JobInfo } from '../../src/jobs/index.ts';
import type { HandlerRequest } from '../../src/server/http-types.ts';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import { handleSettingsRequest } from '../../src/settings-api/settings-api.ts';
import {
  createPublishPermission,
  type SettingsApiDeps,
  type SettingsPublishers,
} from '../../src/settings-api/index.ts';
import { createAccountModels } from '../../src/store/account-models.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { createSettingsAudit } from '../../src/store/settings-audit.ts';

export const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);
/** The general template, as an admin's draft. */
export const GENERAL = readFileSync(
  new URL('../../models/templates/general.yaml', import.meta.url),
  'utf8',
);
/** A second account, to show each keeps to itself. */
export const OTHER_PORTAL = 99001122;
export const CLIENT_SECRET = 'settings-test-secret-91ab';
export const PUBLIC_BASE_URL = 'https://recruitment-scoring.example.com';
export const PORTAL_ID = 48807704;
export const SUPER_ADMIN = '76023669';
export const ORDINARY_USER = '76023670';

/** A port that knows the account's users and properties and refuses everything else. */
export function anAccountPort(
  options: { users?: HubSpotUser[]; properties?: string[]; failUsers?: Error } = {},
): HubSpotPort & { userLookups: number } {
  const users = options.users ?? [
    { id: SUPER_ADMIN, superAdmin: true, roleIds: [] },
    { id: ORDINARY_USER, superAdmin: false, roleIds: ['7'] },
  ];
  const names = options.properties ?? ['jobtitle', 'country', 'city', 'industry'];
  const refuse = () => Promise.reject(new Error('not used by the settings API'));
  const port = {
    userLookups: 0,
    readContacts: refuse,
    updateContacts: refuse,
    searchContacts: refuse,
    contactsOfEngagements: refuse,
    propertyHistory: refuse,
    ensureScoreProperties: refuse,
    listContactProperties: () =>
      Promise.resolve(
        names.map((name) => ({
          name,
          label: name,
          type: 'string',
          fieldType: 'text',
          options: [],
        })),
      ),
    findUser(userId: string) {
      port.userLookups++;
      if (options.failUsers) return Promise.reject(options.failUsers);
      return Promise.resolve(users.find((user) => user.id === userId));
    },
  };
  return port;
}

export function settingsDeps(
  ports: Record<number, HubSpotPort>,
  options: { publishers?: SettingsPublishers } = {},
) {
  const db = openStoreDatabase(':memory:');
  const models = createAccountModels(db, { clock: () => NOW });
  const audit = createSettingsAudit(db);
  const refreshed: number[] = [];
  const jobs = recordingJobs();
  const deps: SettingsApiDeps = {
    verifySignature: verifyCardSignature({
      clientSecret: CLIENT_SECRET,
      publicBaseUrl: PUBLIC_BASE_URL,
      now: () => NOW,
    }),
    hubspotForPortal: (portalId) => Promise.resolve(ports[portalId]),
    models,
    audit,
    permission: createPublishPermission(options.publishers ?? 'super-admins', () => NOW),
    modelKeyFor: (portalId) => portalId,
    refreshAccount: (portalId) => refreshed.push(portalId),
    jobs,
    now: () => NOW,
  };
  return { deps, db, models, audit, refreshed, jobs };
}

/**
 * The handlers' view of the background jobs, kept in memory: which jobs the settings API
 * started, for which account, with what. The real runner is tested in test/jobs.
 */
export function recordingJobs(): AccountJobs & {
  started: (JobInfo & { portalId: number; input: unknown })[];
} {
  const started: (JobInfo & { portalId: number; input: unknown })[] = [];
  const add = (
    portalId: number,
    kind: JobInfo['kind'],
    startedBy: string,
    input: unknown,
    modelVersion?: number,
  ) => {
    const job: JobInfo = {
      id: `job-${started.length + 1}`,
      kind,
      status: 'queued',
      startedBy,
      createdAt: NOW,
      updatedAt: NOW,
      progress: { done: 0 },
      ...(modelVersion ? { modelVersion } : {}),
    };
    started.push({ ...job, portalId, input });
    return job;
  };
  const strip = (job: (typeof started)[number] | undefined): JobInfo | undefined => {
    if (!job) return undefined;
    const { portalId: _p, input: _i, ...info } = job;
    return info;
  };
  return {
    started,
    startRecalculation: async (portalId, o) =>
      add(portalId, 'recalculation', o.startedBy, { locale: o.locale }, o.modelVersion),
    startPreview: async (portalId, o) => add(portalId, 'preview', o.startedBy, o),
    startCalibration: async (portalId, o) => add(portalId, 'calibration', o.startedBy, o),
    job: async (portalId, jobId) =>
      strip(started.find((j) => j.id === jobId && j.portalId === portalId)),
    latest: async (portalId, kind) =>
      strip(started.findLast((j) => j.portalId === portalId && j.kind === kind)),
    resumeUnfinished: async () => undefined,
    calibrates: true,
    runWaiting: async () => ({ ran: 0 }),
    stop: () => Promise.resolve(),
    forget: async () => undefined,
  };
}

export function signedSettingsRequest(options: {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  portalId?: number;
  userId?: string;
  locale?: string;
  secret?: string;
  signedAt?: number;
}): HandlerRequest {
  const query = new URLSearchParams({
    appId: '16111050',
    portalId: String(options.portalId ?? PORTAL_ID),
    userId: options.userId ?? SUPER_ADMIN,
    locale: options.locale ?? 'en',
  });
  const url = `${options.path}?${query.toString()}`;
  const rawBody = Buffer.from(
    options.body === undefined ? '' : JSON.stringify(options.body),
    'utf8',
  );
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

/** A signed request straight into the settings handlers (no HTTP). */
export const sendSettings = (
  deps: ReturnType<typeof settingsDeps>['deps'],
  ...args: Parameters<typeof signedSettingsRequest>
) => handleSettingsRequest(signedSettingsRequest(...args), deps);
