import { describe, expect, it } from 'vitest';
import { storeEngines } from './store-engines.ts';

const T = 1_700_000_000_000;

describe.each(storeEngines)('the settings audit ($engine)', ({ open }) => {
  it('lists an account’s records newest first, optional fields only when given', async () => {
    const audit = (await open()).settingsAudit();
    await audit.record({ portalId: 1, at: T, userId: '4711', action: 'draft' });
    await audit.record({
      portalId: 1,
      at: T + 5,
      userId: 'cli',
      action: 'publish',
      modelVersion: 2,
    });
    // The same millisecond: the later record first.
    await audit.record({
      portalId: 1,
      at: T + 5,
      userId: '4712',
      action: 'refused',
      details: 'not a super admin',
    });
    await audit.record({ portalId: 2, at: T + 9, userId: '9', action: 'template' });
    expect(await audit.list(1)).toEqual([
      { portalId: 1, at: T + 5, userId: '4712', action: 'refused', details: 'not a super admin' },
      { portalId: 1, at: T + 5, userId: 'cli', action: 'publish', modelVersion: 2 },
      { portalId: 1, at: T, userId: '4711', action: 'draft' },
    ]);
    expect((await audit.list(1, 2)).map((r) => r.userId)).toEqual(['4712', 'cli']);
    expect(await audit.list(2)).toEqual([
      { portalId: 2, at: T + 9, userId: '9', action: 'template' },
    ]);
    expect(await audit.list(3)).toEqual([]);
  });

  it('lists at most 100 records unless told otherwise', async () => {
    const audit = (await open()).settingsAudit();
    for (let i = 0; i < 105; i++) {
      await audit.record({ portalId: 1, at: T + i, userId: 'cli', action: 'draft' });
    }
    const listed = await audit.list(1);
    expect(listed).toHaveLength(100);
    expect(listed[0]!.at).toBe(T + 104);
    expect(await audit.list(1, 200)).toHaveLength(105);
  });
});
