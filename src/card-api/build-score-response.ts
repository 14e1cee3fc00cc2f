import type { PropertyHistoryEntry } from '../hubspot/hubspot-port.ts';
import { SCORE_PROPERTIES } from '../hubspot/score-properties.ts';
import { CHANNELS, type Channel } from '../model/model-schema.ts';
import {
  explainEntry,
  type BreakdownEntry,
  type CompiledModel,
  type ContactScore,
} from '../scoring/index.ts';
import {
  scoreResponseSchema,
  type BreakdownRow,
  type HistoryPoint,
  type ModelInfo,
  type ScoreResponse,
} from './score-response.ts';

/** A sidebar chart shows a few months at most; HubSpot's 1 MB response limit is far away. */
export const MAX_HISTORY_POINTS = 200;

const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Website',
  email: 'Email',
  content: 'Content',
  social: 'Social',
  ads: 'Ads',
  recruiter: 'Recruiter',
};

export interface ScoreResponseInput {
  compiled: CompiledModel;
  contactId: string;
  portalId: string;
  /** The contact's properties as HubSpot holds them (after a write: with the written values). */
  properties: Readonly<Record<string, string | null>>;
  score: ContactScore;
  history: readonly PropertyHistoryEntry[];
  now: number;
  rescore?: { written: boolean };
  /** HubSpot did not give the history in time: `history` is empty for that reason. */
  historyUnavailable?: boolean;
}

/** The card's answer, checked against the shared schema: a mismatch is our bug, not the card's. */
export function buildScoreResponse(input: ScoreResponseInput): ScoreResponse {
  const { score, properties } = input;
  const response: ScoreResponse = {
    contactId: input.contactId,
    portalId: input.portalId,
    score: score.score,
    fit: score.fit,
    engagement: score.engagement,
    tier: score.tier,
    nextReviewAt: score.nextReviewAt === null ? null : new Date(score.nextReviewAt).toISOString(),
    scoredAt: new Date(input.now).toISOString(),
    breakdown: score.breakdown.map(breakdownRow),
    warnings: score.warnings,
    history: scoreHistory(input.history),
    stored: {
      score: readStoredNumber(properties[SCORE_PROPERTIES.score]),
      scoredAt: readStoredDate(properties[SCORE_PROPERTIES.scoredAt]),
    },
    model: modelInfo(input.compiled, score.profile),
  };
  if (score.profile !== undefined && score.profiles) {
    response.profile = score.profile;
    response.profiles = score.profiles;
  }
  if (input.rescore) response.rescore = input.rescore;
  if (input.historyUnavailable) response.historyUnavailable = true;
  return scoreResponseSchema.parse(response);
}

function breakdownRow(entry: BreakdownEntry): BreakdownRow {
  const inputs = entry.inputs.map(({ property, value }) => ({ property, value: value ?? null }));
  return { ...entry, inputs, explanation: explainEntry(entry) };
}

/** The values `recruitment_score` had, oldest first; cleared values are left out. */
export function scoreHistory(entries: readonly PropertyHistoryEntry[]): HistoryPoint[] {
  const points: { at: number; score: number }[] = [];
  for (const entry of entries) {
    const score = readStoredNumber(entry.value);
    const at = readTime(entry.timestamp);
    if (score !== null && at !== undefined) points.push({ at, score });
  }
  points.sort((a, b) => a.at - b.at);
  return points
    .slice(-MAX_HISTORY_POINTS)
    .map((p) => ({ timestamp: new Date(p.at).toISOString(), score: p.score }));
}

export function modelInfo(compiled: CompiledModel, profileId?: string): ModelInfo {
  const { model } = compiled;
  // The breakdown holds the counting profile's fit lines: name its groups.
  const fitGroups =
    model.fit.profiles?.find((profile) => profile.id === profileId)?.groups ?? model.fit.groups;
  const touchpointDecay: ModelInfo['touchpointDecay'] = {};
  for (const t of model.engagement.touchpoints) if (t.decay) touchpointDecay[t.id] = t.decay;
  return {
    name: model.name,
    scoreRange: { min: model.score.min, max: model.score.max },
    tiers: model.tiers.map((t) => ({
      name: t.name,
      label: t.label ?? t.name.charAt(0).toUpperCase() + t.name.slice(1),
      minScore: t.minScore ?? null,
    })),
    fitGroups: fitGroups.map((g) => ({ id: g.id, label: g.label })),
    channels: CHANNELS.map((id) => ({
      id,
      label: model.engagement.channels[id]?.label ?? CHANNEL_LABELS[id],
      max: model.engagement.channels[id]?.max ?? null,
    })),
    touchpointDecay,
  };
}

function readStoredNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function readStoredDate(value: string | null | undefined): string | null {
  const at = readTime(value);
  return at === undefined ? null : new Date(at).toISOString();
}

/** HubSpot gives datetimes as ISO-8601 or as epoch milliseconds. */
function readTime(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const at = /^\d{9,}$/.test(value.trim()) ? Number(value) : Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}
