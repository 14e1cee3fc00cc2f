import type { Messages } from './messages.ts';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

export const en: Messages = {
  locale: 'en-US',
  loading: 'Loading the recruitment score…',
  loadErrorTitle: 'The recruitment score could not be loaded',
  retry: 'Try again',
  notScoredTitle: 'Not scored yet',
  notScoredBody:
    'This contact has no recruitment score yet. Scores are calculated when the contact changes and during the regular sweep; calculate it now to see what counts.',
  scoreNow: 'Calculate now',
  recalculate: 'Recalculate now',
  recalculateFailed: 'Recalculating failed',
  recalculatedSaved: 'Recalculated and saved to HubSpot.',
  recalculatedUnchanged: 'Recalculated: HubSpot already had this score.',
  scoreLabel: 'Score',
  fitLabel: 'Fit',
  engagementLabel: 'Engagement',
  disqualifiedTag: 'Disqualified',
  disqualifiedTitle: 'Outside the profile',
  profileSection: 'Profile',
  profileFitsTitle: 'Fit per profile',
  profileCounts: 'Counts: best fit',
  profilePinned: 'Counts: linked to this profile',
  profileKnockedOut: 'Outside this profile',
  countingProfile: (profile) => `Scored as ${profile} (best fit)`,
  countingProfilePinned: (profile) => `Scored as ${profile} (linked profile)`,
  limitsSection: 'Limits and inactivity',
  noContributions: 'Nothing counted yet: no profile criterion matched and no engagement is known.',
  rowLabel: (label, matched, occurrences) => {
    const what = matched ? `${label}: ${matched}` : label;
    return occurrences !== undefined && occurrences !== 1 ? `${what} ×${occurrences}` : what;
  },
  decayLine: (what, basePoints, points, rule, daysAgo) =>
    `${what}: ${basePoints} → ${points}, ${rule}, ${
      daysAgo === 0 ? 'last activity today' : `last ${days(daysAgo)} ago`
    }`,
  decayRule: (rule) =>
    'halfLifeDays' in rule
      ? `halves every ${days(rule.halfLifeDays)}`
      : rule.steps.map((s) => `${Math.round(s.keep * 100)}% after ${days(s.afterDays)}`).join(', '),
  occurrenceLine: (date, points) => `${date}: ${points}`,
  undated: 'date unknown',
  inactivityLine: (n, percent) => `No engagement for ${days(n)}: engagement −${percent}%`,
  nextChange: (n, date) => `Decay changes the score next in ${days(n)} (${date}).`,
  nextChangeSoon: (date) => `Decay changes the score next within a day (${date}).`,
  noNextChange: 'Decay will not change this score.',
  trendTitle: 'Score over time',
  trendDateAxis: 'Date',
  trendScoreAxis: 'Score',
  trendTooShort: 'The trend appears once the score has changed at least twice.',
  warningsTitle: 'Some data is missing or unreadable',
  unexpectedAnswer: 'The scoring service gave an answer the card does not understand.',
  unreachable: 'The scoring service could not be reached. Check your connection and try again.',
  scoredOn: (date) => `Scored on ${date}`,
  unknownValue: '–',
  storedLoadError: 'The stored recruitment score could not be read from HubSpot.',
  breakdownLoading: 'Loading the breakdown…',
  breakdownUnavailableTitle: 'Live breakdown unavailable',
  breakdownErrorTitle: 'The breakdown could not be loaded',
  liveDiffers: (live, stored) =>
    `Calculated now: ${live}; HubSpot still holds ${stored}. Recalculate to save the new score.`,
  trendUnavailable: 'The trend could not be loaded right now.',
  hubspotBusy: (seconds) =>
    `HubSpot is busy right now. The stored score is shown; try again ${retryIn(seconds)}.`,
  hubspotSlow: (seconds) =>
    `HubSpot is slow to answer right now. The stored score is shown; try again ${retryIn(seconds)}.`,
  tokenUndecryptable:
    "The app's stored HubSpot access cannot be read because the server's TOKEN_ENCRYPTION_KEY changed. Ask the operator to restore the previous TOKEN_ENCRYPTION_KEY, or an admin to reinstall the app.",
  accessRevoked:
    'The app no longer has access to this HubSpot account. Ask an admin to reinstall it.',
  notSigned:
    "The scoring service refused the request's HubSpot signature. Ask the operator to check the app's client secret on the server.",
  notInstalled: 'The recruitment scoring app is not installed in this account.',
  contactNotFound: 'This contact was not found in HubSpot; it may have been deleted or merged.',
  backendFailed: (status) => `The scoring service failed (HTTP ${status}). Try again.`,
};

function retryIn(seconds: number | undefined): string {
  if (seconds === undefined || seconds >= 90) return 'in a minute';
  return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
}
