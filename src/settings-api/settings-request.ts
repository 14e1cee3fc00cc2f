import type { HandlerRequest } from '../server/http-types.ts';
import { localeFrom, type Locale } from '../model/translations.ts';
import { SETTINGS_MESSAGES, type SettingsMessages } from './settings-messages.ts';
import { SettingsApiError } from './settings-api-error.ts';

/**
 * Who a settings request is from, read from the signed URL only: the page appends portalId,
 * userId and locale from its HubSpot context, and the v3 signature covers the whole URL, so
 * these are HubSpot's word, not the browser's.
 */
export interface SettingsCaller {
  portalId: number;
  userId: string;
  locale: Locale;
  messages: SettingsMessages;
  path: string;
}

const HUBSPOT_ID = /^[1-9]\d{0,19}$/;

export function localeOf(url: string): Locale {
  return localeFrom(parse(url).searchParams.get('locale'));
}

export function readCaller(request: HandlerRequest): SettingsCaller {
  const url = parse(request.url);
  const locale = localeFrom(url.searchParams.get('locale'));
  const messages = SETTINGS_MESSAGES[locale];
  const portalIds = url.searchParams.getAll('portalId');
  if (portalIds.length !== 1 || !HUBSPOT_ID.test(portalIds[0]!)) {
    throw new SettingsApiError(400, messages.noAccount, { reason: 'no-account' });
  }
  const userIds = url.searchParams.getAll('userId');
  if (userIds.length !== 1 || !HUBSPOT_ID.test(userIds[0]!)) {
    throw new SettingsApiError(400, messages.noUser, { reason: 'no-user' });
  }
  return {
    portalId: Number(portalIds[0]),
    userId: userIds[0]!,
    locale,
    messages,
    path: url.pathname,
  };
}

/** The JSON body, parsed with the endpoint's schema; 400 in the caller's words otherwise. */
export function readBody<T>(
  request: HandlerRequest,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  messages: SettingsMessages,
): T {
  let value: unknown;
  try {
    const text = Buffer.from(request.rawBody).toString('utf8');
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new SettingsApiError(400, messages.badBody, { reason: 'bad-body' });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SettingsApiError(400, messages.badBody, { reason: 'bad-body' });
  return parsed.data;
}

function parse(url: string): URL {
  return new URL(url, 'http://settings-api.invalid');
}
