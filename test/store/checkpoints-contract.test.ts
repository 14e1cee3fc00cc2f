import { describe, expect, it } from 'vitest';
import { RecalculationError } from '../../src/recalculation/recalculation-error.ts';
import { emptyTally } from '../../src/recalculation/rescore-batch.ts';
import { withStoreAndClient } from './postgres-fixtures.ts';
import { storeEngines } from './store-engines.ts';

const ACCOUNT = 'portal:42';
const aRun = (modelHash: string, dryRun: boolean, now: number) => ({
  accountKey: ACCOUNT,
  modelHash,
  dryRun,
  now,
});
const at = (lastContactId: string) => ({ lastContactId, tally: emptyTally() });

describe.each(storeEngines)('the recalculation checkpoints ($engine)', ({ open }) => {
  it('starts a run at the beginning and keeps its position while it runs', async () => {
    const checkpoints = (await open()).checkpoints();
    expect(await checkpoints.unfinished(ACCOUNT, false)).toBeUndefined();
    const run = await checkpoints.start(aRun('h1', false, 5));
    expect(run).toEqual({
      runId: expect.any(String),
      accountKey: ACCOUNT,
      modelHash: 'h1',
      dryRun: false,
      status: 'running',
      startedAt: 5,
      updatedAt: 5,
      lastContactId: '0',
      tally: emptyTally(),
    });
    const tally = { ...emptyTally(), read: 100, changed: 7, tierMoves: { 'B→A': 2 } };
    await checkpoints.save(run.runId, { lastContactId: '1234', tally }, 9);
    expect(await checkpoints.unfinished(ACCOUNT, false)).toEqual({
      ...run,
      updatedAt: 9,
      lastContactId: '1234',
      tally,
    });
    // A dry run is another mode: it neither sees nor resumes the real run.
    expect(await checkpoints.unfinished(ACCOUNT, true)).toBeUndefined();
    expect(await checkpoints.unfinished('portal:43', false)).toBeUndefined();
  });

  it('an interrupted run is unfinished until resumed and ended; an ended one is not saved', async () => {
    const checkpoints = (await open()).checkpoints();
    const run = await checkpoints.start(aRun('h', true, 1));
    await checkpoints.end(run.runId, 'interrupted', 2);
    expect(await checkpoints.unfinished(ACCOUNT, true)).toMatchObject({
      runId: run.runId,
      status: 'interrupted',
      dryRun: true,
      updatedAt: 2,
    });
    // Interrupted, the run is no longer this process's to save.
    await expect(checkpoints.save(run.runId, at('5'), 3)).rejects.toThrow(RecalculationError);
    await checkpoints.resume(run.runId, 4);
    await checkpoints.save(run.runId, at('5'), 5);
    await checkpoints.end(run.runId, 'finished', 6);
    expect(await checkpoints.unfinished(ACCOUNT, true)).toBeUndefined();
    await expect(checkpoints.save(run.runId, at('6'), 7)).rejects.toThrow(
      /no longer this process's/,
    );
  });

  it('finds the latest unfinished run, and abandons every unfinished one of the mode', async () => {
    const checkpoints = (await open()).checkpoints();
    const older = await checkpoints.start(aRun('a', false, 1));
    const newer = await checkpoints.start(aRun('b', false, 1));
    const dry = await checkpoints.start(aRun('c', true, 1));
    // Updated in the same millisecond: the later started one is the latest.
    expect((await checkpoints.unfinished(ACCOUNT, false))?.runId).toBe(newer.runId);
    await checkpoints.end(newer.runId, 'interrupted', 1);
    await checkpoints.save(older.runId, at('7'), 2);
    expect((await checkpoints.unfinished(ACCOUNT, false))?.runId).toBe(older.runId);
    expect(await checkpoints.abandonUnfinished(ACCOUNT, false, 3)).toBe(2);
    expect(await checkpoints.unfinished(ACCOUNT, false)).toBeUndefined();
    expect(await checkpoints.abandonUnfinished(ACCOUNT, false, 4)).toBe(0);
    expect((await checkpoints.unfinished(ACCOUNT, true))?.runId).toBe(dry.runId);
  });
});

describe('the recalculation checkpoints in PostgreSQL, with a row it cannot read', () => {
  it('refuses the checkpoint, and --restart gets past it', async () => {
    await withStoreAndClient(async (store, client) => {
      const checkpoints = store.checkpoints();
      const run = await checkpoints.start(aRun('x', false, 0));
      await client.query(`UPDATE recalculation_runs SET tally = '{"read": -1}' WHERE run_id = $1`, [
        run.runId,
      ]);
      await expect(checkpoints.unfinished(ACCOUNT, false)).rejects.toThrow(RecalculationError);
      expect(await checkpoints.abandonUnfinished(ACCOUNT, false, 1)).toBe(1);
      expect(await checkpoints.unfinished(ACCOUNT, false)).toBeUndefined();
    });
  });
});
