import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/index.ts';
import { contactsPerRead } from '../../src/pipeline/rescore-contacts.ts';
import {
  createCheckpointStore,
  modelHash,
  RecalculationError,
  runResumableRecalculation,
  type CheckpointStore,
  type ResumableRecalculationOptions,
} from '../../src/recalculation/index.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/store/database.ts';
import { modelFrom, defaultModelText } from '../helpers/scoring-fixtures.ts';
import {
  defaultModel,
  NOW,
  occurrences,
  readIds,
  requestsTo,
  seedDueContacts,
  startRecalculationSandbox,
  writtenIds,
  type RecalculationSandbox,
} from './recalculation-fixtures.ts';

const CONTACTS = 650;
const ACCOUNT = 'account-under-test';

let env: RecalculationSandbox;
let dir: string;
let db: StoreDatabase;
let checkpoints: CheckpointStore;
let ids: string[];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'recalculation-'));
});
afterAll(() => {
  nock.enableNetConnect();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  env = await startRecalculationSandbox({ adapter: { maxRetries: 1 } });
  ids = seedDueContacts(env.account, CONTACTS);
  env.account.reset();
  db = openStoreDatabase(join(dir, `store-${Math.random().toString(36).slice(2)}.db`));
  checkpoints = createCheckpointStore(db);
});
afterEach(async () => {
  db.close();
  await env.close();
});

function run(overrides: Partial<ResumableRecalculationOptions> = {}) {
  return runResumableRecalculation({
    port: env.port,
    compiled: defaultModel,
    clock: () => NOW,
    checkpoints,
    accountKey: ACCOUNT,
    modelHash: modelHash(defaultModel),
    ...overrides,
  });
}

/** Stops the run once this many contacts are done: Ctrl-C, as the command wires it. */
function stopAfter(contacts: number) {
  const stop = new AbortController();
  return {
    signal: stop.signal,
    onProgress: ({ done }: { done: number }) => {
      if (done >= contacts) stop.abort();
    },
  };
}

function expectEachWrittenOnce() {
  const written = occurrences(writtenIds(env.account));
  expect(written.size).toBe(CONTACTS);
  expect([...written.values()].filter((times) => times !== 1)).toEqual([]);
  expect(ids.filter((id) => !written.has(id))).toEqual([]);
}

describe('rescore --all, interrupted and resumed', () => {
  it('stops after the page in flight and goes on after it: every contact read and written once', async () => {
    const first = await run(stopAfter(400));
    expect(first).toMatchObject({ finished: false, lastContactId: ids[399] });
    expect(first.tally).toMatchObject({ read: 400, changed: 400, written: 400 });

    const second = await run();
    expect(second.start).toMatchObject({ kind: 'resumed', runId: first.runId, done: 400 });
    expect(second.finished).toBe(true);
    expect(second.tally).toMatchObject({ read: CONTACTS, changed: CONTACTS, written: CONTACTS });

    expectEachWrittenOnce();
    const read = occurrences(readIds(env.account));
    expect(read.size).toBe(CONTACTS);
    expect([...read.values()].every((times) => times === 1)).toBe(true);
    // 4 pages (200, 200, 200, 50) and the one asked for ahead when the first session stopped;
    // each page read 50 at a time (the model reads history): 4 + 4 + 4 + 1 batch reads.
    expect(requestsTo(env.account, '/search')).toHaveLength(5);
    const reads = [200, 200, 200, 50]
      .map((page) => Math.ceil(page / contactsPerRead(defaultModel)))
      .reduce((sum, n) => sum + n);
    expect(reads).toBe(13);
    expect(requestsTo(env.account, '/batch/read')).toHaveLength(reads);
    expect(second.tally.requests).toEqual({ searches: 5, reads, writes: 7 });
  });

  it('after a HubSpot failure, the rerun skips no contact and writes none twice', async () => {
    let failed = false;
    const failing = run({
      onProgress: ({ done }) => {
        if (done >= 400 && !failed) {
          failed = true;
          // Both attempts of the calls that come next (the page's two batch updates) fail.
          env.account.failNext(500, 6);
        }
      },
    });
    await expect(failing).rejects.toBeInstanceOf(HubSpotError);
    env.account.failures.length = 0;
    const interrupted = await checkpoints.unfinished(ACCOUNT, false);
    expect(interrupted).toMatchObject({ status: 'interrupted' });
    // The checkpoint is a page boundary, and its tally counts exactly the contacts before it.
    const doneBefore = ids.indexOf(interrupted!.lastContactId) + 1;
    expect(doneBefore).toBeGreaterThanOrEqual(200);
    expect(doneBefore % 200).toBe(0);
    expect(interrupted!.tally).toMatchObject({ read: doneBefore, written: doneBefore });

    const rerun = await run();
    expect(rerun).toMatchObject({ finished: true, start: { kind: 'resumed' } });
    expect(rerun.tally.read).toBe(CONTACTS);
    expectEachWrittenOnce();
  });

  it('marks a finished run done: the next run starts from the first contact', async () => {
    await run();
    env.account.reset();
    const again = await run();
    expect(again.start).toMatchObject({ kind: 'fresh', reason: 'first' });
    // Scores are already right: everything read, nothing written.
    expect(again.tally).toMatchObject({ read: CONTACTS, changed: 0, written: 0 });
    expect(requestsTo(env.account, '/batch/update')).toEqual([]);
  });

  it('starts over when the unfinished run was for another model, or when told to', async () => {
    await run(stopAfter(200));
    const otherModel = modelFrom(defaultModelText.replace('minScore: 70', 'minScore: 60'));
    const changed = await run({
      ...stopAfter(200),
      compiled: otherModel,
      modelHash: modelHash(otherModel),
    });
    expect(changed.start).toMatchObject({ kind: 'fresh', reason: 'model-changed' });

    const restarted = await run({
      compiled: otherModel,
      modelHash: modelHash(otherModel),
      restart: true,
    });
    expect(restarted.start).toMatchObject({ kind: 'fresh', reason: 'restart' });
    expect(restarted.tally.read).toBe(CONTACTS);
  });

  it('refuses to take over a run another process is still making progress on', async () => {
    const live = await checkpoints.start({
      accountKey: ACCOUNT,
      modelHash: modelHash(defaultModel),
      dryRun: false,
      now: NOW - 30_000,
    });
    await expect(run()).rejects.toThrow(/made progress 30 s ago and may still be running/);
    expect((await checkpoints.unfinished(ACCOUNT, false))?.runId).toBe(live.runId);
    expect(env.account.requests).toEqual([]);
  });

  it('keeps dry runs and real runs apart', async () => {
    await run({ ...stopAfter(200), dryRun: true });
    const real = await run(stopAfter(200));
    expect(real.start).toMatchObject({ kind: 'fresh', reason: 'first' });
    expect(await checkpoints.unfinished(ACCOUNT, true)).toMatchObject({ dryRun: true });
  });
});

describe('rescore --all after a model change that moves few contacts', () => {
  /** Scores right for everyone, then 30 contacts spread over all four pages change. */
  async function thirtySparseChanges() {
    await run();
    const changed = Array.from({ length: 30 }, (_, i) => ids[i * 21]!);
    for (const id of changed) env.account.setProperty(id, 'country', 'Belgium');
    env.account.reset();
    return changed;
  }

  it('gathers the changes of several pages into one batch update', async () => {
    const changed = await thirtySparseChanges();
    const result = await run();
    expect(result.tally).toMatchObject({ read: CONTACTS, changed: 30, written: 30 });
    expect(requestsTo(env.account, '/batch/update')).toHaveLength(1);
    expect(new Set(writtenIds(env.account))).toEqual(new Set(changed));
  });

  it('writes many changes in full batches of 100, not a part-empty batch per page', async () => {
    await run();
    // Three in four contacts change: 150 a page, which a write per page would send as 100 + 50.
    ids.forEach((id, i) => {
      if (i % 4 !== 0)
        env.account.setProperty(id, 'jobtitle', i % 3 === 0 ? 'Java Developer' : 'Accountant');
    });
    env.account.reset();
    const result = await run();
    expect(result.tally.changed).toBeGreaterThan(300);
    expect(result.tally.written).toBe(result.tally.changed);
    expect(requestsTo(env.account, '/batch/update')).toHaveLength(
      Math.ceil(result.tally.changed / 100),
    );
    expect(new Set(writtenIds(env.account)).size).toBe(result.tally.written);
  });

  it('writes what it gathered before it stops, and the rerun writes the rest once', async () => {
    const changed = await thirtySparseChanges();
    const stopped = await run(stopAfter(400));
    expect(stopped.tally).toMatchObject({ read: 400, changed: 20, written: 20 });
    const resumed = await run();
    expect(resumed.tally).toMatchObject({ read: CONTACTS, changed: 30, written: 30 });
    const written = occurrences(writtenIds(env.account));
    expect([...written.keys()].sort()).toEqual([...changed].sort());
    expect([...written.values()].every((times) => times === 1)).toBe(true);
  });
});

describe('rescore --all --dry-run', () => {
  it('writes nothing and reports the tier moves the real run then makes', async () => {
    const preview = await run({ dryRun: true });
    expect(requestsTo(env.account, '/batch/update')).toEqual([]);
    expect(preview.tally).toMatchObject({ read: CONTACTS, changed: CONTACTS, written: 0 });
    expect(Object.keys(preview.tally.tierMoves).length).toBeGreaterThan(0);

    const real = await run();
    expect(real.tally.tierMoves).toEqual(preview.tally.tierMoves);
    expect(real.tally.written).toBe(CONTACTS);
  });
});

describe('the checkpoint store', () => {
  it('refuses a checkpoint it cannot read, and --restart gets past it', async () => {
    const created = await checkpoints.start({
      accountKey: ACCOUNT,
      modelHash: 'x',
      dryRun: false,
      now: 0,
    });
    db.prepare(`UPDATE recalculation_runs SET tally = '{"read": -1}' WHERE run_id = ?`).run(
      created.runId,
    );
    await expect(checkpoints.unfinished(ACCOUNT, false)).rejects.toThrow(RecalculationError);
    expect(await checkpoints.abandonUnfinished(ACCOUNT, false, 1)).toBe(1);
    expect(await checkpoints.unfinished(ACCOUNT, false)).toBeUndefined();
  });
});
