/**
 * Reading HubSpot property values. HubSpot's CRM API returns every value as a string (numbers
 * too); datetimes come as ISO-8601 strings or epoch milliseconds; empty means unknown.
 * Nothing here throws: a value that cannot be read is unknown and reported as a warning.
 */
import { readDateText } from './hubspot-datetime.ts';

export { DAY_MS, parseIsoDate } from './hubspot-datetime.ts';

export type PropertyValue = string | number | boolean | null | undefined;
export type ContactProperties = Readonly<Record<string, PropertyValue>>;

/** Clocks differ a little; only a date more than this ahead of `now` is reported. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** The range of JavaScript dates: ±8.64e15 ms around 1970. */
const MAX_DATE_MS = 8.64e15;

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
    time = readDateText(text);
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
