import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, type Calibration } from '../../src/calibration/index.ts';
import { appendDiscoveredGroup } from '../../src/calibration/discovered-group.ts';
import { discoveryHtml } from '../../src/calibration/discovery-html.ts';
import {
  combinedCandidates,
  combinedCriterion,
  modelPairMembers,
  type PairMember,
} from '../../src/calibration/combined-criteria.ts';
import { leakageGuard } from '../../src/calibration/leakage-guard.ts';
import { extractFeatures, modelFeatures } from '../../src/calibration/model-features.ts';
import { selectCriteria } from '../../src/calibration/criteria-selection.ts';
import { seededRandom } from '../../src/calibration/random.ts';
import { parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import {
  candidates,
  flatStartText,
  isOutcome,
  NOW,
  OUTCOME,
  SLOW_SETUP_MS,
} from './calibration-fixtures.ts';

const member = (
  id: string,
  property: string,
  value: string,
  matches: Uint8Array,
  labelNl = `${property} is ${value}`,
): PairMember => ({
  criterion: { id, label: `${property} is ${value}`, property, when: { oneOf: [value] } },
  labelNl,
  matches,
});

describe('combined candidates: pairs of criteria', () => {
  // 2,000 rows; a and b each match half, independently; the outcome is likely only when both.
  const n = 2000;
  const random = seededRandom(7);
  const a = Uint8Array.from({ length: n }, () => (random.chance(0.5) ? 1 : 0));
  const b = Uint8Array.from({ length: n }, () => (random.chance(0.5) ? 1 : 0));
  const c = Uint8Array.from({ length: n }, () => (random.chance(0.5) ? 1 : 0));
  const y = Uint8Array.from({ length: n }, (_, i) =>
    random.chance(a[i]! && b[i]! ? 0.6 : 0.1) ? 1 : 0,
  );
  const options = {
    takenIds: new Set<string>(),
    minMatches: 30,
    minOutcomes: 5,
    maxPairs: 10,
    eta: new Float64Array(n).fill(Math.log(0.22 / 0.78)),
  };

  it('ranks the pair that carries the signal first, with both conditions and both labels', () => {
    const members = [
      member('found-occupation-is-pro', 'occupation', 'Pro', a, 'Beroep is Pro'),
      member('found-source-is-reference', 'lead_source', 'Reference', b, 'Bron is Reference'),
      member('found-city-is-x', 'city', 'X', c),
    ];
    const pairs = combinedCandidates(members, y, options);
    expect(pairs).toHaveLength(3);
    expect(pairs[0]!.members).toEqual([0, 1]);
    expect(pairs[0]!.candidate).toEqual({
      kind: 'combined',
      labelNl: 'Beroep is Pro en bron is Reference',
      criterion: {
        id: 'found-occupation-is-pro-and-source-is-reference',
        label: 'occupation is Pro and lead_source is Reference',
        property: 'occupation',
        when: { oneOf: ['Pro'] },
        and: { property: 'lead_source', when: { oneOf: ['Reference'] } },
        points: 0,
        knockout: false,
      },
    });
    // Its column is who matches both.
    expect([...pairs[0]!.column]).toEqual([...a].map((v, i) => v & b[i]!));
    expect(combinedCandidates(members, y, { ...options, maxPairs: 1 })).toHaveLength(1);
  });

  it('leaves out pairs on one property, pairs one condition implies, and pairs without support', () => {
    const subset = Uint8Array.from(a, (v, i) => v & b[i]!);
    const members = [
      member('x', 'occupation', 'Pro', a),
      member('y', 'occupation', 'Student', b),
      member('z', 'lead_source', 'Reference', subset),
    ];
    // x & y: one property; x & z: z implies x (the pair is z again); y & z likewise.
    expect(combinedCandidates(members, y, options)).toEqual([]);
    const rare = Uint8Array.from({ length: n }, (_, i) => (i < 40 ? 1 : 0));
    const few = [member('x', 'occupation', 'Pro', a), member('w', 'city', 'Rare', rare)];
    // The pair matches about 20 candidates: fewer than minMatches.
    expect(combinedCandidates(few, y, options)).toEqual([]);
    expect(combinedCandidates(few, y, { ...options, minMatches: 5, minOutcomes: 1 })).toHaveLength(
      1,
    );
  });

  it('never reuses a taken id, and keeps a capitalised word capitalised in the second label', () => {
    const first = {
      criterion: {
        id: 'found-a',
        label: 'Last activity is SMS Sent',
        property: 'last_activity',
        when: { known: true },
      },
      labelNl: 'Laatste activiteit is SMS Sent',
    };
    const second = {
      criterion: { id: 'b', label: 'SMS opt-in given', property: 'sms', when: { known: true } },
      labelNl: 'SMS-toestemming gegeven',
    };
    const ids = new Set(['found-a-and-b']);
    const combined = combinedCriterion(first, second, ids);
    expect(combined.criterion.id).toBe('found-a-and-b-2');
    expect(combined.criterion.label).toBe('Last activity is SMS Sent and SMS opt-in given');
    expect(combined.labelNl).toBe('Laatste activiteit is SMS Sent en SMS-toestemming gegeven');
    expect(ids.has('found-a-and-b-2')).toBe(true);
  });
});

describe('the model criteria that may be paired', () => {
  it('leaves out knockouts, combined criteria and criteria reading a left-out property', () => {
    const text = `version: 1
name: T
score: { min: -100, max: 100 }
tiers: [{ name: hot, minScore: 50 }, { name: cold }]
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: pro, label: Working professional, property: occupation, when: { equals: Pro }, points: 5 }
        - { id: by-reference, label: Came by a reference, property: lead_source, when: { equals: Reference }, points: 5 }
        - { id: student, label: Student, property: occupation, when: { equals: Student }, points: -50, knockout: true }
        - { id: pro-ref, label: Both, property: occupation, when: { equals: Pro }, and: { property: city, when: { known: true } }, points: 1 }
        - { id: in-city, label: In a city, property: city, when: { known: true }, points: 1 }
engagement: {}
translations:
  nl: { pro: Werkend, by-reference: Via een referentie, student: Student, pro-ref: Beide, in-city: In een stad, g: G }
`;
    const model = parseModel(text, 't');
    const features = modelFeatures(model);
    const contacts = [
      { properties: { occupation: 'Pro', lead_source: 'Reference', city: 'A' } },
      { properties: { occupation: 'Student', lead_source: 'Google', city: null } },
    ];
    const x = extractFeatures(model, features, contacts, NOW);
    const guardFor = (excluded: string[]) =>
      leakageGuard({ model, outcomeProperty: 'hs_lead_status', excluded });
    const members = modelPairMembers(model, features, x, 2, guardFor([]));
    expect(members.map((m) => [m.criterion.id, m.labelNl, [...m.matches]])).toEqual([
      ['pro', 'Werkend', [1, 0]],
      ['by-reference', 'Via een referentie', [1, 0]],
      ['in-city', 'In een stad', [1, 0]],
    ]);
    const excluded = modelPairMembers(model, features, x, 2, guardFor(['lead_source']));
    expect(excluded.map((m) => m.criterion.id)).toEqual(['pro', 'in-city']);
  });
});

describe('the selection with forced columns', () => {
  it('keeps the forced columns out of its answer and counts only what it adds', () => {
    const n = 3000;
    const random = seededRandom(11);
    const columns = 3;
    const z = new Float64Array(n * columns);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < columns; j++) z[i * columns + j] = random.chance(0.5) ? 1 : 0;
      // Column 0 (forced) and column 2 carry signal; column 1 is noise.
      const eta = -1.5 + 1.2 * z[i * columns]! + 1.5 * z[i * columns + 2]!;
      y[i] = random.chance(1 / (1 + Math.exp(-eta))) ? 1 : 0;
    }
    const input = { z, rows: n, columns, y, offset: new Float64Array(n), seed: 1 };
    const forced = selectCriteria({ ...input, maxCriteria: 2, forced: [0] });
    expect(forced.chosen).toEqual([2]);
    expect(forced.heldOutLoss[1]!).toBeLessThan(forced.heldOutLoss[0]!);
    const free = selectCriteria({ ...input, maxCriteria: 2 });
    expect(free.chosen).toEqual([2, 0]);
  });
});

/**
 * The true model's candidates with two planted properties: an occupation and a lead source.
 * Most of the outcomes they add go to candidates with both "Working professional" and
 * "Reference", more than either says alone: an interaction. A protected attribute carries a
 * stronger one, combined with the occupation; it must never be proposed.
 */
function interactionCandidates(count: number, seed: number) {
  const random = seededRandom(seed + 200);
  return candidates(count, seed).map((candidate) => {
    const properties = { ...candidate.properties };
    const professional = random.chance(0.4);
    const reference = random.chance(0.4);
    const female = random.chance(0.5);
    properties.occupation = professional ? 'Working professional' : 'Student';
    properties.lead_source = reference ? 'Reference' : 'Google';
    properties.gender = female ? 'female' : 'male';
    let applied = isOutcome(candidate);
    if (professional && reference && !applied && random.chance(0.5)) applied = true;
    if (professional && !reference && female && !applied && random.chance(0.6)) applied = true;
    properties.hs_lead_status = applied ? 'APPLIED' : 'OPEN';
    return { ...candidate, properties };
  });
}

describe('calibration proposes combined criteria the data supports', () => {
  const modelText = flatStartText();
  const model = parseModel(modelText, 'flat start');
  const contacts = interactionCandidates(6000, 5);
  const calibrateWith = (discovery: NonNullable<Parameters<typeof calibrate>[0]['discovery']>) =>
    calibrate({
      contacts,
      outcome: { property: OUTCOME.property, values: [...OUTCOME.values] },
      model,
      modelText,
      modelSource: 'flat start',
      now: NOW,
      calibratedAt: NOW,
      seed: 5,
      discovery,
    });
  const run = (combinations?: boolean): Calibration =>
    calibrateWith(combinations === undefined ? {} : { combinations });
  let withPairs: Calibration;
  let without: Calibration;
  beforeAll(() => {
    withPairs = run();
    without = run(false);
  }, SLOW_SETUP_MS);

  /** The planted pair, as "... and lead source is Reference" or its complement "... is Google". */
  const plantedPair = (calibration: Calibration) =>
    calibration.report.discovery.proposed.find(
      (p) =>
        p.kind === 'combined' &&
        [p.property, p.and?.property].sort().join() === 'lead_source,occupation' &&
        JSON.stringify([p.when, p.and?.when]).includes('Working professional'),
    );
  const sourceOf = (p: NonNullable<ReturnType<typeof plantedPair>>) =>
    (p.property === 'lead_source' ? p.when : p.and!.when).oneOf![0]!;

  it('finds the planted pair, with support, outcome rate, points of the right sign and both labels', () => {
    const combined = withPairs.report.discovery.proposed.filter((p) => p.kind === 'combined');
    const planted = plantedPair(withPairs);
    expect(planted, JSON.stringify(combined.map((p) => p.label))).toBeDefined();
    const source = sourceOf(planted!);
    expect(['Reference', 'Google']).toContain(source);
    // Professionals who came by a reference reach the outcome more; the others less.
    expect(Math.sign(planted!.points)).toBe(source === 'Reference' ? 1 : -1);
    expect(planted!.label).toMatch(
      new RegExp(
        `^(Occupation is Working professional and lead source is ${source}|Lead source is ${source} and occupation is Working professional)$`,
      ),
    );
    expect(planted!.labelNl).toMatch(/ en (lead source|occupation) is /);
    // 0.4 x 0.4 (Reference) or 0.4 x 0.6 (Google) of the learning candidates.
    const { learning } = withPairs.report.split;
    const share = planted!.matches / learning.candidates;
    expect(share).toBeGreaterThan(source === 'Reference' ? 0.12 : 0.2);
    expect(share).toBeLessThan(source === 'Reference' ? 0.2 : 0.28);
    if (source === 'Reference') expect(planted!.outcomeRate).toBeGreaterThan(0.5);
    else expect(planted!.outcomeRate).toBeLessThan(0.45);
    expect(planted!.outcomeRate).toBeCloseTo(planted!.outcomesAmongMatches / planted!.matches, 9);
    expect(withPairs.report.discovery.combinationsTried).toBeGreaterThan(0);
    expect(withPairs.report.discovery.combinedHeldOutLoss.length).toBeGreaterThan(1);
  });

  it('writes it into the suggested model as a criterion with a second condition, scored by the engine', () => {
    const suggested = parseModel(withPairs.suggested.text, 'suggested');
    const written = suggested.fit.groups.at(-1)!.criteria.filter((c) => c.and !== undefined);
    expect(written.map((c) => c.id)).toEqual(
      withPairs.report.discovery.proposed.filter((p) => p.kind === 'combined').map((p) => p.id),
    );
    for (const c of written) expect(suggested.translations?.nl?.[c.id]).toMatch(/ en /);
    expect(withPairs.suggested.text).toMatch(/\n\s+and:\n\s+property: (lead_source|occupation)\n/);
    const compiled = compileModel(suggested);
    expect(compiled.properties).toEqual(expect.arrayContaining(['lead_source', 'occupation']));
    const planted = plantedPair(withPairs)!;
    const scored = (lead_source: string) =>
      scoreContact(
        compiled,
        { ...contacts[0]!.properties, occupation: 'Working professional', lead_source },
        NOW,
      ).breakdown.map((e) => e.id);
    const other = sourceOf(planted) === 'Reference' ? 'Google' : 'Reference';
    expect(scored(sourceOf(planted))).toContain(planted.id);
    expect(scored(other)).not.toContain(planted.id);
    expect(withPairs.suggested.text).toMatch(
      /# Discovered: \d+ criteria .*; [1-9]\d* of them combined/,
    );
  });

  it('shows combined criteria in the HTML report with both properties', () => {
    const planted = plantedPair(withPairs)!;
    const html = discoveryHtml(withPairs.report.discovery);
    expect(html).toContain(`<td>${planted.property} + ${planted.and!.property}</td>`);
    const combined = withPairs.report.discovery.proposed.filter((p) => p.kind === 'combined');
    expect(html).toContain(
      `${combined.length} of the ${withPairs.report.discovery.combinationsTried} best-ranked pairs`,
    );
    expect(discoveryHtml(without.report.discovery)).not.toContain('Combined criteria');
  });

  it('never combines a protected attribute', () => {
    const properties = withPairs.report.discovery.proposed.flatMap((p) => [
      p.property,
      ...(p.and ? [p.and.property] : []),
    ]);
    expect(properties).not.toContain('gender');
    expect(withPairs.suggested.text).not.toMatch(/property: gender\b/);
  });

  it('stays within the limit on proposals and ranks held-out candidates better than without pairs', () => {
    expect(withPairs.report.discovery.proposed.length).toBeLessThanOrEqual(
      withPairs.report.discovery.maxCriteria,
    );
    expect(without.report.discovery.proposed.filter((p) => p.kind === 'combined')).toEqual([]);
    expect(without.report.discovery.combinationsTried).toBe(0);
    expect(withPairs.report.holdout.suggested.auc).toBeGreaterThan(
      without.report.holdout.suggested.auc + 0.002,
    );
  });

  it('shares the limit: with room for one proposal only, the additive one is kept', () => {
    const one = calibrateWith({ maxCriteria: 1 });
    expect(one.report.discovery.proposed).toHaveLength(1);
    expect(one.report.discovery.proposed[0]!.kind).not.toBe('combined');
  });
});

describe('the Discovered group keeps a second condition', () => {
  it('writes `and` into the file and reads it back', () => {
    const text = flatStartText();
    const criterion = {
      id: 'found-pro-and-reference',
      label: 'Occupation is Pro and lead source is Reference',
      property: 'occupation',
      when: { oneOf: ['Pro'] },
      and: { property: 'lead_source', when: { oneOf: ['Reference'] } },
      points: 0,
      knockout: false,
    };
    const written = appendDiscoveredGroup(
      text,
      { id: 'discovered', label: 'Discovered', criteria: [criterion] },
      new Map([[criterion.id, 'Beroep is Pro en bron is Reference']]),
    );
    const read = parseModel(written.text, 'written').fit.groups.at(-1)!.criteria[0]!;
    expect(read).toEqual(criterion);
  });
});
