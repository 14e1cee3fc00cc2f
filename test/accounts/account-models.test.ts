import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/index.ts';
import {
  createAccountModels,
  UnknownModelVersionError,
  type AccountModels,
} from '../../src/store/account-models.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/store/database.ts';
import { defaultModelText, NOW } from '../helpers/scoring-fixtures.ts';
import { modelText, PROTECTED_MODEL_TEXT } from './account-fixtures.ts';

let db: StoreDatabase;
let models: AccountModels;
let now: number;

beforeEach(() => {
  db = openStoreDatabase(':memory:');
  now = NOW;
  models = createAccountModels(db, { clock: () => now });
});
afterEach(() => db.close());

describe('account models in the store', () => {
  it('publishes versions per account, newest first in the history, with who, when and why', async () => {
    await models.publish(1, modelText('first'), { by: '4711', note: 'start' });
    now += 60_000;
    await models.publish(1, modelText('second'), { by: 'cli' });
    await models.publish(2, modelText('other account'), { by: '9' });

    expect(
      (await models.history(1)).map((v) => [v.version, v.publishedBy, v.publishedAt, v.note]),
    ).toEqual([
      [2, 'cli', NOW + 60_000, undefined],
      [1, '4711', NOW, 'start'],
    ]);
    expect((await models.published(1))?.modelYaml).toBe(modelText('second'));
    expect(await models.publishedVersion(1)).toBe(2);
    expect(await models.published(2)).toMatchObject({
      version: 1,
      modelYaml: modelText('other account'),
    });
    expect(await models.published(3)).toBeUndefined();
    expect(await models.publishedVersion(3)).toBeUndefined();
  });

  it('refuses a model with every problem by path and stores nothing', async () => {
    await models.publish(1, modelText('kept'), { by: 'cli' });
    const broken = defaultModelText.replace(/halfLifeDays: \d+/, 'halfLifeDays: -3');
    let refused: unknown;
    try {
      await models.publish(1, broken, { by: 'cli' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ModelError);
    expect((refused as ModelError).problems).toEqual([
      expect.stringMatching(/^engagement\.touchpoints\[\d+\]\.decay\.halfLifeDays: /),
    ]);
    expect(await models.history(1)).toHaveLength(1);
    expect((await models.published(1))?.modelYaml).toBe(modelText('kept'));
  });

  it('refuses a model that scores on a protected attribute', async () => {
    await expect(models.publish(5, PROTECTED_MODEL_TEXT, { by: 'cli' })).rejects.toThrow(/gender/);
    expect(await models.history(5)).toEqual([]);
    expect(await models.published(5)).toBeUndefined();
  });

  it('rolls back by publishing a copy of an earlier version as a new one', async () => {
    await models.publish(1, modelText('v1'), { by: 'cli' });
    await models.publish(1, modelText('v2'), { by: 'cli' });
    const rolledBack = await models.rollback(1, 1, { by: '4711' });
    expect(rolledBack).toMatchObject({
      version: 3,
      modelYaml: modelText('v1'),
      publishedBy: '4711',
      note: 'rollback to version 1',
    });
    expect((await models.published(1))?.version).toBe(3);
    expect((await models.history(1)).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('refuses a rollback to a version the account never had', async () => {
    await models.publish(1, modelText('v1'), { by: 'cli' });
    await models.publish(2, modelText('v1 of 2'), { by: 'cli' });
    await models.publish(2, modelText('v2 of 2'), { by: 'cli' });
    await expect(models.rollback(1, 2, { by: 'cli' })).rejects.toThrow(UnknownModelVersionError);
    expect(await models.history(1)).toHaveLength(1);
  });

  it('keeps one draft per account, unvalidated, apart from what is published', async () => {
    await models.publish(1, modelText('live'), { by: 'cli' });
    await models.saveDraft(1, 'name: half typed', { by: '4711' });
    now += 1000;
    await models.saveDraft(1, 'name: typed further', { by: '4712' });
    expect(await models.draft(1)).toEqual({
      modelYaml: 'name: typed further',
      savedBy: '4712',
      savedAt: NOW + 1000,
    });
    expect(await models.draft(2)).toBeUndefined();
    expect((await models.published(1))?.modelYaml).toBe(modelText('live'));
    // A publish after a draft keeps the draft (the admin may still be editing it).
    await models.publish(1, modelText('next'), { by: 'cli' });
    expect((await models.draft(1))?.modelYaml).toBe('name: typed further');
  });

  it('survives reopening the store file', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'account-models-'));
    try {
      const file = join(dir, 'store.db');
      const first = openStoreDatabase(file);
      await createAccountModels(first).publish(7, modelText('durable'), { by: 'cli', note: 'n' });
      first.close();
      const second = openStoreDatabase(file);
      expect(await createAccountModels(second).published(7)).toMatchObject({
        version: 1,
        note: 'n',
      });
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a publish that does not say who made it', async () => {
    await expect(models.publish(1, modelText('x'), { by: ' ' })).rejects.toThrow(/who made it/);
    expect(await models.history(1)).toEqual([]);
  });
});
