import type { ContactHistory, ContactHistoryEntry, ContactProperties } from '../scoring/index.ts';
import { normalizeText } from '../scoring/text-matching.ts';
import { CalibrationError } from './calibration-error.ts';

/** What counts as a success: `hs_lead_status=APPLIED,HIRED` (case- and accent-insensitive). */
export interface OutcomeSpec {
  property: string;
  values: readonly string[];
}

const PROPERTY_NAME = /^[a-z0-9_]{1,100}$/;

export function parseOutcome(text: string): OutcomeSpec {
  const equals = text.indexOf('=');
  const property = equals < 0 ? '' : text.slice(0, equals).trim();
  const values =
    equals < 0
      ? []
      : text
          .slice(equals + 1)
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean);
  if (equals < 0 || !PROPERTY_NAME.test(property) || values.length === 0) {
    throw new CalibrationError(
      `--outcome must be PROPERTY=VALUE[,VALUE...] with a HubSpot internal property name, ` +
        `such as hs_lead_status=APPLIED,HIRED (got "${text}")`,
      'usage',
    );
  }
  return { property, values };
}

/** A test for "this candidate reached the outcome". */
export function outcomeTest(spec: OutcomeSpec): (properties: ContactProperties) => boolean {
  const wanted = new Set(spec.values.map(normalizeText));
  return (properties) => {
    const value = properties[spec.property];
    if (value === null || value === undefined) return false;
    // A multiple-checkbox property holds "A;B": any of its options counts.
    return String(value)
      .split(';')
      .some((part) => wanted.has(normalizeText(part)));
  };
}

/**
 * Refuses data that cannot be calibrated on, naming what the data holds instead: the outcome
 * property missing everywhere, or no candidate (or every candidate) with the outcome.
 */
export function checkOutcomes(
  spec: OutcomeSpec,
  contacts: readonly { properties: ContactProperties }[],
  outcomes: readonly boolean[],
): void {
  const values = new Map<string, number>();
  let present = 0;
  for (const { properties } of contacts) {
    if (!(spec.property in properties)) continue;
    present++;
    const value = properties[spec.property];
    const key = value === null || value === undefined || value === '' ? '(empty)' : String(value);
    values.set(key, (values.get(key) ?? 0) + 1);
  }
  if (present === 0) {
    const seen = [...new Set(contacts.slice(0, 200).flatMap((c) => Object.keys(c.properties)))];
    throw new CalibrationError(
      `the outcome property ${spec.property} is not in the data (no candidate has it). ` +
        `Properties in the data: ${seen.slice(0, 40).join(', ') || '(none)'}`,
      'data',
    );
  }
  const positives = outcomes.filter(Boolean).length;
  const seenValues = [...values]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([value, n]) => `${value} (${n})`)
    .join(', ');
  if (positives === 0) {
    throw new CalibrationError(
      `no candidate has ${spec.property} = ${spec.values.join(' or ')}: nothing to learn from. ` +
        `Values in the data: ${seenValues}`,
      'data',
    );
  }
  if (positives === contacts.length) {
    throw new CalibrationError(
      `every candidate has ${spec.property} = ${spec.values.join(' or ')}: calibration needs ` +
        `candidates without the outcome too`,
      'data',
    );
  }
}

/**
 * When the candidate first reached the outcome, from the outcome property's history (HubSpot
 * lists every value with its time); undefined when the history was not read or never shows it.
 * Content touched after that moment cannot have moved the candidate.
 */
export function outcomeReachedAt(
  spec: OutcomeSpec,
  history: ContactHistory | undefined,
): number | undefined {
  const entries = history?.[spec.property];
  if (!Array.isArray(entries)) return undefined;
  const wanted = new Set(spec.values.map(normalizeText));
  let first: number | undefined;
  for (const entry of entries as readonly ContactHistoryEntry[]) {
    if (typeof entry?.value !== 'string') continue;
    if (!entry.value.split(';').some((part) => wanted.has(normalizeText(part)))) continue;
    const at = typeof entry.timestamp === 'number' ? entry.timestamp : Date.parse(entry.timestamp);
    if (Number.isFinite(at) && (first === undefined || at < first)) first = at;
  }
  return first;
}
