import type { Condition, SecondCondition } from '../model/index.ts';
import type { CandidateCriterion } from './candidate-criteria.ts';
import type { Discovery } from './discovery.ts';
import { DEFAULT_MAX_CRITERIA } from './discovery.ts';
import type { LearnedFeature } from './fit-points.ts';

/**
 * The report's account of discovery: each proposed criterion in plain words (English and
 * Dutch), what it tests, how many learning candidates it covers, their outcome rate and the
 * points the fit gave it. `heldOutLoss` is the cross-validation behind the number proposed.
 */
export interface DiscoveryReport {
  on: boolean;
  maxCriteria: number;
  /** Candidates with enough support that the selection considered. */
  candidatesTried: number;
  /** Whether the Dutch labels are in the suggested model (translations.nl). */
  dutchInModel: boolean;
  proposed: ProposedCriterion[];
  /** Proposals the fit gave 0 points: left out of the suggested model. */
  unweighted: number;
  /** Mean held-out log-loss by number of proposals (index 0: none). */
  heldOutLoss: number[];
  /** Combined criteria (pairs of two conditions) looked at after the single ones. */
  combinationsTried: number;
  /** Mean held-out log-loss by number of combined criteria added to the chosen ones (index 0: none). */
  combinedHeldOutLoss: number[];
}

export interface ProposedCriterion {
  id: string;
  label: string;
  labelNl: string;
  property: string;
  kind: CandidateCriterion['kind'];
  when: Condition;
  /** A combined criterion's second condition (kind `combined`). */
  and?: SecondCondition;
  points: number;
  /** Learning candidates who match, and how many of them reached the outcome. */
  matches: number;
  outcomesAmongMatches: number;
  outcomeRate: number;
}

export function discoveryReport(
  discovery: Discovery | undefined,
  features: readonly LearnedFeature[],
  option: { maxCriteria?: number } | false | undefined,
): DiscoveryReport {
  const maxCriteria = option === false ? 0 : (option?.maxCriteria ?? DEFAULT_MAX_CRITERIA);
  if (!discovery) {
    return {
      on: false,
      maxCriteria,
      candidatesTried: 0,
      dutchInModel: false,
      proposed: [],
      unweighted: 0,
      heldOutLoss: [],
      combinationsTried: 0,
      combinedHeldOutLoss: [],
    };
  }
  const byKey = new Map(features.map((f) => [f.key, f]));
  return {
    on: true,
    maxCriteria,
    candidatesTried: discovery.candidatesTried,
    dutchInModel: discovery.dutchWritten,
    heldOutLoss: discovery.heldOutLoss,
    combinationsTried: discovery.combinationsTried,
    combinedHeldOutLoss: discovery.combinedHeldOutLoss,
    unweighted: discovery.unweighted,
    proposed: discovery.proposed.map(({ criterion, labelNl, kind }) => {
      const learnt = byKey.get(criterion.id);
      const matches = learnt?.matches ?? 0;
      const hits = learnt?.outcomesAmongMatches ?? 0;
      return {
        id: criterion.id,
        label: criterion.label,
        labelNl,
        property: criterion.property,
        kind,
        when: criterion.when,
        ...(criterion.and ? { and: criterion.and } : {}),
        points: learnt?.suggestedPoints ?? 0,
        matches,
        outcomesAmongMatches: hits,
        outcomeRate: matches > 0 ? hits / matches : NaN,
      };
    }),
  };
}
