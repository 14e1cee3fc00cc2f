/**
 * From webhook events to scores in HubSpot: parse a delivery, triage it into work (whom to
 * rescore, which engagements to trace, whom to forget), rescore in batches of 100 writing only
 * what changed, the worker that drains the durable queue (bounded retries, dead letters, batch
 * deadlines), and the readiness judgement behind `/readyz`.
 */
export {
  CONTACT_OBJECT_TYPE_ID,
  ENGAGEMENT_OBJECT_TYPES,
  engagementTypeId,
  type EngagementTypeId,
} from './engagement-types.ts';
export {
  HUBSPOT_BATCH_SIZE,
  readProperties,
  rescoreContacts,
  type RescoreOptions,
  type RescoreOutcome,
  type RescoredContact,
} from './rescore-contacts.ts';
export { outputsUnchanged, withScoredAt, type OutputValues } from './score-outputs.ts';
export {
  createScoreWorker,
  DEFAULT_BATCH_DEADLINE_MS,
  DEFAULT_STOP_GRACE_MS,
  type PipelineLogger,
  type ScoreWorker,
  type ScoreWorkerOptions,
} from './score-worker.ts';
export type { WorkerProgress } from './worker-batches.ts';
export {
  describeFailure,
  tokensUndecryptable,
  undecryptableTokensMessage,
  type BatchFailure,
} from './batch-failure.ts';
export {
  DEFAULT_STALLED_AFTER_MS,
  judgeReadiness,
  type Readiness,
  type ReadinessBody,
  type ReadinessInput,
  type ReadinessStatus,
} from './readiness.ts';
export {
  triageDelivery,
  type ContactKey,
  type DeliveryWork,
  type EngagementKey,
  type IgnoreReason,
  type TriageOptions,
} from './triage-events.ts';
export {
  parseDelivery,
  type AssociationChange,
  type DeliveryParse,
  type WebhookEvent,
} from './webhook-events.ts';
