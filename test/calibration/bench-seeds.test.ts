import { describe, expect, it } from 'vitest';
import { realSeeds } from '../../bench/calibration-real.ts';

describe('the split seeds of the bench’s real-data rows', () => {
  it('is seed 1 unless --seeds names others, in the order given', () => {
    expect(realSeeds(['node', 'bench', '--real'])).toEqual([1]);
    expect(realSeeds(['node', 'bench', '--seeds=3,1,2'])).toEqual([3, 1, 2]);
    expect(realSeeds(['--seeds=7'])).toEqual([7]);
  });

  it('refuses a seed that is not a whole number above 0 instead of skipping it', () => {
    expect(() => realSeeds(['--seeds=1,x'])).toThrow(/"x" is not a whole number/);
    expect(() => realSeeds(['--seeds=1,,2'])).toThrow(/not a whole number/);
    expect(() => realSeeds(['--seeds=0'])).toThrow(/not a whole number/);
    expect(() => realSeeds(['--seeds=1.5'])).toThrow(/not a whole number/);
  });
});
