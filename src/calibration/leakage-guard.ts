import { protectedGroundOf, type ScoringModel } from '../model/index.ts';
import { SCORE_PROPERTY_NAMES } from '../hubspot/score-properties.ts';

/**
 * Leakage guard: a property that is set after or by the outcome ("HIRED" moves the lifecycle
 * stage) predicts the outcome perfectly in hindsight and not at all when a candidate is new.
 * Such properties are left out of learning, and so are protected attributes (never a criterion).
 *
 * Left out, with the reason shown in the report:
 * - the app's own outputs (`recruitment_score`, ...): they are a previous model's opinion;
 * - the outcome property itself, and `--exclude` names;
 * - properties the recruiting process sets as a candidate advances, whether or not they are
 *   the outcome: `hs_lead_status`, `lifecyclestage` and their stage dates, deal and owner
 *   assignment fields, last-modified dates (a status change modifies the contact);
 * - the time property of a time-based split (it orders the split, it is not a candidate trait);
 * - identifiers (`hs_object_id`).
 */
export type LeftOutReason =
  | 'app output'
  | 'outcome'
  | 'named by --exclude'
  | 'set by the hiring process (after the outcome)'
  | 'time of the split'
  | 'identifier'
  | 'protected attribute';

export interface LeftOutProperty {
  property: string;
  reason: LeftOutReason;
  /** The protected ground, for protected attributes. */
  ground?: string;
}

const POST_OUTCOME_NAMES = new Set([
  'hs_lead_status',
  'lifecyclestage',
  'lastmodifieddate',
  'hs_lastmodifieddate',
  'closedate',
  'num_associated_deals',
  'first_deal_created_date',
  'total_revenue',
  'hubspot_owner_assigneddate',
]);
const POST_OUTCOME_PREFIXES = [
  'hs_lifecyclestage_',
  'hs_date_entered_',
  'hs_date_exited_',
  'hs_time_in_',
  'hs_v2_date_entered_',
  'hs_v2_date_exited_',
  'hs_v2_time_in_',
  'hs_v2_cumulative_time_in_',
  'recent_deal_',
];
const IDENTIFIERS = new Set(['hs_object_id', 'id', 'email', 'hs_email_domain']);

export interface LeakageGuardInput {
  model: ScoringModel;
  outcomeProperty: string;
  timeProperty?: string | undefined;
  excluded: readonly string[];
}

export interface LeakageGuard {
  /** Why a property is left out, or undefined when it may be learned from. */
  reasonFor(property: string): LeftOutProperty | undefined;
}

export function leakageGuard(input: LeakageGuardInput): LeakageGuard {
  const appOutputs = new Set<string>(SCORE_PROPERTY_NAMES);
  const named = new Set(input.excluded);
  const cleared = new Set(input.model.fairness.notProtected.map((entry) => entry.property));
  return {
    reasonFor(property) {
      const because = (reason: LeftOutReason): LeftOutProperty => ({ property, reason });
      if (property === input.outcomeProperty) return because('outcome');
      if (appOutputs.has(property)) return because('app output');
      if (named.has(property)) return because('named by --exclude');
      if (
        POST_OUTCOME_NAMES.has(property) ||
        POST_OUTCOME_PREFIXES.some((prefix) => property.startsWith(prefix))
      ) {
        return because('set by the hiring process (after the outcome)');
      }
      if (property === input.timeProperty) return because('time of the split');
      if (IDENTIFIERS.has(property)) return because('identifier');
      const ground = cleared.has(property) ? undefined : protectedGroundOf(property);
      if (ground) return { property, reason: 'protected attribute', ground };
      return undefined;
    },
  };
}

/** Every left-out property among the ones seen, sorted by name. */
export function leftOutProperties(
  guard: LeakageGuard,
  properties: Iterable<string>,
): LeftOutProperty[] {
  const out: LeftOutProperty[] = [];
  for (const property of new Set(properties)) {
    const reason = guard.reasonFor(property);
    if (reason) out.push(reason);
  }
  return out.sort((a, b) => a.property.localeCompare(b.property));
}
