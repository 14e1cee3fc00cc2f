import { createMemoryWatermarks } from '../../src/store/changed-since-watermarks.ts';
import { describe, expect, it } from 'vitest';
import { withTwoInstances } from './postgres-fixtures.ts';
import { storeEngines } from './store-engines.ts';

const NOW = 1_700_000_000_000;

// The memory watermarks (a server without a store) keep the same contract.
const keepers = [
  ...storeEngines.map(({ engine, open }) => ({
    engine,
    watermarks: async () => (await open()).watermarks(),
  })),
  { engine: 'memory', watermarks: async () => createMemoryWatermarks() },
];

describe.each(keepers)('the changed-since watermarks ($engine)', ({ watermarks: keep }) => {
  it('keeps each account its own watermark, the unknown account too, and forgets one', async () => {
    const watermarks = await keep();
    expect(await watermarks.get(101)).toBeUndefined();
    await watermarks.save(101, NOW, NOW);
    await watermarks.save(202, NOW - 1_000, NOW);
    await watermarks.save(undefined, NOW - 5_000, NOW);
    expect(await watermarks.get(101)).toBe(NOW);
    expect(await watermarks.get(202)).toBe(NOW - 1_000);
    expect(await watermarks.get(undefined)).toBe(NOW - 5_000);
    expect(await watermarks.get(0)).toBe(NOW - 5_000);
    expect(await watermarks.forget(101)).toBe(true);
    expect(await watermarks.forget(101)).toBe(false);
    expect(await watermarks.get(101)).toBeUndefined();
    expect(await watermarks.get(202)).toBe(NOW - 1_000);
  });

  it('never moves a watermark back', async () => {
    const watermarks = await keep();
    await watermarks.save(101, NOW, NOW);
    await watermarks.save(101, NOW - 60_000, NOW);
    expect(await watermarks.get(101)).toBe(NOW);
    await watermarks.save(101, NOW + 1, NOW);
    expect(await watermarks.get(101)).toBe(NOW + 1);
  });

  it('refuses a watermark that is not a whole number of milliseconds', async () => {
    const watermarks = await keep();
    await expect(watermarks.save(101, Number.NaN, NOW)).rejects.toThrow(/whole epoch milliseconds/);
    await expect(watermarks.save(101, 1.5, NOW)).rejects.toThrow(/whole epoch/);
    expect(await watermarks.get(101)).toBeUndefined();
  });
});

describe('the watermarks on one PostgreSQL, from two instances', () => {
  it('end on the greatest of the marks both saved at once, in whatever order they land', async () => {
    await withTwoInstances(async (first, second) => {
      const a = first.watermarks();
      const b = second.watermarks();
      // Marks in a shuffled order (the greatest in the middle), half from each instance.
      const marks = Array.from({ length: 40 }, (_, i) => NOW + ((i * 17) % 40) * 1_000);
      await Promise.all(marks.map((mark, i) => (i % 2 === 0 ? a : b).save(7, mark, NOW)));
      expect(await a.get(7)).toBe(Math.max(...marks));
      await b.save(7, NOW, NOW);
      expect(await a.get(7)).toBe(Math.max(...marks));
    });
  });
});
