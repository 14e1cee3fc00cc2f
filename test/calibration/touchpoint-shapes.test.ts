import { describe, expect, it } from 'vitest';
import { calibrate, reportHtml, reportJson } from '../../src/calibration/index.ts';
import { seededRandom } from '../../src/calibration/random.ts';
import { writeTouchpointShapes } from '../../src/calibration/touchpoint-shape-edit.ts';
import { chooseTouchpointShapes } from '../../src/calibration/touchpoint-shapes.ts';
import { parseModel } from '../../src/model/index.ts';
import { DAY_MS } from '../../src/scoring/index.ts';
import { NOW } from './calibration-fixtures.ts';

/**
 * Candidates whose outcome depends on one touchpoint in a known way: a job alert whose pull
 * fades with a 60-day half-life, or a visit count whose pull grows as log2(1 + n).
 */
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function alertCandidates(count: number, seed: number, halfLifeDays: number | undefined) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const subscribed = random.chance(0.7);
    const daysAgo = random.next() * 365;
    const pull = subscribed && halfLifeDays ? 3 * 0.5 ** (daysAgo / halfLifeDays) : 0;
    const applied = random.chance(sigmoid(-2 + pull));
    return {
      id: String(i + 1),
      properties: {
        job_alert_signed_up: subscribed ? new Date(NOW - daysAgo * DAY_MS).toISOString() : null,
        hs_lead_status: applied ? 'APPLIED' : 'OPEN',
      },
    };
  });
}

function visitCandidates(count: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    // From 1 to 400, as many with 2-4 as with 100-400: where the curves differ.
    const visits = random.chance(0.2) ? 0 : Math.floor(Math.exp(random.next() * 6));
    const applied = random.chance(sigmoid(-2.5 + 0.8 * Math.log2(1 + visits)));
    return {
      id: String(i + 1),
      properties: {
        visits: String(visits),
        visited_at: null,
        hs_lead_status: applied ? 'APPLIED' : 'OPEN',
      },
    };
  });
}

const alertModelText = `version: 1
name: Alerts
fit:
  groups:
    - id: basics
      label: Basics
      criteria:
        - id: anyone
          label: Anyone
          property: hs_lead_status
          when: { known: true }
          points: 0
engagement:
  touchpoints:
    - id: job-alert
      label: Signed up for job alerts
      channel: content
      lastActivity: job_alert_signed_up
      points: 10
      # Too short: the data says 60.
      decay: { halfLifeDays: 7 }
score: { min: 0, max: 100 }
tiers:
  - { name: hot, minScore: 20 }
  - { name: cold }
`;

const visitModelText = `version: 1
name: Visits
fit:
  groups: []
engagement:
  touchpoints:
    - id: visits
      label: Website visits
      channel: web
      count: visits
      lastActivity: visited_at
      points: 1
score: { min: 0, max: 100 }
tiers:
  - { name: hot, minScore: 20 }
  - { name: cold }
`;

const outcomesOf = (contacts: { properties: Record<string, string | null> }[]) =>
  contacts.map((c) => c.properties.hs_lead_status === 'APPLIED');

function choose(
  contacts: ReturnType<typeof alertCandidates> | ReturnType<typeof visitCandidates>,
  text: string,
) {
  return chooseTouchpointShapes({
    contacts,
    outcomes: outcomesOf(contacts),
    model: parseModel(text, 'test model'),
    now: NOW,
    seed: 1,
    leftOut: new Set(['hs_lead_status']),
  });
}

describe('touchpoint shapes chosen by cross-validation', () => {
  it('finds a half-life near the one the outcomes fade with', () => {
    const { shapes, changes } = choose(alertCandidates(4000, 1, 60), alertModelText);
    const decay = shapes.find((s) => s.touchpoint === 'job-alert' && s.aspect === 'decay')!;
    expect(decay.verdict).toBe('changed');
    expect(decay.current).toBe('halves every 7 days');
    expect([30, 60, 120]).toContain(decay.halfLifeDays);
    expect(changes).toEqual([{ index: 0, decay: { halfLifeDays: decay.halfLifeDays } }]);
    // Every grid half-life was tried, with the current rule first.
    expect(decay.tried.map((t) => t.shape)).toEqual([
      'halves every 7 days',
      'halves every 14 days',
      'halves every 30 days',
      'halves every 60 days',
      'halves every 120 days',
      'halves every 365 days',
    ]);
    expect(decay.gain).toBeGreaterThan(2 * decay.gainError);
  });

  it('keeps the half-life when the outcomes do not depend on the touchpoint', () => {
    const { shapes, changes } = choose(alertCandidates(4000, 2, undefined), alertModelText);
    const decay = shapes.find((s) => s.aspect === 'decay')!;
    expect(decay.changed).toBe(false);
    expect(['data cannot decide', 'current is best']).toContain(decay.verdict);
    expect(changes).toEqual([]);
  });

  it('finds diminishing returns for a count whose pull grows as log2(1 + n)', () => {
    const { shapes, model } = choose(visitCandidates(4000, 3), visitModelText);
    const quantity = shapes.find((s) => s.aspect === 'quantity')!;
    expect(quantity.current).toBe('each counts');
    expect(quantity.verdict).toBe('changed');
    expect(quantity.suggested).toBe('diminishing returns (log2(1 + n))');
    expect(model.engagement.touchpoints[0]!.quantity).toEqual({ curve: 'logarithmic' });
  });

  it('says when there are no dates to choose a half-life from', () => {
    const text = visitModelText.replace(
      'points: 1',
      'points: 1\n      decay: { halfLifeDays: 14 }',
    );
    const { shapes } = choose(visitCandidates(2000, 4), text);
    expect(shapes.find((s) => s.aspect === 'decay')).toMatchObject({
      verdict: 'no dates',
      changed: false,
      suggested: 'halves every 14 days',
    });
  });

  it('says when too few candidates have the touchpoint', () => {
    const few = alertCandidates(400, 5, 60).map((c, i) =>
      i < 20 ? c : { ...c, properties: { ...c.properties, job_alert_signed_up: null } },
    );
    const { shapes } = choose(few, alertModelText);
    expect(shapes.map((s) => s.verdict)).toEqual(['too few candidates']);
  });

  it('leaves a touchpoint that reads a left-out property alone', () => {
    const contacts = alertCandidates(2000, 6, 60);
    const result = chooseTouchpointShapes({
      contacts,
      outcomes: outcomesOf(contacts),
      model: parseModel(alertModelText, 'test model'),
      now: NOW,
      seed: 1,
      leftOut: new Set(['job_alert_signed_up']),
    });
    expect(result.shapes).toEqual([]);
  });
});

describe('the chosen shapes in the model file', () => {
  it('replaces a decay in place and keeps the comments', () => {
    const text = writeTouchpointShapes(alertModelText, [{ index: 0, decay: { halfLifeDays: 60 } }]);
    expect(text).toContain(
      '      # Too short: the data says 60.\n      decay: { halfLifeDays: 60 }\n',
    );
    expect(text.replace('halfLifeDays: 60', 'halfLifeDays: 7')).toBe(alertModelText);
  });

  it('adds a quantity line after the points when the touchpoint had none', () => {
    const text = writeTouchpointShapes(visitModelText, [
      { index: 0, quantity: { curve: 'geometric', ratio: 0.8 } },
    ]);
    expect(text).toContain(
      '      points: 1\n      quantity: { curve: geometric, ratio: 0.8 }\nscore:',
    );
    expect(parseModel(text, 'x').engagement.touchpoints[0]!.quantity).toEqual({
      curve: 'geometric',
      ratio: 0.8,
    });
  });

  it('rewrites a touchpoint written as a flow map', () => {
    const flow = visitModelText.replace(
      / {4}- id: visits\n[\s\S]*?points: 1\n/,
      '    - { id: visits, label: Website visits, channel: web, count: visits, points: 1 }\n',
    );
    const text = writeTouchpointShapes(flow, [
      { index: 0, quantity: { curve: 'linear', cap: 5 }, decay: { halfLifeDays: 30 } },
    ]);
    const touchpoint = parseModel(text, 'x').engagement.touchpoints[0]!;
    expect(touchpoint.quantity).toEqual({ curve: 'linear', cap: 5 });
    expect(touchpoint.decay).toEqual({ halfLifeDays: 30 });
  });
});

describe('calibrate with touchpoint shapes', () => {
  const contacts = alertCandidates(4000, 7, 60);
  const run = (options: { discovery?: false; touchpointShapes?: boolean } = {}) =>
    calibrate({
      contacts,
      outcome: { property: 'hs_lead_status', values: ['APPLIED'] },
      model: parseModel(alertModelText, 'alerts.yaml'),
      modelText: alertModelText,
      modelSource: 'alerts.yaml',
      now: NOW,
      calibratedAt: NOW,
      seed: 1,
      ...options,
    });

  it('writes the chosen half-life into the suggested model, its header and the report', () => {
    const { report, suggested } = run();
    const decay = report.touchpointShapes.find((s) => s.aspect === 'decay')!;
    expect(decay.changed).toBe(true);
    const halfLife = decay.halfLifeDays!;
    expect(suggested.model.engagement.touchpoints[0]!.decay).toEqual({ halfLifeDays: halfLife });
    const header = suggested.text.split('\n\n')[0]!.replace(/\n# /g, ' ');
    expect(header).toContain(
      `Touchpoint decay and quantity curves by 3-fold cross-validation: Signed up for job alerts decay now halves every ${halfLife} days (was halves every 7 days).`,
    );
    expect(header).not.toContain('limits, caps and decay are as they were');
    const json = JSON.parse(reportJson(report)) as { touchpointShapes: { verdict: string }[] };
    expect(json.touchpointShapes.map((s) => s.verdict)).toEqual(['changed']);
    const html = reportHtml(report);
    expect(html).toContain('<h2>Touchpoint decay and quantity curves</h2>');
    expect(html).toContain(`<td class="up">halves every ${halfLife} days</td><td>changed</td>`);
  });

  it('keeps the shapes with --no-discovery or when switched off', () => {
    for (const options of [{ discovery: false as const }, { touchpointShapes: false }]) {
      const { report, suggested } = run(options);
      expect(report.touchpointShapes).toEqual([]);
      expect(suggested.model.engagement.touchpoints[0]!.decay).toEqual({ halfLifeDays: 7 });
    }
  });
});
