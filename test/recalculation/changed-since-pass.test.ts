import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/index.ts';
import { SEARCH_INDEX_LAG_MS } from '../../src/recalculation/index.ts';
import { createMemoryWatermarks } from '../../src/store/changed-since-watermarks.ts';
import {
  dutchSpeakersModel,
  INTERVAL_MS,
  MINUTE_MS,
  passAt,
  PORTAL_ID,
  subscribedProperties,
  writesLandingAfter,
} from './changed-since-fixtures.ts';
import { waitFor } from '../pipeline/wait-for.ts';
import {
  NOW,
  readIds,
  requestsTo,
  startRecalculationSandbox,
  writtenIds,
  type RecalculationSandbox,
} from './recalculation-fixtures.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

let env: RecalculationSandbox;
beforeEach(async () => {
  env = await startRecalculationSandbox();
});
afterEach(() => env.close());

const score = (id: string) => env.account.contacts.get(id)![SCORE_PROPERTIES.score];

describe('the changed-since pass against the sandbox', () => {
  it('rescores within one pass a contact a recruiter changed in a property no webhook covers', async () => {
    expect(dutchSpeakersModel.properties).toContain('hs_language');
    expect(subscribedProperties()).not.toContain('hs_language');
    const watermarks = createMemoryWatermarks();
    const port = writesLandingAfter(env.port, env.account, 800);
    const anna = env.account.createContact({ hs_language: 'en' }, { at: NOW - 10 * MINUTE_MS });
    const bram = env.account.createContact({ hs_language: 'en' }, { at: NOW - 10 * MINUTE_MS });

    // The first pass looks back one interval: both new contacts get their first score.
    const first = await passAt(env.account, port, watermarks);
    expect(first).toMatchObject({ found: 2, read: 2, written: 2, skippedOwnWrites: 0 });
    expect(score(anna)).toBe('0');

    env.account.advance(INTERVAL_MS);
    await passAt(env.account, port, watermarks);
    env.account.advance(5 * MINUTE_MS);
    env.account.setProperty(anna, 'hs_language', 'nl');
    env.account.advance(10 * MINUTE_MS);
    env.account.reset();
    const thirdAt = env.account.now();
    const third = await passAt(env.account, port, watermarks);

    expect(score(anna)).toBe('60');
    expect(env.account.contacts.get(anna)![SCORE_PROPERTIES.tier]).toBe('hot');
    expect(third).toMatchObject({ found: 1, read: 1, written: 1, skippedOwnWrites: 0 });
    expect(readIds(env.account)).toEqual([anna]);
    expect(writtenIds(env.account)).toEqual([anna]);
    expect(score(bram)).toBe('0');
    const [search] = requestsTo(env.account, '/search');
    expect(search!.body).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'lastmodifieddate', operator: 'GT', value: String(third.sinceMs) },
            { propertyName: 'lastmodifieddate', operator: 'LTE', value: String(third.untilMs) },
          ],
        },
      ],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['lastmodifieddate', 'recruitment_scored_at'],
      limit: 200,
    });
    expect(third.untilMs).toBe(thirdAt - SEARCH_INDEX_LAG_MS);
    expect(await watermarks.get(PORTAL_ID)).toBe(third.untilMs);
  });

  it('does not reread a contact whose last change is our own write', async () => {
    const watermarks = createMemoryWatermarks();
    const port = writesLandingAfter(env.port, env.account, 800);
    const anna = env.account.createContact({ hs_language: 'nl' }, { at: NOW - 10 * MINUTE_MS });
    await passAt(env.account, port, watermarks);
    expect(writtenIds(env.account)).toEqual([anna]);

    env.account.reset();
    env.account.advance(INTERVAL_MS);
    const second = await passAt(env.account, port, watermarks);
    expect(second).toMatchObject({ found: 1, skippedOwnWrites: 1, read: 0, written: 0 });
    expect(readIds(env.account)).toEqual([]);

    env.account.advance(INTERVAL_MS);
    const third = await passAt(env.account, port, watermarks);
    expect(third).toMatchObject({ found: 0, read: 0 });
  });

  it('rereads once, never again, a contact whose write waited longer than the own-write window', async () => {
    const watermarks = createMemoryWatermarks();
    // The rate budget held the write back 6 s after scoring started: it may hide a change.
    const port = writesLandingAfter(env.port, env.account, 6_000);
    const anna = env.account.createContact({ hs_language: 'nl' }, { at: NOW - 10 * MINUTE_MS });
    await passAt(env.account, port, watermarks);

    env.account.reset();
    env.account.advance(INTERVAL_MS);
    const second = await passAt(env.account, port, watermarks);
    expect(second).toMatchObject({ found: 1, skippedOwnWrites: 0, read: 1, written: 0 });
    expect(readIds(env.account)).toEqual([anna]);

    env.account.advance(INTERVAL_MS);
    const third = await passAt(env.account, port, watermarks);
    expect(third).toMatchObject({ found: 0, read: 0, written: 0 });
  });

  it('retries the same window after a pass that failed before rescoring anything', async () => {
    const watermarks = createMemoryWatermarks();
    const anna = env.account.createContact({ hs_language: 'nl' }, { at: NOW - 10 * MINUTE_MS });
    env.account.fail({ path: /\/contacts\/batch\/read$/, status: 400, times: 1 });
    await expect(passAt(env.account, env.port, watermarks)).rejects.toThrow();
    expect(await watermarks.get(PORTAL_ID)).toBe(NOW - INTERVAL_MS);
    expect(score(anna)).toBeUndefined();

    env.account.advance(INTERVAL_MS);
    const retry = await passAt(env.account, env.port, watermarks);
    expect(retry.sinceMs).toBe(NOW - INTERVAL_MS);
    expect(retry).toMatchObject({ found: 1, read: 1, written: 1 });
    expect(score(anna)).toBe('60');
  });

  it('after a failure midway, goes on from the last round it rescored and loses nothing', async () => {
    const watermarks = createMemoryWatermarks();
    const port = writesLandingAfter(env.port, env.account, 800);
    // A second apart: rounds of 200 are rescored (and the watermark moved) as pages come in.
    const ids = Array.from({ length: 500 }, (_, i) =>
      env.account.createContact({ hs_language: 'nl' }, { at: NOW - 10 * MINUTE_MS + i * 1_000 }),
    );
    let pages = 0;
    const failing = passAt(env.account, port, watermarks, {
      onProgress: () => {
        // From the second round on, batch updates are refused (400: not retried).
        if (++pages === 1) {
          env.account.fail({ path: /batch\/update$/, status: 400, times: Infinity });
        }
      },
    });
    await expect(failing).rejects.toThrow();
    // The round's two batch updates go side by side: the second may still be on its way.
    await waitFor(() => requestsTo(env.account, '/batch/update').length === 4, 'both refusals');
    expect(writtenIds(env.account)).toEqual(ids.slice(0, 200));
    const stoodAt = (await watermarks.get(PORTAL_ID))!;
    // Just before the 200th contact's time: another contact of that time could still follow.
    expect(stoodAt).toBe(NOW - 10 * MINUTE_MS + 199 * 1_000 - 1);

    env.account.clearFaults();
    env.account.reset();
    env.account.advance(INTERVAL_MS);
    const retry = await passAt(env.account, port, watermarks);
    expect(retry.sinceMs).toBe(stoodAt);
    expect(readIds(env.account).sort()).toEqual(ids.slice(200).sort());
    // The first round's contacts come back as our own writes: skipped, not read.
    expect(retry).toMatchObject({ found: 500, skippedOwnWrites: 200, read: 300, written: 300 });
    expect(ids.every((id) => score(id) === '60')).toBe(true);
  });

  it('stops after the page in flight when the server stops, and the next pass goes on from there', async () => {
    const watermarks = createMemoryWatermarks();
    const port = writesLandingAfter(env.port, env.account, 800);
    const ids = Array.from({ length: 300 }, (_, i) =>
      env.account.createContact({ hs_language: 'nl' }, { at: NOW - 10 * MINUTE_MS + i * 1_000 }),
    );
    const stopping = new AbortController();
    const stopped = await passAt(env.account, port, watermarks, {
      signal: stopping.signal,
      onProgress: () => stopping.abort(),
    });
    expect(stopped).toMatchObject({ stopped: true, found: 200, read: 200 });
    expect(await watermarks.get(PORTAL_ID)).toBe(stopped.watermarkMs);
    expect(stopped.watermarkMs).toBeLessThan(stopped.untilMs);

    env.account.advance(INTERVAL_MS);
    const next = await passAt(env.account, port, watermarks);
    expect(next).toMatchObject({ stopped: false, read: 100, skippedOwnWrites: 200 });
    expect(ids.every((id) => score(id) === '60')).toBe(true);
  });
});
