import { en } from './en.ts';
import type { Messages } from './messages.ts';
import { nl } from './nl.ts';

export type { Messages };

/**
 * Languages by primary subtag of HubSpot's `context.user.locale` ("nl-nl" → "nl"). To add one:
 * write `xx.ts` implementing `Messages` and add it here; anything else reads English.
 */
const LANGUAGES: Record<string, Messages> = { en, nl };

export function messagesFor(locale: string | undefined): Messages {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGES[language] ?? en;
}
