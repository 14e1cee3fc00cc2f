import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModel, ModelError, PROTECTED_GROUNDS } from '../../src/model/index.ts';
import {
  scoreContact,
  scoreContactTotals,
  type ContactProperties,
} from '../../src/scoring/index.ts';
import { defaultModel, MINIMAL_MODEL_HEAD, NOW, sumOfPoints } from '../helpers/scoring-fixtures.ts';

const DAY = 86_400_000;

const countValue = fc.oneof(
  fc.integer({ min: 0, max: 500 }).map(String),
  fc.constantFrom(null, '', 'abc', '-1', '2.5'),
);
const dateValue = fc.oneof(
  fc.integer({ min: -5, max: 800 }).map((days) => new Date(NOW - days * DAY).toISOString()),
  fc.integer({ min: 0, max: 800 }).map((days) => String(NOW - days * DAY)),
  fc.constantFrom(null, '', 'not a date', '2026-11-20'),
);
const textValue = (values: string[]) =>
  fc.oneof(fc.constantFrom(...values), fc.constant(null), fc.string({ maxLength: 12 }));

/** Contacts in HubSpot's value shapes, including the junk real accounts hold. */
const contactArb: fc.Arbitrary<Record<string, string | null>> = fc.record({
  country: textValue([
    'Netherlands',
    'NL',
    'Nederland',
    'Belgium',
    'Germany',
    'India',
    'United States',
  ]),
  city: textValue(['Utrecht', 'Amsterdam', 'Zwolle', 'Den Haag']),
  jobtitle: textValue([
    'Senior Java Developer',
    'Software Engineer',
    'IT Manager',
    'Student',
    'Sales Manager',
  ]),
  years_of_experience: fc.oneof(
    fc.double({ min: 0, max: 40, noNaN: true }).map(String),
    fc.constantFrom(null, 'many'),
  ),
  industry: textValue(['COMPUTER_SOFTWARE', 'RETAIL', 'INTERNET']),
  hs_analytics_num_page_views: countValue,
  hs_analytics_num_visits: countValue,
  hs_analytics_last_visit_timestamp: dateValue,
  hs_analytics_last_timestamp: dateValue,
  num_conversion_events: countValue,
  recent_conversion_event_name: textValue([
    'Salary guide 2026',
    'Whitepaper: cloud careers',
    'Newsletter',
    'Contact',
  ]),
  recent_conversion_date: dateValue,
  hs_email_open: countValue,
  hs_email_last_open_date: dateValue,
  hs_email_click: countValue,
  hs_email_last_click_date: dateValue,
  hs_email_replied: countValue,
  hs_email_last_reply_date: dateValue,
  hs_email_bounce: countValue,
  hs_social_num_broadcast_clicks: countValue,
  hs_social_last_engagement: dateValue,
  engagements_last_meeting_booked: dateValue,
  hs_sales_email_last_replied: dateValue,
});

const COUNTERS = [
  'hs_analytics_num_page_views',
  'hs_analytics_num_visits',
  'num_conversion_events',
  'hs_email_open',
  'hs_email_click',
  'hs_email_replied',
  'hs_social_num_broadcast_clicks',
] as const;

const score = (properties: ContactProperties, now = NOW) =>
  scoreContact(defaultModel, properties, now);

describe('invariants of the recruitment score', () => {
  it('the breakdown adds up to the score, and fit and engagement to their sections', () => {
    fc.assert(
      fc.property(contactArb, (contact) => {
        const result = score(contact);
        expect(sumOfPoints(result.breakdown)).toBe(result.score);
        expect(sumOfPoints(result.breakdown.filter((e) => e.section === 'fit'))).toBe(result.fit);
        expect(sumOfPoints(result.breakdown.filter((e) => e.section === 'engagement'))).toBe(
          result.engagement,
        );
        expect(result.score).toBeGreaterThanOrEqual(-100);
        expect(result.score).toBeLessThanOrEqual(100);
      }),
      { numRuns: 400 },
    );
  });

  it('totals without a breakdown are exactly the numbers of the full score', () => {
    fc.assert(
      fc.property(contactArb, (contact) => {
        const { breakdown: _breakdown, ...numbers } = score(contact);
        expect(scoreContactTotals(defaultModel, contact, NOW)).toEqual(numbers);
      }),
      { numRuns: 300 },
    );
  });

  it('more of the same touchpoint never lowers engagement', () => {
    fc.assert(
      fc.property(
        contactArb,
        fc.constantFrom(...COUNTERS),
        fc.nat(300),
        fc.nat(300),
        (contact, counter, a, b) => {
          const fewer = score({ ...contact, [counter]: String(Math.min(a, b)) });
          const more = score({ ...contact, [counter]: String(Math.max(a, b)) });
          expect(more.engagement).toBeGreaterThanOrEqual(fewer.engagement);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decay never raises a score: older activity never scores higher', () => {
    fc.assert(
      fc.property(contactArb, fc.integer({ min: 1, max: 400 }), (contact, extraDays) => {
        const aged: Record<string, string | null> = {};
        for (const [name, value] of Object.entries(contact)) {
          const time =
            value && /date|timestamp|engagement|booked|replied$/.test(name)
              ? Date.parse(value)
              : NaN;
          aged[name] =
            Number.isFinite(time) && value!.includes('T')
              ? new Date(time - extraDays * DAY).toISOString()
              : value;
        }
        expect(score(aged).engagement).toBeLessThanOrEqual(score(contact).engagement);
      }),
      { numRuns: 300 },
    );
  });

  it('a later now never raises engagement', () => {
    fc.assert(
      fc.property(contactArb, fc.integer({ min: 0, max: 400 }), (contact, laterDays) => {
        expect(score(contact, NOW + laterDays * DAY).engagement).toBeLessThanOrEqual(
          score(contact).engagement,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a knockout always yields disqualified', () => {
    fc.assert(
      fc.property(
        contactArb,
        fc.constantFrom('India', 'United States', 'Brazil', 'France'),
        (contact, country) => {
          expect(score({ ...contact, country }).tier).toBe('disqualified');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the next review is in the future, or null', () => {
    fc.assert(
      fc.property(contactArb, (contact) => {
        const { nextReviewAt } = score(contact);
        expect(nextReviewAt === null || nextReviewAt > NOW).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rescoring before the next review gives the same next review (so nothing is written)', () => {
    fc.assert(
      fc.property(contactArb, fc.double({ min: 0, max: 1, noNaN: true }), (contact, share) => {
        // Six days on, no generated date is in the future (a future date counts as now).
        const now = NOW + 6 * DAY;
        const { nextReviewAt } = score(contact, now);
        if (nextReviewAt === null) return;
        const between = now + Math.floor((nextReviewAt - now - 1) * share);
        expect(score(contact, between).nextReviewAt).toBe(nextReviewAt);
      }),
      { numRuns: 300 },
    );
  });

  it('protected attributes are always refused as criteria', () => {
    const names = Object.values(PROTECTED_GROUNDS).flat();
    const decorated = fc
      .tuple(
        fc.constantFrom(...names),
        fc.constantFrom('', 'hs_', 'candidate_', 'x_'),
        fc.constantFrom('', '_value', '_2'),
      )
      .map(([name, prefix, suffix]) => `${prefix}${name}${suffix}`);
    fc.assert(
      fc.property(
        decorated,
        fc.constantFrom('known: true', 'oneOf: [x]', 'range: { min: 1 }'),
        (property, when) => {
          const yaml = `${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: c, label: C, property: ${property}, points: 5, when: { ${when} } }
engagement: {}
`;
          expect(() => parseModel(yaml)).toThrow(ModelError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
