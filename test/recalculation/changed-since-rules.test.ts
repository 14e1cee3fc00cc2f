import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOwnWrite, OWN_WRITE_WINDOW_MS } from '../../src/recalculation/index.ts';
import { createChangedSinceWatermarks } from '../../src/store/changed-since-watermarks.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { NOW } from './recalculation-fixtures.ts';

describe('which modified contacts are our own writes', () => {
  const contact = (modifiedAt: number, scoredAt: number) => ({ id: '1', modifiedAt, scoredAt });

  it('skips a contact last modified within the window after its scoring moment', () => {
    expect(isOwnWrite(contact(NOW + 800, NOW))).toBe(true);
    expect(isOwnWrite(contact(NOW + OWN_WRITE_WINDOW_MS, NOW))).toBe(true);
  });

  it('rereads a contact modified later than the window after its scoring moment', () => {
    expect(isOwnWrite(contact(NOW + OWN_WRITE_WINDOW_MS + 1, NOW))).toBe(false);
    expect(isOwnWrite(contact(NOW + 60_000, NOW), 120_000)).toBe(true);
  });

  it('skips a change made before the scoring moment: the score was read after it', () => {
    expect(isOwnWrite(contact(NOW - 60_000, NOW))).toBe(true);
  });

  it('rereads a contact that was never scored', () => {
    expect(isOwnWrite(contact(NOW, Number.NaN))).toBe(false);
  });
});

describe('the watermarks of the changed-since pass', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each account its own watermark across a restart of the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watermarks-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    const db = openStoreDatabase(path);
    const watermarks = createChangedSinceWatermarks(db);
    expect(await watermarks.get(101)).toBeUndefined();
    await watermarks.save(101, NOW, NOW);
    await watermarks.save(202, NOW - 1_000, NOW);
    await watermarks.save(undefined, NOW - 5_000, NOW);
    db.close();

    const reopened = createChangedSinceWatermarks(openStoreDatabase(path));
    expect(await reopened.get(101)).toBe(NOW);
    expect(await reopened.get(202)).toBe(NOW - 1_000);
    expect(await reopened.get(undefined)).toBe(NOW - 5_000);
  });
});
