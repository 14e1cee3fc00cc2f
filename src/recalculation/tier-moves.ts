/**
 * Tier moves: how many contacts a rescoring run moved from one tier to another. Admins read
 * these to judge a model change ("cold → warm: 312"), so they are kept per pair of tiers and
 * printed in the model's tier order, not in the order the contacts happened to come by.
 */

/** "from → to" → number of contacts. A contact that had no tier yet moves from `UNSCORED`. */
export type TierMoves = Record<string, number>;

export const UNSCORED = 'unscored';
const ARROW = ' → ';

export function addTierMove(moves: TierMoves, from: string, to: string): void {
  if (from === to) return;
  const key = `${from}${ARROW}${to}`;
  moves[key] = (moves[key] ?? 0) + 1;
}

export function mergeTierMoves(into: TierMoves, more: Readonly<TierMoves>): void {
  for (const [key, count] of Object.entries(more)) into[key] = (into[key] ?? 0) + count;
}

export function countTierMoves(moves: Readonly<TierMoves>): number {
  return Object.values(moves).reduce((sum, count) => sum + count, 0);
}

/** One move between two tiers, and how many contacts made it. */
export interface TierMove {
  from: string;
  to: string;
  count: number;
}

/**
 * The moves in reading order: the model's tiers first in their order (hot, warm, cold,
 * disqualified), then tiers the model no longer has, then contacts not scored before.
 */
export function orderedTierMoves(
  moves: Readonly<TierMoves>,
  tierOrder: readonly string[],
): TierMove[] {
  const rank = (tier: string) => {
    if (tier === UNSCORED) return tierOrder.length + 1;
    const index = tierOrder.indexOf(tier);
    return index === -1 ? tierOrder.length : index;
  };
  return Object.entries(moves)
    .filter(([, count]) => count > 0)
    .map(([key, count]) => {
      const [from = '', to = ''] = key.split(ARROW);
      return { from, to, count };
    })
    .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}

/** One line per move, "cold → warm: 312", in the order of `orderedTierMoves`. */
export function describeTierMoves(
  moves: Readonly<TierMoves>,
  tierOrder: readonly string[],
): string[] {
  return orderedTierMoves(moves, tierOrder).map(
    ({ from, to, count }) => `${from}${ARROW}${to}: ${count.toLocaleString('en')}`,
  );
}
