/**
 * From webhook events to scores in HubSpot: parse a delivery, triage it into work (whom to
 * rescore, which engagements to trace, whom to forget), rescore in batches of 100 writing only
 * what changed, and the worker that drains the durable queue.
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
  type RescoreOutcome,
  type RescoredContact,
} from './rescore-contacts.ts';
export { outputsUnchanged, withScoredAt, type OutputValues } from './score-outputs.ts';
export {
  createScoreWorker,
  type PipelineLogger,
  type ScoreWorker,
  type ScoreWorkerOptions,
} from './score-worker.ts';
export {
  triageDelivery,
  type ContactKey,
  type DeliveryWork,
  type EngagementKey,
  type IgnoreReason,
  type TriageOptions,
} from './triage-events.ts';
export { parseDelivery, type DeliveryParse, type WebhookEvent } from './webhook-events.ts';
