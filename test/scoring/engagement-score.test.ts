import { describe, expect, it } from 'vitest';
import { explainEntry, scoreContact } from '../../src/scoring/index.ts';
import {
  aContact,
  daysAgo,
  defaultModel,
  NOW,
  touchpointModel,
} from '../helpers/scoring-fixtures.ts';

const DAY = 86_400_000;

describe('engagement: what the candidate did', () => {
  it('halves a whitepaper download after one half-life', () => {
    const model = touchpointModel(
      `{ id: paper, label: Whitepaper, channel: content, lastActivity: paper_date, points: 20, decay: { halfLifeDays: 30 } }`,
    );
    expect(scoreContact(model, { paper_date: daysAgo(0) }, NOW).engagement).toBe(20);
    expect(scoreContact(model, { paper_date: daysAgo(30) }, NOW).engagement).toBe(10);
    expect(scoreContact(model, { paper_date: daysAgo(60) }, NOW).engagement).toBe(5);
  });

  it('explains decay in numbers and words', () => {
    const result = scoreContact(
      defaultModel,
      aContact({
        recent_conversion_event_name: 'Salary guide 2026',
        recent_conversion_date: daysAgo(30),
      }),
      NOW,
    );
    // No property history given: the latest download counts, dated by recent_conversion_date.
    const download = result.breakdown.find((e) => e.id === 'content-downloads:1')!;
    expect(download).toMatchObject({ points: 12.5, basePoints: 25, matched: 'Salary guide' });
    expect(download.decay).toMatchObject({
      factor: 0.5,
      daysSinceLast: 30,
      rule: 'halves every 30 days',
    });
    expect(explainEntry(download)).toBe(
      'Content downloads, Salary guide: 25 points, halves every 30 days, last 30 days ago: 12.5',
    );
  });

  it('follows a step schedule', () => {
    const model = touchpointModel(
      `{ id: m, label: Meeting, channel: recruiter, lastActivity: met, points: 20, decay: { steps: [{ afterDays: 30, keep: 0.5 }, { afterDays: 90, keep: 0 }] } }`,
    );
    expect(scoreContact(model, { met: daysAgo(29) }, NOW).engagement).toBe(20);
    expect(scoreContact(model, { met: daysAgo(30) }, NOW).engagement).toBe(10);
    expect(scoreContact(model, { met: daysAgo(90) }, NOW).engagement).toBe(0);
    expect(scoreContact(model, { met: daysAgo(29) }, NOW).nextReviewAt).toBe(NOW + DAY);
  });

  it('counts twenty page views more than two, with diminishing returns', () => {
    const views = (n: number) =>
      scoreContact(
        defaultModel,
        { hs_analytics_num_page_views: String(n), hs_analytics_last_visit_timestamp: daysAgo(0) },
        NOW,
      ).engagement;
    expect(views(20)).toBeGreaterThan(views(2));
    expect(views(20)).toBeLessThan(10 * views(2));
    expect(views(1)).toBe(3);
    expect(views(3)).toBe(6); // 3 x log2(1 + 3)
  });

  it('weighs repeats 100/50/25% on a geometric curve', () => {
    const model = touchpointModel(
      `{ id: c, label: Clicks, channel: email, count: clicks, points: 8, quantity: { curve: geometric, ratio: 0.5 } }`,
    );
    expect(
      [1, 2, 3].map((n) => scoreContact(model, { clicks: String(n) }, NOW).engagement),
    ).toEqual([8, 12, 14]);
  });

  it('caps a linear curve at its number of occurrences', () => {
    const model = touchpointModel(
      `{ id: o, label: Opens, channel: email, count: opens, points: 1, quantity: { curve: linear, cap: 5 } }`,
    );
    expect(scoreContact(model, { opens: '4' }, NOW).engagement).toBe(4);
    expect(scoreContact(model, { opens: '40' }, NOW).engagement).toBe(5);
  });

  it('values a salary guide more than a newsletter sign-up', () => {
    const content = (name: string) =>
      scoreContact(
        defaultModel,
        { recent_conversion_event_name: name, recent_conversion_date: daysAgo(0) },
        NOW,
      ).engagement;
    expect(content('Download: Salarisgids ICT 2026')).toBe(25);
    expect(content('Newsletter sign-up')).toBe(3);
    expect(content('Contact us')).toBe(5);
  });

  it('keeps a channel within its cap with a visible cap entry', () => {
    const result = scoreContact(
      defaultModel,
      {
        hs_analytics_num_page_views: '500',
        hs_analytics_num_visits: '50',
        hs_analytics_last_visit_timestamp: daysAgo(0),
      },
      NOW,
    );
    const web = result.breakdown.filter((e) => e.group === 'web');
    expect(web.find((e) => e.kind === 'channel-cap')).toBeDefined();
    expect(web.reduce((sum, e) => sum + e.points, 0)).toBeCloseTo(15, 10);
  });

  it('reduces all engagement after a period without any', () => {
    const active = { hs_email_open: '3', hs_email_last_open_date: daysAgo(0) };
    const base = scoreContact(
      defaultModel,
      { ...active, hs_analytics_last_timestamp: daysAgo(0) },
      NOW,
    );
    expect(base.engagement).toBe(3);
    const model = touchpointModel(
      `{ id: p, label: Paper, channel: content, lastActivity: paper_date, points: 20 }`,
      `  inactivity:\n    steps: [{ afterDays: 30, reduceBy: 0.25 }, { afterDays: 90, reduceBy: 0.5 }]`,
    );
    expect(scoreContact(model, { paper_date: daysAgo(29) }, NOW).engagement).toBe(20);
    expect(scoreContact(model, { paper_date: daysAgo(31) }, NOW).engagement).toBe(15);
    const idle = scoreContact(model, { paper_date: daysAgo(94) }, NOW);
    expect(idle.engagement).toBe(10);
    const inactivity = idle.breakdown.find((e) => e.kind === 'inactivity')!;
    expect(explainEntry(inactivity)).toBe(
      'No engagement for 94 days: engagement -50% after 90 days: -10',
    );
  });

  it('reads numbers sent as strings and dates as ISO strings or epoch milliseconds', () => {
    const iso = scoreContact(
      defaultModel,
      { hs_email_click: '2', hs_email_last_click_date: daysAgo(30) },
      NOW,
    );
    const epoch = scoreContact(
      defaultModel,
      { hs_email_click: 2 as unknown as string, hs_email_last_click_date: String(NOW - 30 * DAY) },
      NOW,
    );
    // 3 + 1.5 points, halved after 30 days, then -25% for 30 days without engagement.
    expect(iso.engagement).toBe(1.69);
    expect(epoch.engagement).toBe(iso.engagement);
    expect(iso.warnings.filter((w) => w.startsWith('hs_email'))).toEqual([]);
  });

  it('treats a future date as now and warns', () => {
    const result = scoreContact(
      defaultModel,
      { hs_email_click: '1', hs_email_last_click_date: '2030-01-01T00:00:00Z' },
      NOW,
    );
    expect(result.engagement).toBe(3);
    expect(result.warnings).toContain(
      'hs_email_last_click_date: 2030-01-01T00:00:00.000Z is in the future; counted as now',
    );
  });

  it('does not decay a touchpoint whose date is unreadable, and says so', () => {
    const result = scoreContact(
      defaultModel,
      { hs_email_click: '1', hs_email_last_click_date: 'yesterday' },
      NOW,
    );
    expect(result.engagement).toBe(3);
    expect(result.warnings).toContain(
      'hs_email_last_click_date: "yesterday" is not a date; counted as unknown',
    );
    expect(result.warnings).toContain('email-clicks: date of last activity unknown; not decayed');
  });

  it('never crashes on garbage values', () => {
    const garbage = {
      hs_analytics_num_page_views: 'NaN',
      num_conversion_events: '-3',
      country: '',
      jobtitle: '   ',
      recent_conversion_date: '',
    };
    const result = scoreContact(defaultModel, garbage, NOW);
    expect(result.engagement).toBe(0);
    expect(result.warnings).toContain('num_conversion_events: -3 is below zero; counted as 0');
  });
});
