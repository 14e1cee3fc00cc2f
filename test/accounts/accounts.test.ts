import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts, type Accounts } from '../../src/accounts/index.ts';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import { createStaticAccountAccess, type AccountAccess } from '../../src/oauth/account-access.ts';
import type { CompiledModel } from '../../src/scoring/index.ts';
import { createAccountModels, type AccountModels } from '../../src/store/account-models.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/store/database.ts';
import { defaultModel } from '../helpers/scoring-fixtures.ts';
import { modelText } from './account-fixtures.ts';

const port = { name: 'port' } as unknown as HubSpotPort;
let db: StoreDatabase;
let models: AccountModels;
let now: number;
let changes: [number, string, number][];

function twoAccounts(): AccountAccess {
  return {
    mode: 'oauth',
    hubspotForPortal: async (portalId) => (portalId === 1 || portalId === 2 ? port : undefined),
    removeAccount: async () => false,
    portals: async () => [1, 2],
  };
}

function accountsOver(access: AccountAccess, refreshMs = 2_000): Accounts {
  return createAccounts({
    access,
    models,
    fallbackModel: defaultModel,
    refreshMs,
    clock: () => now,
    onModelChanged: async (portalId, model, version) => {
      changes.push([portalId, model.model.name, version]);
    },
  });
}

beforeEach(() => {
  db = openStoreDatabase(':memory:');
  models = createAccountModels(db);
  now = 1_000_000;
  changes = [];
});
afterEach(() => db.close());

describe('the accounts registry', () => {
  it('gives each account its own published model and the fallback to one with none', async () => {
    await models.publish(1, modelText('healthcare'), { by: 'cli' });
    await models.publish(2, modelText('logistics'), { by: 'cli' });
    await models.publish(2, modelText('logistics v2'), { by: 'cli' });
    const accounts = accountsOver(twoAccounts());
    expect((await accounts.modelFor(1)).model.name).toBe('healthcare');
    expect((await accounts.modelFor(2)).model.name).toBe('logistics v2');
    expect(await accounts.modelVersionFor(2)).toBe(2);
    expect(await accounts.modelFor(3)).toBe(defaultModel);
    expect(await accounts.modelVersionFor(3)).toBeUndefined();
    expect(await accounts.get(1)).toEqual({
      portalId: 1,
      hubspot: port,
      model: await accounts.modelFor(1),
      modelVersion: 1,
    });
    expect(await accounts.get(3)).toBeUndefined();
  });

  it('compiles a version once and hands out the same model until the next publish', async () => {
    await models.publish(1, modelText('one'), { by: 'cli' });
    const accounts = accountsOver(twoAccounts(), 0);
    const first = await accounts.modelFor(1);
    now += 10_000;
    expect(await accounts.modelFor(1)).toBe(first);
    await models.publish(1, modelText('two'), { by: 'cli' });
    const second: CompiledModel = await accounts.modelFor(1);
    expect(second).not.toBe(first);
    expect(second.model.name).toBe('two');
  });

  it('sees a publish by another process within the refresh interval, not before', async () => {
    const accounts = accountsOver(twoAccounts(), 2_000);
    expect(await accounts.modelFor(1)).toBe(defaultModel);
    // Another process (the command line) writes to the same store.
    await createAccountModels(db).publish(1, modelText('from the cli'), { by: 'cli' });
    now += 1_999;
    expect(await accounts.modelFor(1)).toBe(defaultModel);
    now += 1;
    expect((await accounts.modelFor(1)).model.name).toBe('from the cli');
  });

  it('sees a publish at once after refresh', async () => {
    const accounts = accountsOver(twoAccounts(), 60_000);
    expect(await accounts.modelFor(2)).toBe(defaultModel);
    await models.publish(2, modelText('now'), { by: '4711' });
    accounts.refresh(2);
    expect((await accounts.modelFor(2)).model.name).toBe('now');
    expect(await accounts.modelFor(1)).toBe(defaultModel);
  });

  it('fits the output properties once per published version before handing it out prepared', async () => {
    await models.publish(1, modelText('one'), { by: 'cli' });
    const accounts = accountsOver(twoAccounts(), 0);
    await accounts.preparedModelFor(1);
    await accounts.preparedModelFor(1);
    await accounts.preparedModelFor(2);
    await models.publish(1, modelText('two'), { by: 'cli' });
    expect((await accounts.preparedModelFor(1)).model.name).toBe('two');
    expect(changes).toEqual([
      [1, 'one', 1],
      [1, 'two', 2],
    ]);
  });

  it('tries the output properties again after a failure', async () => {
    await models.publish(1, modelText('one'), { by: 'cli' });
    let failures = 1;
    const accounts = createAccounts({
      access: twoAccounts(),
      models,
      fallbackModel: defaultModel,
      refreshMs: 0,
      onModelChanged: async (portalId, model, version) => {
        if (failures-- > 0) throw new Error('HubSpot unavailable');
        changes.push([portalId, model.model.name, version]);
      },
    });
    expect((await accounts.preparedModelFor(1)).model.name).toBe('one');
    expect(changes).toEqual([]);
    await accounts.preparedModelFor(1);
    expect(changes).toEqual([[1, 'one', 1]]);
  });

  it('serves a static token of unknown portal id from the model published under 0', async () => {
    await models.publish(0, modelText('the one account'), { by: 'cli' });
    const accounts = accountsOver(createStaticAccountAccess({ port }));
    expect((await accounts.modelFor(62515)).model.name).toBe('the one account');
    expect((await accounts.modelFor(99)).model.name).toBe('the one account');
  });

  it('serves a static token of known portal id from that portal’s model', async () => {
    await models.publish(62515, modelText('known'), { by: 'cli' });
    await models.publish(0, modelText('under 0'), { by: 'cli' });
    const accounts = accountsOver(createStaticAccountAccess({ port, portalId: 62515 }));
    expect((await accounts.modelFor(62515)).model.name).toBe('known');
  });
});

describe('a published version that no longer loads', () => {
  it('keeps the model the account had, and says so once', async () => {
    await models.publish(1, modelText('good'), { by: 'cli' });
    const errors: unknown[] = [];
    const accounts = createAccounts({
      access: twoAccounts(),
      models,
      fallbackModel: defaultModel,
      refreshMs: 0,
      logger: { warn: () => {}, error: (message) => errors.push(message) },
    });
    expect((await accounts.modelFor(1)).model.name).toBe('good');
    // As if the loader became stricter after this version was stored.
    db.prepare(
      `INSERT INTO account_model_versions VALUES (1, 2, 'name: [broken', 'cli', 0, NULL)`,
    ).run();
    db.prepare('UPDATE account_models SET published_version = 2 WHERE portal_id = 1').run();
    expect((await accounts.modelFor(1)).model.name).toBe('good');
    expect((await accounts.modelFor(1)).model.name).toBe('good');
    expect(errors).toEqual([
      'an account’s published model no longer loads; it keeps the model it had',
    ]);
  });
});
