import { describe, expect, it } from 'vitest';
import { scoreContent } from '../../src/calibration/content-scoring.ts';
import { leakageGuard } from '../../src/calibration/leakage-guard.ts';
import { wilsonInterval } from '../../src/calibration/metrics.ts';
import { parseModel } from '../../src/model/index.ts';
import { trueModel, trueModelText } from './calibration-fixtures.ts';

/** n candidates with these properties, `hits` of them with the outcome. */
function group(n: number, hits: number, properties: Record<string, string | null>) {
  return Array.from({ length: n }, (_, i) => ({ properties, outcome: i < hits }));
}

const rows = [
  ...group(40, 20, { recent_conversion_event_name: 'Job alert: Java developer' }),
  ...group(10, 1, {
    recent_conversion_event_name: 'Newsletter sign-up',
    first_conversion_event_name: 'Job alert: Java developer',
  }),
  ...group(100, 10, { recent_conversion_event_name: 'Salary guide 2026' }),
  ...group(8, 4, { hs_email_last_email_name: 'Vacatures van de week' }),
  ...group(42, 0, { hs_analytics_last_url: 'https://careers.example.com/blog?utm_source=x' }),
];
const contacts = rows.map((r) => ({ properties: r.properties }));
const outcomes = rows.map((r) => r.outcome);
const guard = leakageGuard({ model: trueModel, outcomeProperty: 'hs_lead_status', excluded: [] });
const suggested = parseModel(trueModelText.replace('points: 28 }', 'points: 31 }'));
const content = scoreContent(contacts, outcomes, trueModel, suggested, guard);
const item = (name: string) => content.find((c) => c.name === name)!;

describe('content scoring', () => {
  it('counts a candidate who touched the content in the first or the latest conversion', () => {
    const alert = item('Job alert: Java developer');
    expect(alert).toMatchObject({ kind: 'conversion', touched: 50, outcomesTouched: 21 });
    expect(alert.rateTouched).toBeCloseTo(21 / 50, 12);
    expect(alert.rateNotTouched).toBeCloseTo((35 - 21) / 150, 12);
  });

  it('gives the lift over the overall rate with a Wilson interval', () => {
    const alert = item('Job alert: Java developer');
    const overall = 35 / 200;
    expect(alert.lift).toBeCloseTo(21 / 50 / overall, 12);
    const wilson = wilsonInterval(21, 50);
    expect(alert.liftInterval.low).toBeCloseTo(wilson.low / overall, 12);
    expect(alert.liftInterval.high).toBeCloseTo(wilson.high / overall, 12);
  });

  it('sorts by lift, highest first', () => {
    const lifts = content.map((c) => c.lift);
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a));
    expect(content[0]!.name).toBe('Vacatures van de week');
  });

  it('flags small samples: under 30 touched or under 5 outcomes among them', () => {
    expect(item('Vacatures van de week').smallSample).toBe(true);
    expect(item('Newsletter sign-up').smallSample).toBe(true);
    expect(item('Job alert: Java developer').smallSample).toBe(false);
    expect(item('Salary guide 2026').smallSample).toBe(false);
  });

  it('shows the points the content earns now and in the suggested model', () => {
    expect(item('Job alert: Java developer').points).toEqual([
      { touchpoint: 'latest-content', item: 'Job alert', current: 28, suggested: 31 },
    ]);
    expect(item('Salary guide 2026').points[0]).toMatchObject({ item: 'Salary guide', current: 4 });
  });

  it('treats a page without its query string as one page', () => {
    expect(item('https://careers.example.com/blog')).toMatchObject({
      kind: 'page',
      touched: 42,
      lift: 0,
    });
  });
});

describe('content scoring on the full record (property history)', () => {
  const applied = { property: 'hs_lead_status', values: ['APPLIED', 'HIRED'] };
  const at = (iso: string) => `${iso}T10:00:00.000Z`;
  const conversions = (...entries: [string, string][]) =>
    entries.map(([value, day]) => ({ value, timestamp: at(day) }));
  const candidate = (
    history: Record<string, { value: string; timestamp: string }[]>,
    latest: Record<string, string> = {},
  ) => ({ properties: latest, propertiesWithHistory: history });

  // 30 applied after the salary guide, then signed up for the newsletter after applying;
  // 30 only read the newsletter and did not apply.
  const people = [
    ...Array.from({ length: 30 }, () =>
      candidate(
        {
          recent_conversion_event_name: conversions(
            ['Newsletter', '2026-10-20'],
            ['Salary guide 2026', '2026-09-01'],
          ),
          hs_lead_status: conversions(['APPLIED', '2026-10-01'], ['OPEN', '2026-08-01']),
        },
        { recent_conversion_event_name: 'Newsletter', hs_lead_status: 'APPLIED' },
      ),
    ),
    ...Array.from({ length: 30 }, () =>
      candidate(
        {
          recent_conversion_event_name: conversions(
            ['Newsletter', '2026-10-20'],
            ['Newsletter', '2026-09-20'],
          ),
        },
        { recent_conversion_event_name: 'Newsletter' },
      ),
    ),
  ];
  const outcomesOf = people.map((_, i) => i < 30);
  const lifts = scoreContent(people, outcomesOf, trueModel, trueModel, guard, applied);
  const named = (name: string) => lifts.find((c) => c.name === name);

  it('counts the salary guide that the latest value no longer shows', () => {
    expect(named('Salary guide 2026')).toMatchObject({ touched: 30, outcomesTouched: 30, lift: 2 });
  });

  it('leaves out what a candidate touched after reaching the outcome', () => {
    // The appliers' newsletter came after they applied: it cannot have moved them.
    expect(named('Newsletter')).toMatchObject({ touched: 30, outcomesTouched: 0, lift: 0 });
  });

  it('counts every occurrence, and each candidate once in the reach', () => {
    expect(named('Newsletter')!.occurrences).toBe(60);
    expect(named('Salary guide 2026')!.occurrences).toBe(30);
  });

  it('without the outcome history counts everything in the record', () => {
    const all = scoreContent(people, outcomesOf, trueModel, trueModel, guard);
    expect(all.find((c) => c.name === 'Newsletter')).toMatchObject({
      touched: 60,
      outcomesTouched: 30,
    });
  });
});
