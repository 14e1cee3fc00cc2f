import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate, readDateText } from '../../src/scoring/hubspot-datetime.ts';
import { readDate } from '../../src/scoring/hubspot-values.ts';

const NOW = Date.parse('2026-11-25T09:00:00.000Z');
const MIN_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

describe('HubSpot date values', () => {
  it('reads every ISO datetime HubSpot writes to the same instant as Date.parse', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TIME, max: MAX_TIME }), (time) => {
        const iso = new Date(time).toISOString();
        // HubSpot's 24-character shape has a fast path of its own; the general path agrees.
        expect(readDateText(iso)).toBe(time);
        expect(parseIsoDate(iso)).toBe(time);
        // Without milliseconds, and with one or two digits of them.
        const seconds = iso.slice(0, 19);
        expect(parseIsoDate(`${seconds}Z`)).toBe(Date.parse(`${seconds}Z`));
        expect(parseIsoDate(`${seconds}.5Z`)).toBe(Date.parse(`${seconds}.5Z`));
        expect(parseIsoDate(`${seconds}.25Z`)).toBe(Date.parse(`${seconds}.25Z`));
      }),
    );
  });

  it('rolls a day past the end of the month over as Date.parse does', () => {
    for (const text of [
      '0000-01-01T00:00:00.000Z',
      '0000-02-29T23:59:59.999Z',
      '0000-01-01T00:00:00Z',
      '0000-02-29T12:00:00.5Z',
      '0000-03-01T00:00:00.000Z',
      '2026-02-29T10:00:00.000Z',
      '2024-02-30T00:00:00Z',
      '2026-04-31T23:59:59Z',
    ]) {
      expect(parseIsoDate(text)).toBe(Date.parse(text));
      expect(readDateText(text)).toBe(Date.parse(text));
    }
  });

  it('refuses a letter in place of any digit, as Date.parse does', () => {
    const iso = '2026-11-20T10:15:30.250Z';
    for (const at of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22]) {
      const text = `${iso.slice(0, at)}x${iso.slice(at + 1)}`;
      expect(parseIsoDate(text), text).toBeNaN();
      expect(readDateText(text), text).toBeNaN();
    }
  });

  it('reads a letter in place of any separator as Date.parse does', () => {
    const iso = '2026-11-20T10:15:30.250Z';
    for (const at of [4, 7, 10, 13, 16, 19, 23]) {
      const text = `${iso.slice(0, at)}x${iso.slice(at + 1)}`;
      expect(Object.is(readDateText(text), Date.parse(text)), text).toBe(true);
    }
  });

  it('leaves other shapes to Date.parse: offsets, dates without a time, nonsense', () => {
    for (const text of [
      '2026-11-20T10:15:00+01:00',
      '2026-11-20',
      '2026-13-01T00:00:00Z',
      'soon',
    ]) {
      expect(Object.is(parseIsoDate(text), Date.parse(text))).toBe(true);
    }
  });

  it('reads epoch milliseconds written as digits, and as numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000_000, max: NOW }), (time) => {
        expect(readDate('d', String(time), NOW, [])).toBe(time);
        expect(readDate('d', time, NOW, [])).toBe(time);
      }),
    );
    expect(readDate('d', '-100000000000', NOW, [])).toBe(-100_000_000_000);
  });

  it('reports a value that is no date, and counts it as unknown', () => {
    const warnings: string[] = [];
    expect(readDate('recent_conversion_date', '17951697000x0', NOW, warnings)).toBeUndefined();
    // Beyond the range of JavaScript dates: unknown, not a crash.
    expect(
      readDate('recent_conversion_date', '12345678901234567890123', NOW, warnings),
    ).toBeUndefined();
    expect(readDate('recent_conversion_date', 1e300, NOW, warnings)).toBeUndefined();
    expect(warnings).toEqual([
      'recent_conversion_date: "17951697000x0" is not a date; counted as unknown',
      'recent_conversion_date: "12345678901234567890123" is not a date; counted as unknown',
      'recent_conversion_date: "1e+300" is not a date; counted as unknown',
    ]);
  });
});
