import { describe, expect, it } from 'vitest';
import { leakageGuard } from '../../src/calibration/leakage-guard.ts';
import { rocAuc } from '../../src/calibration/metrics.ts';
import { seededRandom } from '../../src/calibration/random.ts';
import {
  fitReferenceRegression,
  MAX_CATEGORIES,
} from '../../src/calibration/reference-regression.ts';
import { NOW, trueModel } from './calibration-fixtures.ts';

const guard = leakageGuard({
  model: trueModel,
  outcomeProperty: 'candidate_status',
  excluded: [],
});

/**
 * Candidates in 80 cities (more than the regression one-hots), whose chance depends only on
 * the city: the ten biggest apply often, the rest seldom, and a few dozen cities with a
 * handful of candidates each apply most of all (they can only count together, as "other").
 */
function candidatesInCities(count: number, seed: number) {
  const random = seededRandom(seed);
  const contacts: { properties: Record<string, string | null> }[] = [];
  const outcomes: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const rare = random.chance(0.05);
    const city = rare
      ? `Village ${Math.floor(random.next() * 50)}`
      : `City ${Math.floor(random.next() * 30)}`;
    const index = Number(city.split(' ')[1]);
    const rate = rare ? 0.6 : index < 10 ? 0.3 : 0.05;
    const missing = random.chance(0.1);
    contacts.push({ properties: { city: missing ? null : city, hs_object_id: String(i) } });
    outcomes.push(random.chance(missing ? 0.1 : rate));
  }
  return { contacts, outcomes };
}

describe('the reference regression', () => {
  const learning = candidatesInCities(6_000, 1);
  const reference = fitReferenceRegression(learning.contacts, learning.outcomes, guard, NOW, 1);

  it('uses a text property with more distinct values than it one-hots: frequent ones and "other"', () => {
    expect(reference.skipped.map((s) => s.property)).not.toContain('city');
    // 30 cities of ~190 candidates; the villages (~6 each) merge into "other".
    expect(reference.used).toContainEqual({
      property: 'city',
      as: 'category',
      columns: MAX_CATEGORIES + 1,
    });
  });

  it('ranks fresh candidates by their city, rare cities included', () => {
    const fresh = candidatesInCities(6_000, 2);
    const auc = rocAuc(
      fresh.contacts.map((c) => reference.predict(c.properties)),
      fresh.outcomes,
    );
    expect(auc).toBeGreaterThan(0.7);
    const village = reference.predict({ city: 'Village 999' });
    const bigCity = reference.predict({ city: 'City 3' });
    const smallRate = reference.predict({ city: 'City 20' });
    expect(village).toBeGreaterThan(bigCity);
    expect(bigCity).toBeGreaterThan(smallRate);
  });
});
