import type { CompiledModel, ContactTotals } from '../../scoring/index.ts';
import type { StreamWriter } from '../stream-writer.ts';
import { describeTotals } from './totals-line.ts';
import type { RunTotals, TotalsOutput } from './score-output.ts';

const BAND_WIDTH = 10;
const BAR_WIDTH = 40;

/**
 * Counts per tier and a histogram of scores. Keeps only counters, so a summary of a file of
 * any size needs the same few kilobytes.
 */
export function createSummaryOutput(stdout: StreamWriter, compiled: CompiledModel): TotalsOutput {
  const tally = new ScoreTally(compiled.model.score.max);
  return {
    explains: false,
    contact(_contact, score) {
      tally.add(score);
      return undefined;
    },
    async finish(totals) {
      await stdout.write(renderSummary(compiled, tally, totals));
      await stdout.flush();
    },
  };
}

export class ScoreTally {
  readonly tiers = new Map<string, number>();
  /** Lower bound of the band -> contacts. */
  readonly bands = new Map<number, number>();
  count = 0;
  sum = 0;
  lowest = Infinity;
  highest = -Infinity;

  constructor(private readonly maxScore: number) {}

  add(score: ContactTotals): void {
    this.count++;
    this.sum += score.score;
    if (score.score < this.lowest) this.lowest = score.score;
    if (score.score > this.highest) this.highest = score.score;
    this.tiers.set(score.tier, (this.tiers.get(score.tier) ?? 0) + 1);
    let band = Math.floor(score.score / BAND_WIDTH) * BAND_WIDTH;
    // The maximum itself joins the band below it: [90, 100] rather than a band of its own.
    if (score.score === this.maxScore && band === score.score) band -= BAND_WIDTH;
    this.bands.set(band, (this.bands.get(band) ?? 0) + 1);
  }
}

export function renderSummary(
  compiled: CompiledModel,
  tally: ScoreTally,
  totals: RunTotals,
): string {
  const lines = [`Scoring model: ${compiled.model.name}`, describeTotals(totals), ''];
  if (tally.count === 0) return `${lines.join('\n')}No contacts to summarise.\n`;

  const tierNames = [
    ...compiled.tierNames,
    ...[...tally.tiers.keys()].filter((name) => !compiled.tierNames.includes(name)),
  ];
  const tierWidth = Math.max(4, ...tierNames.map((name) => name.length));
  lines.push(`${'Tier'.padEnd(tierWidth)}  Contacts   Share`);
  for (const name of tierNames) {
    const count = tally.tiers.get(name) ?? 0;
    lines.push(
      `${name.padEnd(tierWidth)}  ${String(count).padStart(8)}  ${percent(count, tally.count).padStart(6)}`,
    );
  }

  lines.push('', `Scores (bands of ${BAND_WIDTH})   Contacts`);
  const starts = [...tally.bands.keys()];
  const first = Math.min(...starts);
  const last = Math.max(...starts);
  const most = Math.max(...tally.bands.values());
  for (let start = first; start <= last; start += BAND_WIDTH) {
    const count = tally.bands.get(start) ?? 0;
    const end = start + BAND_WIDTH;
    const label = end === compiled.model.score.max ? `[${start}, ${end}]` : `[${start}, ${end})`;
    const bar = count === 0 ? '' : '#'.repeat(Math.max(1, Math.round((count / most) * BAR_WIDTH)));
    lines.push(`${label.padEnd(20)}  ${String(count).padStart(8)}  ${bar}`.trimEnd());
  }

  lines.push(
    '',
    `Average score ${round(tally.sum / tally.count)} (lowest ${round(tally.lowest)}, highest ${round(tally.highest)})`,
  );
  return `${lines.join('\n')}\n`;
}

function percent(count: number, total: number): string {
  return `${((count / total) * 100).toFixed(1)}%`;
}

function round(points: number): number {
  return Math.round(points * 10) / 10;
}
