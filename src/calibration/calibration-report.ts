import type { CalibrationNote } from './calibration-notes.ts';
import type { ContentLift } from './content-scoring.ts';
import type { ModelEvaluation } from './evaluation.ts';
import type { DiscoveryReport } from './discovery-report.ts';
import type { FeatureStatus } from './fit-points.ts';
import type { FeatureKind } from './model-features.ts';
import type { LeftOutProperty } from './leakage-guard.ts';
import type { LimitCheck, ScoreRangeCheck } from './suggested-limits.ts';
import type { TierSuggestion } from './suggested-tiers.ts';
import type { TouchpointShape } from './touchpoint-shapes.ts';

/**
 * Everything calibration found, as numbers: written as the JSON report and drawn in the HTML
 * one. Field names are a contract for whoever reads report.json (a notebook, a dashboard).
 */
export interface CalibrationReport {
  /** When calibration ran (ISO). */
  calibratedAt: string;
  /** The moment scores were computed at (`--now`, ISO). */
  scoredAt: string;
  input: {
    candidates: number;
    withOutcome: number;
    outcome: { property: string; values: readonly string[] };
    model: string;
    /** Rows of the input that could not be read. */
    unreadableRows: number;
  };
  split: {
    kind: 'time' | 'stratified';
    description: string;
    seed: number | null;
    timeProperty: string | null;
    holdoutFrom: string | null;
    learning: { candidates: number; withOutcome: number };
    holdout: { candidates: number; withOutcome: number };
  };
  /** Held-out results, side by side. */
  holdout: {
    current: ModelEvaluation;
    suggested: ModelEvaluation;
    /** Plain logistic regression on all usable columns: the yardstick. */
    reference: ModelEvaluation;
  };
  points: PointsLine[];
  /**
   * Group limits, channel caps and content touchpoint caps, checked against the learnt points
   * (which were fitted without them): how many learning candidates each would cut, and where
   * the suggestion moved it (`moved`).
   */
  limits: LimitCheck[];
  /** The score range checked the same way (suggested-limits.ts), moved where it clipped many. */
  scoreRange: ScoreRangeCheck;
  /** Criteria, touchpoints and content items whose points were kept for want of data. */
  notSupported: string[];
  scale: {
    /** Log-odds per point used to turn learnt weights into points. */
    logOddsPerPoint: number;
    /** Log-odds per point of the current model's score. */
    currentLogOddsPerPoint: number;
    /** L2 penalty pulling learnt points towards the current ones (cross-validated). */
    penalty: number;
    /** Mean held-out log-likelihood per candidate of each penalty tried. */
    penaltiesTried: { l2: number; logLikelihood: number }[];
  };
  leakage: {
    leftOut: LeftOutProperty[];
    /** Left-out properties the model itself reads. */
    modelReads: string[];
  };
  reference: {
    used: { property: string; as: string; columns: number }[];
    skipped: { property: string; reason: string }[];
  };
  content: ContentLift[];
  /** Criteria proposed from the data (fit group "Discovered"), unless --no-discovery. */
  discovery: DiscoveryReport;
  /**
   * Each touchpoint's decay and each count's quantity curve as chosen by 3-fold cross-validation
   * on the learning candidates (empty with --no-discovery), with the shapes tried, the gain over
   * the current shape and when the data cannot decide.
   */
  touchpointShapes: TouchpointShape[];
  /** Tier thresholds from the learnt scores, with each tier's share before and after. */
  tiers: TierSuggestion;
  /** The notes in English (the command line, the HTML report). */
  warnings: string[];
  /** The same as data, for the admin's language on the settings page. */
  notes: CalibrationNote[];
}

export interface PointsLine {
  key: string;
  kind: FeatureKind;
  id: string;
  label: string;
  currentPoints: number;
  suggestedPoints: number;
  status: FeatureStatus;
  matches: number;
  outcomesAmongMatches: number;
  note: string | null;
}

/** JSON text of the report; NaN (an undefined ratio) becomes null. */
export function reportJson(report: CalibrationReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
