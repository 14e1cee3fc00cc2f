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
const EPOCH_DIGITS = /^-?\d{9,}$/;

export function isKnown(value: PropertyValue): boolean {
  if (value === null || value === undefined) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

export function readText(value: PropertyValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value : String(value);
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
    time = EPOCH_DIGITS.test(text) ? Number(text) : Date.parse(text);
  }
  if (!Number.isFinite(time)) {
    warnings.push(`${property}: "${String(value)}" is not a date; counted as unknown`);
    return undefined;
  }
  if (time > now + FUTURE_TOLERANCE_MS) {
    warnings.push(`${property}: ${new Date(time).toISOString()} is in the future; counted as now`);
    return now;
  }
  return Math.min(time, now);
}
