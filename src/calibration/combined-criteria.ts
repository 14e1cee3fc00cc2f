import { criterionProperties, type Criterion, type ScoringModel } from '../model/index.ts';
import type { CandidateCriterion } from './candidate-criteria.ts';
import type { LeakageGuard } from './leakage-guard.ts';
import type { ModelFeature } from './model-features.ts';
import { sigmoid } from './logistic-regression.ts';

/**
 * Combined criteria: two conditions on two properties that must both match ("What is your
 * current occupation is Working professional and lead source is Reference"). An additive model
 * gives each condition its own points; a combination earns points of its own where the two
 * together say more (or less) than their sum, which is what a tree model finds and points per
 * property cannot. Each is still one model criterion with one label, so the breakdown explains
 * it in one sentence.
 *
 * Candidates are pairs of the criteria already in play (the model's own and the discovered
 * ones, `members`), on different properties, with the same support as any learnt criterion.
 * A pair that matches exactly whom one of its conditions matches adds nothing and is left out.
 * When there are many, the `maxPairs` with the highest score test at the current fit (`eta`,
 * learning candidates only) are kept; the stepwise selection with cross-validation
 * (criteria-selection.ts) then decides which, if any, go into the model.
 */
export interface PairMember {
  criterion: Pick<Criterion, 'id' | 'label' | 'property' | 'when'>;
  labelNl: string;
  /** 1 for each learning candidate it matches, else 0. */
  matches: Uint8Array;
}

/**
 * The model's own criteria that may be paired: not knockouts (a knockout is a verdict, not a
 * weight), not combined already (a criterion has at most two conditions), and reading no
 * property the leakage guard leaves out (a kept leaky criterion must not spread into new ones).
 * `x` holds the features' exposures (model-features.ts), `rows` candidates.
 */
export function modelPairMembers(
  model: ScoringModel,
  features: readonly ModelFeature[],
  x: Float64Array,
  rows: number,
  guard: LeakageGuard,
): PairMember[] {
  const p = features.length;
  const criteria = new Map(model.fit.groups.flatMap((g) => g.criteria).map((c) => [c.id, c]));
  const members: PairMember[] = [];
  features.forEach((feature, j) => {
    const criterion = criteria.get(feature.key);
    if (feature.kind !== 'criterion' || !criterion || criterion.knockout || criterion.and) return;
    if (criterionProperties(criterion).some((property) => guard.reasonFor(property))) return;
    members.push({
      criterion,
      labelNl: model.translations?.nl?.[criterion.id] ?? criterion.label,
      matches: Uint8Array.from({ length: rows }, (_, i) => (x[i * p + j]! > 0 ? 1 : 0)),
    });
  });
  return members;
}

export interface CombinedCandidate {
  candidate: CandidateCriterion;
  /** 1 for each learning candidate both conditions match, else 0. */
  column: Uint8Array;
  /** The two members' indexes. */
  members: readonly [number, number];
}

export interface CombinedOptions {
  /** Ids already in the model or proposed: a combination never reuses one. */
  takenIds: ReadonlySet<string>;
  minMatches: number;
  minOutcomes: number;
  /** At most this many pairs, by score test at `eta`. */
  maxPairs: number;
  /** Log-odds of the current fit for each learning candidate (intercept included). */
  eta: Float64Array;
}

export function combinedCandidates(
  members: readonly PairMember[],
  y: Uint8Array,
  options: CombinedOptions,
): CombinedCandidate[] {
  const n = y.length;
  const counts = members.map((m) => m.matches.reduce((sum, v) => sum + v, 0));
  const weight = new Float64Array(n);
  const residual = new Float64Array(n);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const p = sigmoid(options.eta[i]!);
    weight[i] = p * (1 - p);
    residual[i] = y[i]! - p;
    totalWeight += weight[i]!;
  }
  const scored: { a: number; b: number; statistic: number }[] = [];
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      if (members[a]!.criterion.property === members[b]!.criterion.property) continue;
      const left = members[a]!.matches;
      const right = members[b]!.matches;
      let matches = 0;
      let hits = 0;
      let u = 0;
      let zw = 0;
      for (let i = 0; i < n; i++) {
        if (left[i] === 0 || right[i] === 0) continue;
        matches++;
        hits += y[i]!;
        u += residual[i]!;
        zw += weight[i]!;
      }
      // One condition implying the other: the pair is the other criterion again.
      if (matches === counts[a] || matches === counts[b]) continue;
      if (matches < options.minMatches || n - matches < options.minMatches) continue;
      if (hits < options.minOutcomes) continue;
      const information = zw - (zw * zw) / totalWeight;
      if (!(information > 1e-9)) continue;
      scored.push({ a, b, statistic: (u * u) / information });
    }
  }
  scored.sort((p, q) => q.statistic - p.statistic || p.a - q.a || p.b - q.b);
  const ids = new Set(options.takenIds);
  return scored.slice(0, Math.max(0, options.maxPairs)).map(({ a, b }) => {
    const first = members[a]!;
    const second = members[b]!;
    const column = new Uint8Array(n);
    for (let i = 0; i < n; i++) column[i] = first.matches[i]! & second.matches[i]!;
    return {
      candidate: combinedCriterion(first, second, ids),
      column,
      members: [a, b] as const,
    };
  });
}

/** The combined criterion of two members, with its English and Dutch label and a new id. */
export function combinedCriterion(
  first: Pick<PairMember, 'criterion' | 'labelNl'>,
  second: Pick<PairMember, 'criterion' | 'labelNl'>,
  ids: Set<string>,
): CandidateCriterion {
  const stem =
    `found-${first.criterion.id.replace(/^found-/, '')}-and-${second.criterion.id.replace(/^found-/, '')}`
      .slice(0, 58)
      .replace(/-+$/, '');
  let id = stem;
  for (let i = 2; ids.has(id); i++) id = `${stem}-${i}`;
  ids.add(id);
  return {
    kind: 'combined',
    labelNl: `${first.labelNl} en ${continued(second.labelNl)}`,
    criterion: {
      id,
      label: `${first.criterion.label} and ${continued(second.criterion.label)}`,
      property: first.criterion.property,
      when: first.criterion.when,
      and: { property: second.criterion.property, when: second.criterion.when },
      points: 0,
      knockout: false,
    },
  };
}

/** "Lead source is Reference" continues a sentence as "lead source is Reference"; "SMS sent" stays. */
function continued(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
