import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/calibration/metrics.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import { candidates, isOutcome, NOW, trueModel } from './calibration-fixtures.ts';

describe('synthetic latent candidates', () => {
  const drawn = candidates(2_000, 3);

  it('are the same for the same seed and differ for another', () => {
    expect(candidates(50, 3)).toEqual(drawn.slice(0, 50));
    expect(candidates(50, 4)).not.toEqual(drawn.slice(0, 50));
  });

  it('look like a HubSpot export: text values, ISO datetimes before the export', () => {
    for (const { id, properties } of drawn.slice(0, 200)) {
      expect(properties.hs_object_id).toBe(id);
      for (const value of Object.values(properties)) {
        expect(value === null || typeof value === 'string').toBe(true);
      }
      for (const name of ['createdate', 'hs_analytics_last_timestamp', 'recent_conversion_date']) {
        const value = properties[name];
        if (value === null || value === undefined) continue;
        expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(Date.parse(value)).toBeLessThanOrEqual(NOW);
      }
    }
  });

  it('spell countries and job titles in several ways, as people type them', () => {
    const countries = new Set(drawn.map((c) => c.properties.country));
    expect([...countries]).toEqual(
      expect.arrayContaining(['Netherlands', 'NL', 'Nederland', null]),
    );
    expect(new Set(drawn.map((c) => c.properties.jobtitle)).size).toBeGreaterThan(50);
  });

  it('apply (hs_lead_status APPLIED or HIRED) about one time in eight', () => {
    const rate = drawn.filter(isOutcome).length / drawn.length;
    expect(rate).toBeGreaterThan(0.08);
    expect(rate).toBeLessThan(0.18);
  });

  it('apply more often the higher the true model scores them', () => {
    const compiled = compileModel(trueModel);
    const scores = drawn.map((c) => scoreContact(compiled, c.properties, NOW).score);
    expect(rocAuc(scores, drawn.map(isOutcome))).toBeGreaterThan(0.8);
  });
});
