import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModel, ModelError } from '../../src/model/index.ts';
import {
  explainEntry,
  scoreContact,
  scoreContactTotals,
  type ContactHistory,
} from '../../src/scoring/index.ts';
import {
  daysAgo,
  MINIMAL_MODEL_HEAD,
  NOW,
  sumOfPoints,
  touchpointModel,
} from '../helpers/scoring-fixtures.ts';

const downloads = touchpointModel(`id: downloads
      label: Content downloads
      channel: content
      history: recent_conversion_event_name
      lastActivity: recent_conversion_date
      content:
        - { label: Salary guide, match: [salary guide, salarisgids], points: 20 }
        - { label: Newsletter, match: [newsletter], points: 2 }
      otherContentPoints: 4
      quantity: { curve: geometric, ratio: 0.5 }
      decay: { halfLifeDays: 30 }`);

const pages = touchpointModel(`id: pages
      label: Pages visited
      channel: web
      history: [hs_analytics_last_url, hs_analytics_first_url]
      content:
        - { label: Vacancy pages, urls: ['/vacatures/', '/jobs/*-developer'], points: 5 }
        - { label: Salary page, urls: ['/salaris'], points: 8 }
      quantity: { curve: logarithmic }
      maxPoints: 20`);

const conversions = (...entries: [string, number][]): ContactHistory => ({
  recent_conversion_event_name: entries.map(([value, days]) => ({
    value,
    timestamp: daysAgo(days),
  })),
});

describe('touchpoints that read property history', () => {
  it('keeps the salary guide after a later newsletter sign-up', () => {
    const properties = {
      recent_conversion_event_name: 'Newsletter',
      recent_conversion_date: daysAgo(1),
    };
    const history = conversions(['Newsletter', 1], ['Salary guide 2026', 10]);
    const withHistory = scoreContact(downloads, properties, NOW, history);
    const latestOnly = scoreContact(downloads, properties, NOW);

    const guide = withHistory.breakdown.find((e) => e.matched === 'Salary guide')!;
    expect(guide.points).toBeCloseTo(20 * 0.5 ** (10 / 30), 2);
    expect(guide.events).toHaveLength(1);
    expect(guide.events![0]!.at).toBe(Date.parse(daysAgo(10)));
    expect(withHistory.engagement).toBeGreaterThan(latestOnly.engagement + 15);
    expect(latestOnly.warnings).toContain(
      'downloads: no property history of recent_conversion_event_name given; only the latest value counted',
    );
    expect(withHistory.warnings).toEqual([]);
  });

  it('decays every occurrence from its own date, repeats following the quantity curve', () => {
    const history = conversions(['Salary guide', 60], ['Salarisgids 2026', 0]);
    const score = scoreContact(downloads, {}, NOW, history);
    const line = score.breakdown.find((e) => e.matched === 'Salary guide')!;
    expect(line.occurrences).toBe(2);
    // Newest first: the full first step, undecayed; then half a step, two half-lives old.
    expect(line.events!.map((e) => e.points)).toEqual([20, 2.5]);
    expect(line.points).toBe(22.5);
    expect(explainEntry(line)).toBe(
      'Content downloads, Salary guide x2 (halves every 30 days): 20 (0 days ago) + 2.5 (60 days ago) = +22.5',
    );
  });

  it('gives unmatched content the other-content points and ignores cleared values', () => {
    const history: ContactHistory = {
      recent_conversion_event_name: [
        { value: '', timestamp: daysAgo(0) },
        { value: 'Webinar: cloud careers', timestamp: daysAgo(0) },
      ],
    };
    const score = scoreContact(downloads, {}, NOW, history);
    expect(score.breakdown.map((e) => [e.id, e.label, e.matched, e.points])).toEqual([
      ['downloads:other', 'Content downloads: other content', undefined, 4],
    ]);
  });

  it('counts pages by URL pattern across the first and last URL, once per visit', () => {
    const history: ContactHistory = {
      hs_analytics_last_url: [
        {
          value: 'https://werkenbij.example.nl/vacatures/java?utm_source=x',
          timestamp: daysAgo(2),
        },
        { value: 'https://werkenbij.example.nl/Salaris', timestamp: daysAgo(5) },
        { value: 'https://werkenbij.example.nl/jobs/senior-java-developer', timestamp: daysAgo(9) },
        { value: 'https://werkenbij.example.nl/over-ons', timestamp: daysAgo(9) },
      ],
      hs_analytics_first_url: [
        // The same visit seen through the first URL: not a second occurrence.
        {
          value: 'https://werkenbij.example.nl/vacatures/java?utm_source=x',
          timestamp: daysAgo(2),
        },
      ],
    };
    const score = scoreContact(pages, {}, NOW, history);
    const vacancies = score.breakdown.find((e) => e.matched === 'Vacancy pages')!;
    expect(vacancies.occurrences).toBe(2);
    expect(vacancies.points).toBeCloseTo(5 * Math.log2(3), 2);
    expect(score.breakdown.find((e) => e.matched === 'Salary page')!.points).toBe(8);
    expect(
      score.breakdown.some((e) => e.inputs.some((i) => String(i.value).includes('over-ons'))),
    ).toBe(false);
  });

  it('limits the touchpoint to maxPoints with its own line, so the breakdown adds up', () => {
    const visits = Array.from({ length: 40 }, (_, i) => ({
      value: `/vacatures/job-${i}`,
      timestamp: daysAgo(i),
    }));
    const score = scoreContact(pages, {}, NOW, { hs_analytics_last_url: visits });
    expect(score.engagement).toBe(20);
    const cap = score.breakdown.find((e) => e.kind === 'touchpoint-cap')!;
    expect(cap.label).toBe('Pages visited: at most 20 points');
    expect(sumOfPoints(score.breakdown)).toBe(score.score);
  });

  it('sets the next review from the occurrence whose decay changes first', () => {
    const history = conversions(['Salary guide', 0], ['Newsletter', 3]);
    const score = scoreContact(downloads, {}, NOW, history);
    // The salary guide (20 points today) is the first to lose a whole point: at 19 points.
    const expected = NOW + 30 * Math.log2(20 / 19) * 86_400_000;
    expect(Math.abs(score.nextReviewAt! - expected)).toBeLessThan(1000);
    // Anchored to the activity dates: rescoring before the review finds the same review time.
    const before = scoreContactTotals(downloads, {}, score.nextReviewAt! - 60_000, history);
    expect(before.nextReviewAt).toBe(score.nextReviewAt);
  });

  it('counts history occurrences as engagement for inactivity', () => {
    const model = touchpointModel(
      `id: downloads
      label: Downloads
      channel: content
      history: recent_conversion_event_name
      points: 10`,
      `  inactivity:
    steps: [{ afterDays: 30, reduceBy: 0.5 }]`,
    );
    const recent = scoreContact(model, {}, NOW, conversions(['Guide', 5]));
    const old = scoreContact(model, {}, NOW, conversions(['Guide', 45]));
    expect(recent.engagement).toBe(10);
    expect(old.engagement).toBe(5);
    expect(old.breakdown.some((e) => e.kind === 'inactivity')).toBe(true);
  });

  it('reads a model without history touchpoints with no history properties to ask for', () => {
    const plain = touchpointModel(`id: views
      label: Page views
      channel: web
      count: hs_analytics_num_page_views
      points: 1`);
    expect(plain.historyProperties).toEqual([]);
    expect(pages.historyProperties).toEqual(['hs_analytics_first_url', 'hs_analytics_last_url']);
    expect(pages.properties).toContain('hs_analytics_last_url');
  });

  it('reports an unreadable history date and counts the occurrence undecayed', () => {
    const history: ContactHistory = {
      recent_conversion_event_name: [{ value: 'Salary guide', timestamp: 'yesterday' }],
    };
    const score = scoreContact(downloads, {}, NOW, history);
    expect(score.engagement).toBe(20);
    expect(score.warnings.join('\n')).toMatch(/recent_conversion_event_name: .*yesterday/);
    expect(score.warnings).toContain('downloads: an occurrence without a date; not decayed');
  });
});

describe('history touchpoints in the model file', () => {
  const head = `${MINIMAL_MODEL_HEAD}\nfit: { groups: [] }\nengagement:\n  touchpoints:\n    - `;
  const problems = (touchpoint: string) => {
    try {
      parseModel(head + touchpoint, 'test');
      return [];
    } catch (error) {
      return (error as ModelError).problems;
    }
  };

  it('refuses history together with count', () => {
    expect(
      problems(
        `{ id: x, label: X, channel: web, history: hs_analytics_last_url, count: hs_analytics_num_page_views, points: 1 }`,
      ),
    ).toEqual([
      'engagement.touchpoints[0].history: expected one of count, contentName or history, not count and history',
    ]);
  });

  it('refuses a content item with both words and URL patterns, or neither', () => {
    expect(
      problems(
        `{ id: x, label: X, channel: web, history: hs_analytics_last_url, content: [{ label: A, points: 1 }] }`,
      ),
    ).toEqual([
      'engagement.touchpoints[0].content[0].match: expected either match (words in a content name) or urls (page patterns)',
    ]);
  });

  it('refuses URL patterns that are not paths', () => {
    expect(
      problems(
        `{ id: x, label: X, channel: web, history: hs_analytics_last_url, content: [{ label: A, urls: ['vacatures'], points: 1 }] }`,
      ),
    ).toEqual([
      'engagement.touchpoints[0].content[0].urls[0]: expected a URL path pattern starting with "/", such as "/vacatures/*"',
    ]);
  });

  it('refuses a protected attribute read through history', () => {
    expect(problems(`{ id: x, label: X, channel: web, history: gender, points: 1 }`)[0]).toMatch(
      /^engagement\.touchpoints\[0\]\.history\[0\]: "gender" looks like a protected attribute/,
    );
  });
});

describe('history invariants', () => {
  const item = fc.constantFrom('Salary guide', 'Newsletter', 'Whitepaper', 'Salarisgids');
  const entry = fc.record({ value: item, days: fc.integer({ min: 0, max: 400 }) });
  const historyOf = (entries: { value: string; days: number }[]): ContactHistory => ({
    recent_conversion_event_name: entries.map((e) => ({
      value: e.value,
      timestamp: daysAgo(e.days),
    })),
  });

  it('never lowers engagement when an older occurrence is added', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), entry, (entries, extra) => {
        const oldest = Math.max(0, ...entries.map((e) => e.days));
        const older = { value: extra.value, days: oldest + 1 + extra.days };
        const before = scoreContactTotals(downloads, {}, NOW, historyOf(entries));
        const after = scoreContactTotals(downloads, {}, NOW, historyOf([...entries, older]));
        expect(after.engagement).toBeGreaterThanOrEqual(before.engagement);
      }),
    );
  });

  it('never raises engagement as time passes, and the breakdown always adds up', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        (entries, later) => {
          const history = historyOf(entries);
          const now = scoreContact(downloads, {}, NOW, history);
          const then = scoreContact(downloads, {}, NOW + later * 86_400_000, history);
          expect(then.engagement).toBeLessThanOrEqual(now.engagement);
          expect(sumOfPoints(now.breakdown)).toBe(now.score);
          for (const line of now.breakdown.filter((e) => e.events)) {
            expect(sumOfPoints(line.events!)).toBe(line.points);
          }
        },
      ),
    );
  });
});
