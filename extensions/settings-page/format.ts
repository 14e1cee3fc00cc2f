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
