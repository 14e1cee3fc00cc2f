/**
 * Rescoring without webhooks: the sweep that keeps decayed scores right (run on a schedule by
 * the server's `startAccountSweeps`, once by `recruitment-score rescore --due`), the "changed
 * since" pass that catches changes no webhook announces (on the same schedule), and the
 * resumable full recalculation after a model change (`rescore --all`).
 */
export {
  runDueSweep,
  describeSweep,
  type DueSweepOptions,
  type DueSweepSummary,
} from './due-sweep.ts';
export {
  runChangedSincePass,
  describeChangedSince,
  SEARCH_INDEX_LAG_MS,
  type ChangedSincePassOptions,
  type ChangedSinceSummary,
} from './changed-since-pass.ts';
export { isOwnWrite, OWN_WRITE_WINDOW_MS } from './own-writes.ts';
export {
  recalculateAllContacts,
  type FullRecalculationOptions,
  type FullRecalculationResult,
  type RecalculationPosition,
  type RecalculationProgress,
} from './full-recalculation.ts';
export {
  runResumableRecalculation,
  type RecalculationStart,
  type ResumableRecalculationOptions,
  type ResumableRecalculationResult,
} from './resumable-recalculation.ts';
export {
  createCheckpointStore,
  LIVE_RUN_MS,
  type CheckpointStore,
  type RecalculationRun,
  type RunStatus,
} from './checkpoint-store.ts';
export { rescoreBatch, emptyTally, type RescoreTally } from './rescore-batch.ts';
export {
  describeTierMoves,
  countTierMoves,
  orderedTierMoves,
  UNSCORED,
  type TierMove,
  type TierMoves,
} from './tier-moves.ts';
export { modelHash } from './model-hash.ts';
export { RecalculationError } from './recalculation-error.ts';
export { RecalculationProgressView, formatSeconds } from './recalculation-progress.ts';
export { summaryLines, leastRequests } from './run-summary.ts';
