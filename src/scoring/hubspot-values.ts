/**
 * Reading HubSpot property values. HubSpot's CRM API returns every value as a string (numbers
 * too); datetimes come as ISO-8601 strings or epoch milliseconds; empty means unknown.
 * Nothing here throws: a value that cannot be read is unknown and reported as a warning.
 */

export type PropertyValue = string | number | boolean | null | undefined;
export type ContactProperties = Readonly<Record<string, PropertyValue>>;

export const DAY_MS = 86_400_000;
/** Clocks differ a little; only a date more than this ahead of `now` is reported. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/**
 * Epoch milliseconds written as digits ("1795169700000"); short numbers are not dates. NaN when
 * the text is not such a number. Read by hand: Number() on 13 digits is a slow path in V8.
 */
function readEpochDigits(text: string): number {
  const n = text.length;
  const negative = text.charCodeAt(0) === 45;
  if (n < 9 || n > 16) return n > 16 && isDigits(text, negative ? 1 : 0) ? Number(text) : NaN;
  const value = digits(text, negative ? 1 : 0, n);
  return value < 0 ? NaN : negative ? -value : value;
}

function isDigits(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function isKnown(value: PropertyValue): boolean {
  if (value === null || value === undefined) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

export function readText(value: PropertyValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  if (text.length === 0) return undefined;
  // Only a value that starts or ends with white space can be blank: skip trim() otherwise.
  if (text.charCodeAt(0) > 32 || text.charCodeAt(text.length - 1) > 32) return text;
  return text.trim() === '' ? undefined : text;
}

export function readNumber(
  property: string,
  value: PropertyValue,
  warnings: string[],
): number | undefined {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    warnings.push(`${property}: ${String(value)} is not a number; counted as unknown`);
    return undefined;
  }
  const text = readText(value);
  if (text === undefined) return undefined;
  const number = Number(text);
  if (Number.isFinite(number)) return number;
  warnings.push(`${property}: "${text}" is not a number; counted as unknown`);
  return undefined;
}

/** Epoch milliseconds; a future date is clamped to `now` (and reported). */
export function readDate(
  property: string,
  value: PropertyValue,
  now: number,
  warnings: string[],
): number | undefined {
  let time: number;
  if (typeof value === 'number') time = value;
  else {
    const text = readText(value);
    if (text === undefined) return undefined;
    if (text.charCodeAt(4) === DASH) time = parseIsoDate(text);
    else {
      time = readEpochDigits(text);
      if (Number.isNaN(time)) time = Date.parse(text);
    }
  }
  // Beyond ±8.64e15 ms there is no JavaScript date (and toISOString would throw).
  if (!(Math.abs(time) <= MAX_DATE_MS)) {
    warnings.push(`${property}: "${String(value)}" is not a date; counted as unknown`);
    return undefined;
  }
  if (time > now + FUTURE_TOLERANCE_MS) {
    warnings.push(`${property}: ${new Date(time).toISOString()} is in the future; counted as now`);
    return now;
  }
  return Math.min(time, now);
}

const MAX_DATE_MS = 8.64e15;
const DASH = 45;
const COLON = 58;
const T = 84;
const Z = 90;
const DOT = 46;

/**
 * HubSpot's own datetime shape, `2026-11-20T10:15:00.000Z`, read without Date.parse (a hot
 * path: several dates per contact); anything else falls back to Date.parse.
 */
export function parseIsoDate(text: string): number {
  const n = text.length;
  if (
    n >= 20 &&
    n <= 24 &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    text.charCodeAt(10) === T &&
    text.charCodeAt(13) === COLON &&
    text.charCodeAt(16) === COLON &&
    text.charCodeAt(n - 1) === Z
  ) {
    const year = pair(text, 0) * 100 + pair(text, 2);
    const month = pair(text, 5);
    const day = pair(text, 8);
    const hour = pair(text, 11);
    const minute = pair(text, 14);
    const second = pair(text, 17);
    let millis = 0;
    if (n > 20) {
      if (text.charCodeAt(19) !== DOT || n === 21) return Date.parse(text);
      millis = digits(text, 20, n - 1) * MILLIS_SCALE[n - 22]!;
    }
    // A bad digit makes its pair negative (and the year below zero).
    if (
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour < 24 &&
      minute >= 0 &&
      minute < 60 &&
      second >= 0 &&
      second < 60 &&
      millis >= 0
    ) {
      return (
        daysSinceEpoch(year, month, day) * DAY_MS +
        hour * 3_600_000 +
        minute * 60_000 +
        second * 1000 +
        millis
      );
    }
  }
  return Date.parse(text);
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date, as Date.UTC counts them (a day past the
 * month's end rolls over the same way). Howard Hinnant's days_from_civil: plain arithmetic,
 * several times cheaper than Date.UTC on this hot path.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** ".5Z", ".25Z", ".250Z": one, two or three digits of milliseconds. */
const MILLIS_SCALE = [100, 10, 1];

/** The two-digit number at text[at], or a negative number if either is not a digit. */
function pair(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return -10_000;
  return tens * 10 + ones;
}

/** The number written by text[from..to), or -1 if a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
