import { describe, expect, it } from 'vitest';
import {
  aContact,
  daysAgo,
  jsonLines,
  runCli,
  scratchFolder,
  SMALL_MODEL,
  TODAY,
  toJsonl,
} from './cli-helpers.ts';

const file = scratchFolder();

describe('score --format jsonl', () => {
  it('prints one line per contact with score, tiers, review date, explained breakdown and warnings', async () => {
    const input = file(
      'two.jsonl',
      toJsonl([aContact('101'), aContact('102', { years_of_experience: 'ten' })]),
    );

    const { code, stdout, stderr } = await runCli(['score', '--input', input, '--now', TODAY]);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = jsonLines(stdout);
    expect(lines.map((l) => l.id)).toEqual(['101', '102']);
    const [first, second] = lines;
    expect(Object.keys(first!)).toEqual([
      'id',
      'score',
      'fit',
      'engagement',
      'tier',
      'nextReviewAt',
      'breakdown',
      'warnings',
    ]);
    expect(first!.tier).toBe('hot');
    expect(first!.nextReviewAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(first!.breakdown).toContainEqual(
      expect.objectContaining({
        id: 'content-downloads:1',
        kind: 'touchpoint',
        explanation: expect.stringMatching(
          /^Content downloads, Salary guide: \d+(\.\d+)? points, /,
        ),
      }),
    );
    expect(first!.warnings).toEqual([]);
    expect(second!.warnings).toEqual([
      'years_of_experience: "ten" is not a number; counted as unknown',
    ]);
  });

  it('prints breakdowns whose points add up to the score, fit and engagement', async () => {
    const input = file(
      'varied.jsonl',
      toJsonl([
        aContact('1'),
        aContact('2', { country: 'India' }),
        aContact('3', {
          hs_analytics_last_timestamp: daysAgo(200),
          recent_conversion_date: daysAgo(200),
        }),
        aContact('4', { jobtitle: 'Werkstudent developer', years_of_experience: '0' }),
        aContact('5', { hs_email_open: '40', hs_email_last_open_date: daysAgo(1) }),
      ]),
    );

    const { stdout } = await runCli(['score', '--input', input, '--now', TODAY]);

    const cents = (n: number) => Math.round(n * 100);
    for (const line of jsonLines(stdout)) {
      const sum = (section?: string) =>
        line.breakdown
          .filter((e) => section === undefined || (e as { section?: string }).section === section)
          .reduce((total, e) => total + cents(e.points), 0);
      expect(sum(), `contact ${line.id}`).toBe(cents(line.score));
      expect(sum('fit'), `contact ${line.id}`).toBe(cents(line.fit));
      expect(sum('engagement'), `contact ${line.id}`).toBe(cents(line.engagement));
    }
  });

  it('gives the same output for the same --now, and lets engagement fade for a later one', async () => {
    const input = file('decay.jsonl', toJsonl([aContact('1')]));
    const args = ['score', '--input', input, '--now'];

    const first = await runCli([...args, TODAY], { clock: () => Date.parse('2030-01-01') });
    const again = await runCli([...args, TODAY], { clock: () => Date.parse('2031-06-01') });
    const later = await runCli([...args, '2026-12-25T09:00:00Z']);

    expect(again.stdout).toBe(first.stdout);
    const [now] = jsonLines(first.stdout);
    const [month] = jsonLines(later.stdout);
    expect(month!.fit).toBe(now!.fit);
    expect(month!.engagement).toBeLessThan(now!.engagement);
  });

  it('scores as of the clock when --now is left out', async () => {
    const input = file('clock.jsonl', toJsonl([aContact('1')]));

    const withClock = await runCli(['score', '--input', input]);
    const withNow = await runCli(['score', '--input', input, '--now', TODAY]);

    expect(withClock.stdout).toBe(withNow.stdout);
  });

  it('uses the model given with --model', async () => {
    const model = file('small.yaml', SMALL_MODEL);
    const input = file(
      'small.jsonl',
      toJsonl([
        { id: '7', properties: { country: 'NL', num_conversion_events: '2' } },
        { id: '8', properties: { country: 'Spain', num_conversion_events: '5' } },
      ]),
    );

    const { code, stdout } = await runCli(['score', '-i', input, '-m', model, '--now', TODAY]);

    expect(code).toBe(0);
    expect(
      jsonLines(stdout).map(({ id, score, fit, engagement, tier }) => ({
        id,
        score,
        fit,
        engagement,
        tier,
      })),
    ).toEqual([
      { id: '7', score: 60, fit: 40, engagement: 20, tier: 'hot' },
      { id: '8', score: 20, fit: -10, engagement: 30, tier: 'disqualified' },
    ]);
  });
});
