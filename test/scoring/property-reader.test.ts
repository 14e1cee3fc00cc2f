import { describe, expect, it } from 'vitest';
import { compilePropertyReader } from '../../src/scoring/property-reader.ts';
import type { PropertyValue } from '../../src/scoring/hubspot-values.ts';

describe('the generated property reader', () => {
  it('copies each property into its slot, once per name, and leaves missing ones undefined', () => {
    const reader = compilePropertyReader(['country', 'jobtitle', 'country', 'hs_email_open']);
    expect(reader.names).toEqual(['country', 'jobtitle', 'hs_email_open']);
    expect(reader.slotOf('hs_email_open')).toBe(2);
    expect(reader.slotOf('city')).toBeUndefined();

    const into: PropertyValue[] = ['stale', 'stale', 'stale'];
    reader.read({ country: 'NL', hs_email_open: '4', city: 'Utrecht' }, into);
    expect(into).toEqual(['NL', undefined, '4']);
  });

  it("reads only the contact's own constructor and __proto__, never Object.prototype's", () => {
    const reader = compilePropertyReader(['constructor', '__proto__', 'tostring']);
    const into: PropertyValue[] = [];
    reader.read({}, into);
    expect(into).toEqual([undefined, undefined, undefined]);

    reader.read(JSON.parse('{"constructor":"x","__proto__":"y"}') as Record<string, string>, into);
    expect(into).toEqual(['x', 'y', undefined]);
  });

  it('refuses a name that is not a HubSpot internal name, so nothing else reaches the code', () => {
    for (const name of ['a"b', "x']; process.exit(1); //", 'Country', '', 'job title']) {
      expect(() => compilePropertyReader([name]), name).toThrow(/not a HubSpot internal name/);
    }
  });
});
