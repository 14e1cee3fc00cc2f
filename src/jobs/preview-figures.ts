import {
  addTierMove,
  orderedTierMoves,
  UNSCORED,
  type TierMoves,
} from '../recalculation/tier-moves.ts';
import type { PreviewResult } from './job-types.ts';

/**
 * What an admin reads before publishing a draft: the sample's scores with the model in use
 * and with the draft, side by side. Pure: the preview job reads the sample and scores it; this
 * file only counts. Both distributions share their score bands, so the bars compare.
 */

export interface ScoredPair {
  contactId: string;
  name?: string | undefined;
  /** Undefined when the account has no model in use to compare with. */
  before?: { score: number; tier: string } | undefined;
  after: { score: number; tier: string };
}

/** The contract's name for a contact with no tier before. */
const UNSCORED_LABEL = '(unscored)';
const BANDS = 10;
export const BIGGEST_MOVES = 20;

export function previewFigures(
  pairs: readonly ScoredPair[],
  tierOrder: readonly string[],
): Omit<PreviewResult, 'sampled' | 'warnings'> {
  const afterScores = pairs.map((p) => p.after.score);
  const beforeScores = pairs.flatMap((p) => (p.before ? [p.before.score] : []));
  const bands = scoreBands([...afterScores, ...beforeScores]);
  const moves: TierMoves = {};
  for (const pair of pairs) addTierMove(moves, pair.before?.tier ?? UNSCORED, pair.after.tier);
  const compared = pairs.filter((p) => p.before !== undefined);

  return {
    ...(compared.length > 0
      ? {
          published: distribution(
            compared.map((p) => p.before!),
            bands,
          ),
        }
      : {}),
    draft: distribution(
      pairs.map((p) => p.after),
      bands,
    ),
    tierMoves: tierMoveList(moves, tierOrder),
    biggestMoves: compared
      .map((p) => ({ pair: p, change: Math.abs(p.after.score - p.before!.score) }))
      .filter(({ change }) => change > 0)
      .sort((a, b) => b.change - a.change || a.pair.contactId.localeCompare(b.pair.contactId))
      .slice(0, BIGGEST_MOVES)
      .map(({ pair }) => ({
        contactId: pair.contactId,
        ...(pair.name ? { name: pair.name } : {}),
        before: pair.before!,
        after: pair.after,
      })),
  };
}

/** Tier moves as the settings contract lists them: in tier order, '(unscored)' for no tier. */
export function tierMoveList(
  moves: Readonly<TierMoves>,
  tierOrder: readonly string[],
): PreviewResult['tierMoves'] {
  return orderedTierMoves(moves, tierOrder).map((move) => ({
    ...move,
    from: move.from === UNSCORED ? UNSCORED_LABEL : move.from,
  }));
}

type Band = { from: number; to: number };

/** Ten bands of a round width (1, 2, 5, 10, 20, 50, ...) covering every score. */
export function scoreBands(scores: readonly number[]): Band[] {
  if (scores.length === 0) return [];
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  const width = roundWidth((high - low) / BANDS);
  const start = Math.floor(low / width) * width;
  const bands: Band[] = [];
  for (let from = start; bands.length === 0 || from <= high; from += width) {
    bands.push({ from, to: from + width });
  }
  return bands;
}

function roundWidth(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

function distribution(
  scored: readonly { score: number; tier: string }[],
  bands: readonly Band[],
): PreviewResult['draft'] {
  const counts = bands.map((band) => ({ ...band, count: 0 }));
  const tiers: Record<string, number> = {};
  for (const { score, tier } of scored) {
    const band = counts.find((b) => score >= b.from && score < b.to) ?? counts.at(-1);
    if (band) band.count++;
    tiers[tier] = (tiers[tier] ?? 0) + 1;
  }
  const sorted = scored.map((s) => s.score).sort((a, b) => a - b);
  const n = sorted.length;
  const tierShares: Record<string, number> = {};
  for (const [tier, count] of Object.entries(tiers)) tierShares[tier] = count / n;
  return {
    bands: counts,
    tierShares,
    mean: n === 0 ? 0 : round(sorted.reduce((sum, s) => sum + s, 0) / n),
    median:
      n === 0
        ? 0
        : n % 2 === 1
          ? sorted[(n - 1) / 2]!
          : round((sorted[n / 2 - 1]! + sorted[n / 2]!) / 2),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
