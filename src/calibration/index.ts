/**
 * Calibration: learn the model's points from candidates who applied or were hired, backtest
 * them on held-out candidates, and score the content. Pure, apart from the HubSpot fetch
 * (which talks to the HubSpotPort it is given).
 */
export {
  calibrate,
  type Calibration,
  type CalibrationContact,
  type CalibrationInput,
} from './calibrate.ts';
export { CalibrationError } from './calibration-error.ts';
export { reportJson, type CalibrationReport, type PointsLine } from './calibration-report.ts';
export { scoreContent, type ContentLift } from './content-scoring.ts';
export { DEFAULT_MAX_CRITERIA } from './discovery.ts';
export type { DiscoveryReport, ProposedCriterion } from './discovery-report.ts';
export type { TierLine, TierSuggestion } from './suggested-tiers.ts';
export {
  attachPropertyHistory,
  discoveryProperties,
  fetchAllContacts,
  historyToFetch,
  MAX_DISCOVERY_PROPERTIES,
  propertiesToFetch,
  readAccountCandidates,
  type AccountReadEvents,
  type AccountReadPlan,
  type AccountReading,
  type FetchProgress,
} from './hubspot-contacts.ts';
export { leakageGuard, type LeftOutProperty } from './leakage-guard.ts';
export { fitLogistic, sigmoid, type LogisticFit } from './logistic-regression.ts';
export { prAuc, rocAuc, topShare, wilsonInterval } from './metrics.ts';
export { outcomeTest, parseOutcome, type OutcomeSpec } from './outcome.ts';
export { reportHtml } from './report-html.ts';
export {
  generateCandidates,
  SYNTHETIC_DEFAULTS,
  SYNTHETIC_OUTCOME,
  type SyntheticCandidate,
  type SyntheticOptions,
} from './synthetic-candidates.ts';
