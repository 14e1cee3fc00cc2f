import { describe, expect, it } from 'vitest';
import { candidateCriteria, readableName } from '../../src/calibration/candidate-criteria.ts';
import { selectCriteria } from '../../src/calibration/criteria-selection.ts';
import { leakageGuard } from '../../src/calibration/leakage-guard.ts';
import { seededRandom } from '../../src/calibration/random.ts';
import { parseModel } from '../../src/model/index.ts';
import { flatStartText, NOW } from './calibration-fixtures.ts';

const model = parseModel(flatStartText(), 'flat start');
const guard = leakageGuard({ model, outcomeProperty: 'hs_lead_status', excluded: [] });
const DAY = 86_400_000;

/** 200 candidates: a specialization for 3 in 4, a city (one rare), years, a last visit. */
function someCandidates() {
  return Array.from({ length: 200 }, (_, i) => ({
    properties: {
      specialization: i % 4 === 0 ? null : i % 2 === 0 ? 'Backend' : 'frontend',
      city: i === 7 ? 'Zwolle' : i % 3 === 0 ? 'Utrecht' : 'Amsterdam',
      years_of_experience: String(i % 10),
      hs_analytics_last_visit_timestamp: new Date(NOW - (i % 100) * DAY).toISOString(),
      gender: i % 2 === 0 ? 'female' : 'male',
      lifecyclestage: 'lead',
    },
  }));
}

const proposals = candidateCriteria(someCandidates(), {
  guard,
  takenIds: new Set(),
  minCandidates: 20,
});
const labels = proposals.map((p) => p.criterion.label);

describe('criteria the data could support', () => {
  it('proposes "not given" for a property many candidates leave empty', () => {
    const unknown = proposals.find((p) => p.criterion.label === 'Specialization not given');
    expect(unknown).toMatchObject({
      kind: 'unknown',
      labelNl: 'Specialization niet ingevuld',
      criterion: { property: 'specialization', when: { known: false }, points: 0 },
    });
    // Everyone has a city: no "City not given".
    expect(labels).not.toContain('City not given');
  });

  it('proposes each frequent text value once, whatever its case, and leaves rare ones out', () => {
    expect(labels).toEqual(
      expect.arrayContaining([
        'City is Amsterdam',
        'City is Utrecht',
        'Specialization is Backend',
        'Specialization is frontend',
      ]),
    );
    expect(labels.filter((l) => l.startsWith('City is'))).toHaveLength(2);
    expect(labels).not.toContain('City is Zwolle');
  });

  it('proposes steps at the quintiles of a number, and recency windows for a date', () => {
    expect(labels.filter((l) => l.startsWith('Years of experience'))).toEqual([
      'Years of experience 2 or more',
      'Years of experience 4 or more',
      'Years of experience 6 or more',
      'Years of experience 8 or more',
    ]);
    expect(
      proposals.find((p) => p.criterion.label === 'Years of experience 4 or more')?.criterion.when,
    ).toEqual({
      range: { min: 4 },
    });
    expect(labels).toEqual(
      expect.arrayContaining([
        'Analytics last visit timestamp within the last 7 days',
        'Analytics last visit timestamp within the last 30 days',
        'Analytics last visit timestamp within the last 90 days',
      ]),
    );
  });

  it('never proposes a protected attribute or a field the hiring process sets', () => {
    const properties = proposals.map((p) => p.criterion.property);
    expect(properties).not.toContain('gender');
    expect(properties).not.toContain('lifecyclestage');
  });

  it('gives every proposal a valid id that the model does not use yet', () => {
    const taken = candidateCriteria(someCandidates(), {
      guard,
      takenIds: new Set(['found-specialization-unknown']),
      minCandidates: 20,
    });
    const ids = taken.map((p) => p.criterion.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('found-specialization-unknown');
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
  });

  it('names properties in words', () => {
    expect(readableName('hs_email_last_open_date')).toBe('Email last open date');
  });
});

describe('stepwise selection with cross-validation', () => {
  /** Column 3 raises the chance strongly; the other nine are noise. */
  function plantedDesign(rows: number) {
    const random = seededRandom(11);
    const columns = 10;
    const z = new Float64Array(rows * columns);
    const y = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) z[i * columns + j] = random.chance(0.3) ? 1 : 0;
      const eta = -2 + 2 * z[i * columns + 3]!;
      y[i] = random.chance(1 / (1 + Math.exp(-eta))) ? 1 : 0;
    }
    return { z, y, rows, columns, offset: new Float64Array(rows) };
  }

  it('chooses the planted column first and few others', () => {
    const selection = selectCriteria({ ...plantedDesign(3000), maxCriteria: 5, seed: 1 });
    expect(selection.chosen[0]).toBe(3);
    expect(selection.chosen.length).toBeLessThanOrEqual(2);
    expect(selection.heldOutLoss[1]!).toBeLessThan(selection.heldOutLoss[0]!);
  });

  it('chooses nothing when what it sees is already in the offset', () => {
    const design = plantedDesign(3000);
    const offset = Float64Array.from({ length: design.rows }, (_, i) => 2 * design.z[i * 10 + 3]!);
    const selection = selectCriteria({ ...design, offset, maxCriteria: 5, seed: 1 });
    expect(selection.chosen).not.toContain(3);
    expect(selection.chosen.length).toBeLessThanOrEqual(1);
  });

  it('chooses nothing when the limit is 0', () => {
    expect(selectCriteria({ ...plantedDesign(300), maxCriteria: 0, seed: 1 }).chosen).toEqual([]);
  });
});
