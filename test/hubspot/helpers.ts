import nock from 'nock';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  type AdapterClock,
} from '../../src/hubspot/index.ts';

export const TEST_TOKEN = 'pat-eu1-11111111-2222-3333-4444-555555555555';
export const API = 'https://api.hubapi.com';

/** A clock that never waits: sleeping moves time on and records how long was asked for. */
export function fakeClock(start = Date.UTC(2026, 10, 1)) {
  let now = start;
  const sleeps: number[] = [];
  const clock: AdapterClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps };
}

export interface CapturedLog {
  level: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

export function anAdapter(overrides: Partial<Parameters<typeof createHubSpotAdapter>[0]> = {}) {
  const { clock, sleeps } = fakeClock();
  const logs: CapturedLog[] = [];
  const logger = {
    warn: (message: string, details?: Record<string, unknown>) =>
      logs.push({ level: 'warn', message, details }),
    debug: (message: string, details?: Record<string, unknown>) =>
      logs.push({ level: 'debug', message, details }),
  };
  const adapter = createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: TEST_TOKEN }),
    clock,
    logger,
    random: () => 0.5,
    concurrency: 1,
    ...overrides,
  });
  return { adapter, sleeps, logs };
}

export function hubspot() {
  return nock(API, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });
}

export const ids = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

export function aContactObject(id: string, properties: Record<string, string | null> = {}) {
  return {
    id,
    properties: { hs_object_id: id, ...properties },
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-10-30T12:00:00.000Z',
    archived: false,
  };
}

export function aBatchResponse(results: unknown[], errors?: unknown[]) {
  return {
    status: 'COMPLETE',
    results,
    ...(errors ? { errors, numErrors: errors.length } : {}),
    startedAt: '2026-11-01T00:00:00.000Z',
    completedAt: '2026-11-01T00:00:00.100Z',
  };
}

export function anError(category: string, message: string, extra: Record<string, unknown> = {}) {
  return {
    status: 'error',
    message,
    correlationId: '5b1f8a7e-0000-4000-8000-000000000001',
    category,
    ...extra,
  };
}
