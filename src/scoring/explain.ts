import type { BreakdownEntry } from './breakdown.ts';
import { formatDays } from './decay.ts';

/** Points with a sign and at most two decimals: "+20", "-6.25". */
export function formatPoints(points: number): string {
  const text = String(Math.round(points * 100) / 100);
  return points > 0 ? `+${text}` : text;
}

function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function describeInputs(entry: BreakdownEntry): string {
  const values = entry.inputs
    .filter(({ value }) => value !== null && value !== undefined && value !== '')
    .map(({ property, value }) => `${property}: ${String(value)}`);
  return values.length ? ` (${values.join(', ')})` : '';
}

/**
 * One sentence a recruiter can read: what counted, with the arithmetic of decay.
 * "Latest content download, Salary guide: 25 points, halves every 30 days, last 30 days ago: 12.5"
 */
export function explainEntry(entry: BreakdownEntry): string {
  switch (entry.kind) {
    case 'criterion':
    case 'knockout': {
      const outside = entry.kind === 'knockout' ? ' (outside the profile: disqualified)' : '';
      return `${entry.label}${describeInputs(entry)}: ${formatPoints(entry.points)}${outside}`;
    }
    case 'touchpoint': {
      const what = entry.matched ? `${entry.label}, ${entry.matched}` : entry.label;
      const times =
        entry.occurrences !== undefined && entry.occurrences !== 1
          ? ` x${formatNumber(entry.occurrences)}`
          : '';
      if (entry.events && entry.events.length > 1) return explainEvents(entry, what, times);
      if (!entry.decay) return `${what}${times}: ${formatPoints(entry.points)}`;
      const d = entry.decay;
      return (
        `${what}${times}: ${formatNumber(entry.basePoints ?? entry.points)} points, ${d.rule}, ` +
        `last ${formatDays(Math.floor(d.daysSinceLast))} ago: ${formatNumber(entry.points)}`
      );
    }
    case 'inactivity':
      return `${entry.label}: ${entry.decay?.rule ?? 'engagement reduced'}: ${formatPoints(entry.points)}`;
    case 'group-limit':
    case 'touchpoint-cap':
    case 'channel-cap':
    case 'score-limit':
      return `${entry.label}: ${formatPoints(entry.points)}`;
  }
}

/**
 * A history touchpoint's occurrences, each with its own age:
 * "Content downloads, Salary guide x2 (halves every 30 days): 20.05 (10 days ago) + 4.2 (60 days ago) = +24.25"
 */
function explainEvents(entry: BreakdownEntry, what: string, times: string): string {
  const rule = entry.decay ? ` (${entry.decay.rule})` : '';
  const lastAt = entry.decay?.lastActivityAt;
  const daysAgo = entry.decay ? entry.decay.daysSinceLast : undefined;
  const parts = entry.events!.map((event) => {
    if (event.at === null || lastAt === undefined || daysAgo === undefined) {
      return formatNumber(event.points);
    }
    const age = daysAgo + (lastAt - event.at) / 86_400_000;
    return `${formatNumber(event.points)} (${formatDays(Math.floor(age))} ago)`;
  });
  return `${what}${times}${rule}: ${parts.join(' + ')} = ${formatPoints(entry.points)}`;
}

/**
 * The top reasons in one line, for the `recruitment_score_summary` property:
 * "Fit +35: Java developer, Utrecht · Engagement +22: salary guide 3 days ago"
 */
export function summarizeScore(
  score: { fit: number; engagement: number; breakdown: readonly BreakdownEntry[] },
  maxReasonsPerSection = 2,
): string {
  const reasons = (section: 'fit' | 'engagement') =>
    score.breakdown
      .filter(
        (e) =>
          e.section === section &&
          (e.kind === 'criterion' || e.kind === 'knockout' || e.kind === 'touchpoint'),
      )
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
      .slice(0, maxReasonsPerSection)
      .map((e) => {
        const when = e.decay ? ` ${formatDays(Math.floor(e.decay.daysSinceLast))} ago` : '';
        return `${e.matched ?? e.label}${when}`;
      })
      .join(', ');
  const fitReasons = reasons('fit');
  const engagementReasons = reasons('engagement');
  return [
    `Fit ${formatPoints(score.fit)}${fitReasons ? `: ${fitReasons}` : ''}`,
    `Engagement ${formatPoints(score.engagement)}${engagementReasons ? `: ${engagementReasons}` : ''}`,
  ].join(' · ');
}
