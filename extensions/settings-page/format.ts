import type { SettingsMessages } from './messages/index.ts';

/** "Dec 2, 2026, 09:14" / "2 dec 2026, 09:14", in the portal's time zone. */
export function formatWhen(epochMs: number, messages: SettingsMessages, timeZone?: string): string {
  return new Intl.DateTimeFormat(messages.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone && { timeZone }),
  }).format(new Date(epochMs));
}

/** 0.314 → "31%" */
export function formatShare(share: number, messages: SettingsMessages): string {
  return new Intl.NumberFormat(messages.locale, { style: 'percent' }).format(share);
}

/** 0.8123 → "0.812" / "0,812"; null (not measurable) → "–". */
export function formatDecimal(
  value: number | null,
  digits: number,
  messages: SettingsMessages,
): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(messages.locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Points keep up to one decimal (a learnt point per occurrence can be 0.5): 12 → "12", 2.5 → "2.5". */
export function formatPoints(points: number, messages: SettingsMessages): string {
  return new Intl.NumberFormat(messages.locale, { maximumFractionDigits: 1 }).format(points);
}

/** 2.41 → "2.4×" / "2,4×". */
export function formatLift(lift: number | null, messages: SettingsMessages): string {
  return lift === null ? '–' : `${formatDecimal(lift, 1, messages)}×`;
}

/** A share that may be unknown, with one decimal below 10% (0.034 → "3.4%"). */
export function formatRate(rate: number | null, messages: SettingsMessages): string {
  if (rate === null) return '–';
  return new Intl.NumberFormat(messages.locale, {
    style: 'percent',
    maximumFractionDigits: rate < 0.1 ? 1 : 0,
  }).format(rate);
}

export function formatCount(n: number, messages: SettingsMessages): string {
  return new Intl.NumberFormat(messages.locale).format(n);
}
