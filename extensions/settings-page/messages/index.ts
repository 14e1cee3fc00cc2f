import { en } from './en.ts';
import type { SettingsMessages } from './messages.ts';
import { nl } from './nl.ts';

export type { SettingsMessages };

/** By the primary subtag of HubSpot's `context.user.locale` ("nl-nl" → "nl"); else English. */
const LANGUAGES: Record<string, SettingsMessages> = { en, nl };

export function settingsMessagesFor(locale: string | undefined): SettingsMessages {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGES[language] ?? en;
}
