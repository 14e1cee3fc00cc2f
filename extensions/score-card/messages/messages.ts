import type { DecayRule } from '../../../src/card-api/score-response.ts';

/**
 * Every text the card shows. One object per language; numbers and dates are formatted with
 * the language's `locale`. Labels that come from the scoring model (criteria, touchpoints,
 * channels) are shown as the model file writes them.
 */
export interface Messages {
  /** BCP 47 tag for number and date formatting ("en-US", "nl-NL"). */
  locale: string;
  loading: string;
  loadErrorTitle: string;
  retry: string;
  notScoredTitle: string;
  notScoredBody: string;
  scoreNow: string;
  recalculate: string;
  recalculateFailed: string;
  recalculatedSaved: string;
  recalculatedUnchanged: string;
  scoreLabel: string;
  fitLabel: string;
  engagementLabel: string;
  disqualifiedTag: string;
  disqualifiedTitle: string;
  profileSection: string;
  /** Models with several fit profiles (job families, vacancies): the fit per profile. */
  profileFitsTitle: string;
  /** The tag of the profile that counts because it has the best fit. */
  profileCounts: string;
  /** The tag of the profile that counts because the candidate is linked to it (pinned). */
  profilePinned: string;
  /** The tag of a profile whose knockout matched. */
  profileKnockedOut: string;
  /** The headline's line on which fit profile makes the score (best fit). */
  countingProfile: (profile: string) => string;
  /** The same, when the candidate is linked to the profile (pinned). */
  countingProfilePinned: (profile: string) => string;
  limitsSection: string;
  noContributions: string;
  /** "Latest content download: Salary guide" */
  rowLabel(label: string, matched: string | undefined, occurrences: number | undefined): string;
  /** "Salary guide: 25 → 12.5, halves every 30 days, last 30 days ago" */
  decayLine(
    what: string,
    basePoints: string,
    points: string,
    rule: string,
    daysAgo: number,
  ): string;
  decayRule(rule: DecayRule): string;
  /** One download or visit of a history touchpoint: "12 Nov 2026: +19.99" */
  occurrenceLine(date: string, points: string): string;
  /** In place of the date of an occurrence HubSpot gave no readable date for. */
  undated: string;
  /** "No engagement for 94 days: engagement −50%" */
  inactivityLine(days: number, percent: number): string;
  nextChange(days: number, date: string): string;
  nextChangeSoon(date: string): string;
  noNextChange: string;
  trendTitle: string;
  trendDateAxis: string;
  trendScoreAxis: string;
  trendTooShort: string;
  warningsTitle: string;
  unexpectedAnswer: string;
  unreachable: string;
  /** "Scored on 18 Nov 2026" (when HubSpot's stored outputs last changed). */
  scoredOn(date: string): string;
  /** A value HubSpot does not hold (yet). */
  unknownValue: string;
  storedLoadError: string;
  breakdownLoading: string;
  breakdownUnavailableTitle: string;
  breakdownErrorTitle: string;
  /** The live breakdown differs from what HubSpot stores (decay since the last write). */
  liveDiffers(live: string, stored: string): string;
  trendUnavailable: string;
  /** Worded failures of the backend, by the reason or status it answered. */
  hubspotBusy(retryAfterSeconds: number | undefined): string;
  hubspotSlow(retryAfterSeconds: number | undefined): string;
  tokenUndecryptable: string;
  accessRevoked: string;
  notSigned: string;
  notInstalled: string;
  contactNotFound: string;
  backendFailed(status: number): string;
}
