/**
 * How well a score ranks candidates who reached the outcome above those who did not.
 * Ties are handled exactly (a score often repeats: many candidates have no engagement), so
 * the figures do not depend on the order the candidates came in.
 */

/** ROC-AUC: the chance that a random candidate with the outcome scores above one without (ties half). */
export function rocAuc(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): number {
  const groups = tieGroups(scores, outcomes, 'ascending');
  let negativesBelow = 0;
  let favourable = 0;
  let positives = 0;
  for (const group of groups) {
    favourable += group.positives * (negativesBelow + group.negatives / 2);
    negativesBelow += group.negatives;
    positives += group.positives;
  }
  const negatives = negativesBelow;
  return positives === 0 || negatives === 0 ? NaN : favourable / (positives * negatives);
}

/**
 * PR-AUC as average precision: the mean, over candidates with the outcome, of the precision at
 * the score where each is reached; a group of tied scores is reached all at once.
 */
export function prAuc(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): number {
  const groups = tieGroups(scores, outcomes, 'descending');
  const total = groups.reduce((sum, g) => sum + g.positives, 0);
  if (total === 0) return NaN;
  let seen = 0;
  let found = 0;
  let area = 0;
  for (const group of groups) {
    seen += group.positives + group.negatives;
    found += group.positives;
    area += (group.positives / total) * (found / seen);
  }
  return area;
}

export interface TopShare {
  /** Share of candidates taken from the top, 0.1 for the top 10%. */
  share: number;
  /** Outcome rate in the top share divided by the overall outcome rate. */
  lift: number;
  /** Share of all candidates with the outcome that are in the top share. */
  recall: number;
}

/**
 * Lift and recall in the top `share` of scores. A tie group crossing the cut counts in
 * proportion to the places left, as if the ties were ordered at random.
 */
export function topShare(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<boolean>,
  share: number,
): TopShare {
  const groups = tieGroups(scores, outcomes, 'descending');
  const n = scores.length;
  const total = groups.reduce((sum, g) => sum + g.positives, 0);
  const places = share * n;
  let taken = 0;
  let found = 0;
  for (const group of groups) {
    const size = group.positives + group.negatives;
    const take = Math.min(size, places - taken);
    if (take <= 0) break;
    found += group.positives * (take / size);
    taken += take;
  }
  const baseRate = total / n;
  return {
    share,
    lift: taken === 0 || baseRate === 0 ? NaN : found / taken / baseRate,
    recall: total === 0 ? NaN : found / total,
  };
}

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for a proportion (95% by default): honest for small samples and 0 or n. */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ScoreBand {
  /** 1 = the highest-scoring band. */
  band: number;
  scoreFrom: number;
  scoreTo: number;
  candidates: number;
  outcomes: number;
  observedRate: number;
  /** Mean predicted probability of the outcome. */
  predictedRate: number;
  /** observedRate / overall rate. */
  lift: number;
}

/**
 * Candidates in `bands` equal-sized score bands, highest first, with the observed outcome rate
 * against the predicted one (calibration) and the lift (by decile for 10 bands). Tied scores
 * stay in one band, so bands can differ in size.
 */
export function scoreBands(
  scores: ArrayLike<number>,
  predicted: ArrayLike<number>,
  outcomes: ArrayLike<boolean>,
  bands = 10,
): ScoreBand[] {
  const n = scores.length;
  const order = [...Array(n).keys()].sort((a, b) => scores[b]! - scores[a]!);
  const totalRate = order.filter((i) => outcomes[i]).length / n;
  const result: ScoreBand[] = [];
  let start = 0;
  for (let band = 1; band <= bands && start < n; band++) {
    let end = Math.max(start + 1, Math.round((band * n) / bands));
    while (end < n && scores[order[end]!] === scores[order[end - 1]!]) end++;
    const members = order.slice(start, end);
    const hits = members.filter((i) => outcomes[i]).length;
    const observedRate = hits / members.length;
    result.push({
      band,
      scoreFrom: scores[members[members.length - 1]!]!,
      scoreTo: scores[members[0]!]!,
      candidates: members.length,
      outcomes: hits,
      observedRate,
      predictedRate: members.reduce((sum, i) => sum + predicted[i]!, 0) / members.length,
      lift: totalRate === 0 ? NaN : observedRate / totalRate,
    });
    start = end;
  }
  return result;
}

interface TieGroup {
  positives: number;
  negatives: number;
}

function tieGroups(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<boolean>,
  direction: 'ascending' | 'descending',
): TieGroup[] {
  const order = [...Array(scores.length).keys()].sort((a, b) =>
    direction === 'ascending' ? scores[a]! - scores[b]! : scores[b]! - scores[a]!,
  );
  const groups: TieGroup[] = [];
  let previous = NaN;
  for (const i of order) {
    if (groups.length === 0 || scores[i] !== previous) {
      groups.push({ positives: 0, negatives: 0 });
      previous = scores[i]!;
    }
    const group = groups[groups.length - 1]!;
    if (outcomes[i]) group.positives++;
    else group.negatives++;
  }
  return groups;
}
