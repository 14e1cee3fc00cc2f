import { beforeEach, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/index.ts';
import {
  createAccountModels,
  UnknownModelVersionError,
  type AccountModels,
} from '../../src/store/account-models.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { withTwoInstances } from '../store/postgres-fixtures.ts';
import { defaultModelText, NOW } from '../helpers/scoring-fixtures.ts';
import { storeEngines } from '../store/store-engines.ts';
import { modelText, PROTECTED_MODEL_TEXT } from './account-fixtures.ts';

describe.each(storeEngines)('account models in the store ($engine)', ({ open }) => {
  let models: AccountModels;
  let now: number;

  beforeEach(async () => {
    now = NOW;
    models = (await open()).accountModels({ clock: () => now });
  });

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

  it('refuses a publish that does not say who made it', async () => {
    await expect(models.publish(1, modelText('x'), { by: ' ' })).rejects.toThrow(/who made it/);
    expect(await models.history(1)).toEqual([]);
  });
  it('forgets an account: its versions and draft go, other accounts stay', async () => {
    await models.publish(1, modelText('v1'), { by: 'cli' });
    await models.publish(1, modelText('v2'), { by: 'cli' });
    await models.saveDraft(1, 'name: draft', { by: '4711' });
    await models.publish(2, modelText('kept'), { by: 'cli' });
    expect(await models.forget(1)).toEqual({ versions: 2 });
    expect(await models.history(1)).toEqual([]);
    expect(await models.published(1)).toBeUndefined();
    expect(await models.draft(1)).toBeUndefined();
    expect(await models.publishedVersion(2)).toBe(1);
    // A new start numbers from 1 again.
    expect((await models.publish(1, modelText('again'), { by: 'cli' })).version).toBe(1);
  });

  it('numbers many publishes at once one after another, none lost', async () => {
    const published = await Promise.all(
      Array.from({ length: 8 }, (_, i) => models.publish(4, modelText(`p${i}`), { by: 'cli' })),
    );
    expect(published.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await models.history(4)).map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await models.publishedVersion(4)).toBe(8);
  });
});

describe('account models (SQLite)', () => {
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
});

describe('account models on one PostgreSQL, from two instances', () => {
  it('gives publishes from both at once distinct consecutive versions, the pointer on the last', async () => {
    await withTwoInstances(async (first, second) => {
      const a = first.accountModels();
      const b = second.accountModels();
      const published = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? a : b).publish(9, modelText(`from ${i % 2 === 0 ? 'a' : 'b'} ${i}`), {
            by: 'cli',
          }),
        ),
      );
      const versions = published.map((v) => v.version).sort((x, y) => x - y);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const history = await b.history(9);
      expect(history.map((v) => v.version)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      // Each version holds the text its publisher sent, and the pointer is on the newest.
      for (const version of published) {
        expect(history.find((v) => v.version === version.version)?.modelYaml).toBe(
          version.modelYaml,
        );
      }
      expect(await a.publishedVersion(9)).toBe(10);
      expect((await a.published(9))?.modelYaml).toBe(history[0]!.modelYaml);
    });
  });
});
