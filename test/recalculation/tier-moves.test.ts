import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  describeTierMoves,
  emptyTally,
  formatSeconds,
  RecalculationProgressView,
  summaryLines,
  UNSCORED,
} from '../../src/recalculation/index.ts';
import { addTierMove } from '../../src/recalculation/tier-moves.ts';

const TIERS = ['hot', 'warm', 'cold', 'disqualified'];

describe('tier moves', () => {
  it('counts moves between two tiers and ignores contacts that stay', () => {
    const moves = {};
    addTierMove(moves, 'cold', 'warm');
    addTierMove(moves, 'cold', 'warm');
    addTierMove(moves, 'warm', 'warm');
    expect(moves).toEqual({ 'cold → warm': 2 });
  });

  it('lists moves in the model tier order, retired tiers and unscored contacts last', () => {
    const moves = {
      [`${UNSCORED} → cold`]: 40,
      'cold → warm': 312,
      'lukewarm → cold': 3,
      'hot → warm': 1_200,
      'cold → hot': 2,
    };
    expect(describeTierMoves(moves, TIERS)).toEqual([
      'hot → warm: 1,200',
      'cold → hot: 2',
      'cold → warm: 312',
      'lukewarm → cold: 3',
      'unscored → cold: 40',
    ]);
  });
});

describe('the run summary', () => {
  it('says what was read, changed and written, the tier moves, and the calls against the least', () => {
    const tally = {
      ...emptyTally(),
      read: 1_000,
      changed: 312,
      written: 312,
      tierMoves: { 'cold → warm': 312 },
      requests: { searches: 6, reads: 10, writes: 4 },
    };
    expect(summaryLines(tally, { dryRun: false, tierOrder: TIERS })).toEqual([
      '  contacts read         1,000',
      '  changed                 312',
      '  written                 312',
      '  tier moves:',
      '    cold → warm: 312',
      '  HubSpot calls: 6 searches, 10 batch reads, 4 batch updates (least possible: 5 + 10 + 4)',
    ]);
  });

  it('counts the least reads at 50 a call for a model that reads property history', () => {
    const tally = {
      ...emptyTally(),
      read: 1_000,
      changed: 312,
      written: 312,
      requests: { searches: 5, reads: 20, writes: 4 },
    };
    const lines = summaryLines(tally, { dryRun: false, tierOrder: TIERS, contactsPerRead: 50 });
    expect(lines.at(-1)).toBe(
      '  HubSpot calls: 5 searches, 20 batch reads, 4 batch updates (least possible: 5 + 20 + 4)',
    );
  });

  it('says a dry run wrote nothing', () => {
    const tally = { ...emptyTally(), read: 10, changed: 3, tierMoves: { 'hot → cold': 3 } };
    const lines = summaryLines(tally, { dryRun: true, tierOrder: TIERS });
    expect(lines).toContain('  would change              3');
    expect(lines).toContain('  written                   0  (dry run: nothing written)');
    expect(lines).toContain('  tier moves (if written):');
  });
});

describe('progress on stderr', () => {
  function capture(isTTY: boolean, clock: () => number) {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, target: { stream, isTTY, clock }, text: () => text };
  }

  it('writes a plain line every ten seconds when stderr is not a terminal', () => {
    let now = 0;
    const out = capture(false, () => now);
    const view = new RecalculationProgressView(out.target, 'rescoring');
    view.begin(0);
    now = 5_000;
    view.update(1_000, 10_000);
    now = 10_000;
    view.update(2_000, 10_000);
    expect(out.text()).toBe(
      'rescoring 10,000 contacts\nrescoring: 2,000/10,000 contacts (20%), 200/s, about 40 s left\n',
    );
  });

  it('draws a bar with the rate and the time left on a terminal', () => {
    let now = 0;
    const out = capture(true, () => now);
    const view = new RecalculationProgressView(out.target, 'rescoring');
    view.begin(500);
    now = 2_000;
    view.update(1_300, 10_000);
    view.stop();
    expect(out.text()).toMatch(/rescoring \[.+\] 1300\/10000 contacts \| 400\/s \| .+ left/);
  });

  it('writes times left in words a person reads at a glance', () => {
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(3 * 3600 + 120)).toBe('3 h 2 min');
  });
});
