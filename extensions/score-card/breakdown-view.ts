import type { BreakdownRow, ScoreResponse } from '../../src/card-api/score-response.ts';
import { formatDate, formatNumber, formatPoints } from './format.ts';
import type { Messages } from './messages/index.ts';

/** One line of the card's breakdown: what counted, its points, and how decay changed it. */
export interface RowView {
  id: string;
  label: string;
  points: number;
  /** Decay or inactivity in words and numbers. */
  detail?: string;
  /** History touchpoints: each download or visit that counts, "12 Nov 2026: +19.99". */
  occurrences?: string[];
}

export interface GroupView {
  id: string;
  title: string;
  /** The group's points: its rows add up to it. */
  points: number;
  rows: RowView[];
}

const PROFILE = 'profile';
const LIMITS = 'limits';

/**
 * The breakdown grouped as a recruiter reads it: the profile (fit), then each engagement
 * channel in the model's order, then the limits and inactivity that apply to the whole.
 * Groups without rows are left out; every entry lands in exactly one group.
 */
export function groupBreakdown(
  response: ScoreResponse,
  messages: Messages,
  timeZone?: string,
): GroupView[] {
  const groups: GroupView[] = [
    { id: PROFILE, title: messages.profileSection, points: 0, rows: [] },
    ...response.model.channels.map((c) => ({ id: c.id, title: c.label, points: 0, rows: [] })),
    { id: LIMITS, title: messages.limitsSection, points: 0, rows: [] },
  ];
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const entry of response.breakdown) {
    const group = byId.get(groupOf(entry)) ?? byId.get(LIMITS)!;
    group.rows.push(rowView(entry, response, messages, timeZone));
    group.points = Math.round((group.points + entry.points) * 100) / 100;
  }
  return groups.filter((g) => g.rows.length > 0);
}

function groupOf(entry: BreakdownRow): string {
  if (entry.section === 'fit') return PROFILE;
  if (entry.kind === 'touchpoint' || entry.kind === 'touchpoint-cap') return entry.group;
  if (entry.kind === 'channel-cap') return entry.group;
  return LIMITS;
}

function rowView(
  entry: BreakdownRow,
  response: ScoreResponse,
  messages: Messages,
  timeZone: string | undefined,
): RowView {
  const row: RowView = {
    id: entry.id,
    label: messages.rowLabel(entry.label, entry.matched, entry.occurrences),
    points: entry.points,
  };
  const decay = entry.decay;
  if (entry.kind === 'inactivity' && decay) {
    row.label = messages.inactivityLine(
      Math.floor(decay.daysSinceLast),
      Math.round((1 - decay.factor) * 100),
    );
  } else if (entry.kind === 'touchpoint' && decay) {
    // A history touchpoint has a line per content item: `content-downloads:1`.
    const rule = response.model.touchpointDecay[entry.id.replace(/:[^:]*$/, '')];
    row.detail = messages.decayLine(
      entry.matched ?? entry.label,
      formatNumber(entry.basePoints ?? entry.points, messages.locale),
      formatNumber(entry.points, messages.locale),
      rule ? messages.decayRule(rule) : decay.rule,
      Math.floor(decay.daysSinceLast),
    );
  }
  if (entry.events && entry.events.length > 1) {
    row.occurrences = entry.events.map((event) =>
      messages.occurrenceLine(
        event.at === null
          ? messages.undated
          : formatDate(new Date(event.at).toISOString(), messages.locale, timeZone),
        formatPoints(event.points, messages.locale),
      ),
    );
  }
  return row;
}

/** The knockout criteria that put the candidate outside the profile: "Lives abroad (country: Brazil)". */
export function knockoutReasons(response: ScoreResponse): string[] {
  return response.breakdown
    .filter((e) => e.kind === 'knockout')
    .map((e) => {
      const seen = e.inputs
        .filter((i) => i.value !== null && i.value !== '')
        .map((i) => `${i.property}: ${String(i.value)}`);
      return seen.length ? `${e.label} (${seen.join(', ')})` : e.label;
    });
}
