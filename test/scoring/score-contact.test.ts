import { describe, expect, it } from 'vitest';
import { scoreContact, summarizeScore } from '../../src/scoring/index.ts';
import {
  aContact,
  daysAgo,
  defaultModel,
  NOW,
  touchpointModel,
} from '../helpers/scoring-fixtures.ts';

const DAY = 86_400_000;

describe('the recruitment score of a contact', () => {
  const hotCandidate = aContact({
    recent_conversion_event_name: 'Salary guide ICT 2026',
    recent_conversion_date: daysAgo(3),
    num_conversion_events: '2',
    hs_analytics_num_page_views: '20',
    hs_analytics_last_visit_timestamp: daysAgo(1),
    hs_analytics_last_timestamp: daysAgo(1),
  });

  it('puts a strongly engaged Dutch Java developer in the hot tier', () => {
    const result = scoreContact(defaultModel, hotCandidate, NOW);
    expect(result.fit).toBe(48);
    expect(result.engagement).toBeGreaterThan(22);
    expect(result.tier).toBe('hot');
  });

  it('uses the tier thresholds of the model, highest first', () => {
    const tierOf = (overrides: Record<string, string | null>) =>
      scoreContact(defaultModel, aContact(overrides), NOW).tier;
    const engaged = {
      recent_conversion_event_name: 'Salary guide ICT',
      recent_conversion_date: daysAgo(1),
    };
    expect(tierOf(engaged)).toBe('hot'); // fit 48 + salary guide 24.4
    expect(tierOf({})).toBe('warm'); // fit 48: a perfect profile without engagement is warm
    expect(tierOf({ city: 'Zwolle', industry: null, years_of_experience: null })).toBe('cold'); // 30
  });

  it('says the top reasons in one line for the summary property', () => {
    const summary = summarizeScore(scoreContact(defaultModel, hotCandidate, NOW));
    expect(summary).toMatch(
      /^Fit \+48: Lives in the Netherlands, Works in software development · Engagement \+\d+(\.\d+)?: Salary guide 3 days ago, /,
    );
  });

  it('schedules the next review when a half-life has taken one point', () => {
    const model = touchpointModel(
      `{ id: p, label: Paper, channel: content, lastActivity: d, points: 20, decay: { halfLifeDays: 30 } }`,
    );
    const result = scoreContact(model, { d: daysAgo(0) }, NOW);
    // 20 -> 19 points takes 30 x log2(20/19) days.
    expect(result.nextReviewAt).toBe(Math.ceil(NOW + 30 * Math.log2(20 / 19) * DAY));
  });

  it('has no next review when nothing can decay', () => {
    expect(scoreContact(defaultModel, aContact(), NOW).nextReviewAt).toBeNull();
  });

  it('is pure: same inputs, same result, and the contact is not changed', () => {
    const contact = Object.freeze({ ...hotCandidate });
    const first = scoreContact(defaultModel, contact, NOW);
    expect(scoreContact(defaultModel, contact, NOW)).toEqual(first);
  });
});
