import { en } from './en.ts';
import type { Messages } from './messages.ts';

export type { Messages };

/**
 * Languages by primary subtag of HubSpot's `context.user.locale` ("nl-nl" → "nl").
 * To add Dutch: write `nl.ts` implementing `Messages` and add `nl` here.
 */
const LANGUAGES: Record<string, Messages> = { en };

export function messagesFor(locale: string | undefined): Messages {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGES[language] ?? en;
}
