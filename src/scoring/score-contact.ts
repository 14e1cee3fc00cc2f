import { DISQUALIFIED_TIER } from '../model/model-schema.ts';
import type { BreakdownEntry, ContactScore, ContactTotals } from './breakdown.ts';
import type { CompiledModel } from './compiled-model.ts';
import { scoreEngagement } from './engagement-score.ts';
import { profileFits } from './fit-profiles.ts';
import { limitCents, scoreFit } from './fit-score.ts';
import type { ContactHistory } from './history-touchpoint.ts';
import type { ContactProperties } from './hubspot-values.ts';

/**
 * The recruitment lead score of one contact, with the breakdown that explains it. Pure: the
 * same model, properties, history and `now` (epoch ms) always give the same result; no clock,
 * no I/O, never throws on bad values. `history` (HubSpot's `propertiesWithHistory`) is read only
 * by touchpoints with `history:`; without it they count the latest value.
 *
 * Rounding: every breakdown entry is rounded to 0.01 points (Math.round on hundredths);
 * fit, engagement and score are exact sums of their entries, so the breakdown adds up.
 */
export function scoreContact(
  compiled: CompiledModel,
  properties: ContactProperties,
  now: number,
  history?: ContactHistory,
): ContactScore {
  const breakdown: BreakdownEntry[] = [];
  const t = computeScore(compiled, properties, now, breakdown, history);
  // Spelled out: `{ ...totals, breakdown }` was the single most expensive line of scoring.
  if (t.profiles !== undefined) {
    return {
      score: t.score,
      fit: t.fit,
      engagement: t.engagement,
      tier: t.tier,
      nextReviewAt: t.nextReviewAt,
      warnings: t.warnings,
      profile: t.profile,
      profiles: t.profiles,
      breakdown,
    };
  }
  return {
    score: t.score,
    fit: t.fit,
    engagement: t.engagement,
    tier: t.tier,
    nextReviewAt: t.nextReviewAt,
    warnings: t.warnings,
    breakdown,
  };
}

/**
 * The same numbers as `scoreContact` without building the breakdown: for bulk work that needs
 * only the outputs (summaries, calibration, sweeps). It allocates next to nothing.
 */
export function scoreContactTotals(
  compiled: CompiledModel,
  properties: ContactProperties,
  now: number,
  history?: ContactHistory,
): ContactTotals {
  return computeScore(compiled, properties, now, undefined, history);
}

function computeScore(
  compiled: CompiledModel,
  properties: ContactProperties,
  now: number,
  breakdown: BreakdownEntry[] | undefined,
  history: ContactHistory | undefined,
): ContactTotals {
  let warnings: string[] = [];
  const { values, pass } = compiled.scratch;
  compiled.reader.read(properties, values);
  pass.reviewAt = Infinity;
  pass.knockedOut = false;
  pass.profile = -1;
  pass.pinnedProfile = -1;

  const fitCents = scoreFit(compiled, values, now, breakdown, warnings, pass);
  const engagementCents = scoreEngagement(
    compiled,
    values,
    history,
    now,
    breakdown,
    warnings,
    pass,
  );

  const { score: range, tiers } = compiled.model;
  const totalCents = fitCents + engagementCents;
  const scoreCents = limitCents(totalCents, range.min, range.max);
  if (breakdown && scoreCents !== totalCents) {
    breakdown.push({
      id: 'score-limit',
      kind: 'score-limit',
      section: 'total',
      group: 'score',
      label: `Score ${scoreCents > totalCents ? `at least ${range.min}` : `at most ${range.max}`}`,
      points: (scoreCents - totalCents) / 100,
      inputs: [],
    });
  }
  // `+ 0` turns -0 into 0: HubSpot and JSON readers should never see "-0".
  const score = scoreCents / 100 + 0;

  const tier = pass.knockedOut ? DISQUALIFIED_TIER : tierOf(tiers, score);

  if (warnings.length > 1 && hasDuplicates(warnings)) warnings = [...new Set(warnings)];
  const nextReviewAt = pass.reviewAt === Infinity ? null : Math.ceil(pass.reviewAt);
  const fit = fitCents / 100 + 0;
  const engagement = engagementCents / 100 + 0;
  if (compiled.profiles !== undefined) {
    const profile = compiled.profiles[pass.profile]!.id;
    const profiles = profileFits(compiled, pass);
    return { score, fit, engagement, tier, nextReviewAt, warnings, profile, profiles };
  }
  return { score, fit, engagement, tier, nextReviewAt, warnings };
}

/** The first tier (highest first) whose minimum the score reaches; the last has none. */
function tierOf(tiers: CompiledModel['model']['tiers'], score: number): string {
  for (let i = 0; i < tiers.length - 1; i++) {
    const minScore = tiers[i]!.minScore;
    if (minScore === undefined || score >= minScore) return tiers[i]!.name;
  }
  return tiers[tiers.length - 1]!.name;
}

/** A fit date criterion and a touchpoint may report the same unreadable date; no allocation. */
function hasDuplicates(warnings: readonly string[]): boolean {
  for (let i = 1; i < warnings.length; i++) {
    for (let j = 0; j < i; j++) if (warnings[j] === warnings[i]) return true;
  }
  return false;
}
