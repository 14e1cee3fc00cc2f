/**
 * What may reach a log line. Everything a log line carries passes through `cleanLogValue`:
 * - secrets by key: a field named like a credential (token, access_token, client_secret,
 *   authorization, code, state, cookie, ...) at any depth shows `[redacted]`;
 * - secrets by value: the configured secrets, `Bearer ...`, private-app `pat-...` tokens and
 *   credential query parameters (`?code=...&state=...`) wherever they appear in a text;
 * - control characters escaped (`\x1b`, `\x07`, `\x00`), so a value from an unauthenticated
 *   request (the OAuth callback's `?error=`) cannot move a terminal's cursor or forge a line
 *   once the JSON is decoded by `jq -r` or a log viewer;
 * - texts cut at MAX_LOG_TEXT characters, lists at MAX_LOG_ITEMS, nesting at MAX_LOG_DEPTH: an
 *   8 KB `?error=` costs the log a few hundred bytes.
 * Secrets are removed before a text is cut, so a cut can never leave half a secret behind.
 */
export const MAX_LOG_TEXT = 500;
export const MAX_LOG_ITEMS = 50;
export const MAX_LOG_DEPTH = 5;
export const REDACTED = '[redacted]';

/** Compared without case, `-`, `_` or spaces: `Access-Token`, `access_token`, `accessToken`. */
const SECRET_KEYS = new Set([
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'clientsecret',
  'secret',
  'authorization',
  'proxyauthorization',
  'code',
  'state',
  'cookie',
  'setcookie',
  'password',
  'apikey',
  'hapikey',
  'nonce',
  'sessionnonce',
  'tokenencryptionkey',
  'privatekey',
  'xhubspotsignature',
  'xhubspotsignaturev3',
]);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '');
  return (
    SECRET_KEYS.has(k) ||
    k.endsWith('token') ||
    k.endsWith('tokens') ||
    k.endsWith('secret') ||
    k.endsWith('password')
  );
}

const CREDENTIAL_QUERY =
  /([?&;](?:code|state|token|access_token|refresh_token|client_secret|hapikey)=)[^&\s"'#]+/gi;

/** Removes every secret value from a text: configured ones and the shapes HubSpot uses. */
export function secretRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  // Longest first: a secret that contains another is removed whole.
  const known = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out
      .replace(/Bearer\s+[^\s"',}]+/gi, `Bearer ${REDACTED}`)
      .replace(/\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g, `pat-${REDACTED}`)
      .replace(CREDENTIAL_QUERY, `$1${REDACTED}`);
  };
}

// C0, DEL, C1 and the two JavaScript line separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

export function truncateText(text: string, max = MAX_LOG_TEXT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…[${text.length - max} more characters]`;
}

export function cleanLogText(text: string, redact: (text: string) => string, max?: number) {
  return truncateText(escapeControlCharacters(redact(text)), max);
}

/** A value made safe for a log line (see the file comment). Undefined fields are left out. */
export function cleanLogValue(
  value: unknown,
  redact: (text: string) => string,
  depth = 0,
): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return cleanLogText(value, redact);
  if (typeof value === 'bigint') return String(value);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return undefined;
  }
  if (depth >= MAX_LOG_DEPTH) return '[nested too deep]';
  if (value instanceof Error) return cleanError(value, redact, depth);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Map) return cleanLogValue(Object.fromEntries(value), redact, depth);
  if (value instanceof Set) return cleanLogValue([...value], redact, depth);
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_LOG_ITEMS).map((v) => cleanLogValue(v, redact, depth + 1));
    if (value.length > MAX_LOG_ITEMS) items.push(`…[${value.length - MAX_LOG_ITEMS} more items]`);
    return items;
  }
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return cleanLogValue(json.call(value), redact, depth + 1);
  return cleanFields(value as Record<string, unknown>, redact, depth + 1);
}

export function cleanFields(
  fields: Record<string, unknown>,
  redact: (text: string) => string,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const [key, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (++count > MAX_LOG_ITEMS) {
      out['…'] = `${Object.keys(fields).length - MAX_LOG_ITEMS} more fields`;
      break;
    }
    const safeKey = cleanLogText(key, redact, 100);
    out[safeKey] = isSecretKey(key) ? REDACTED : cleanLogValue(v, redact, depth);
  }
  return out;
}

/** name, message, HubSpot's status and category, the cause; the stack only for our own bugs. */
function cleanError(error: Error, redact: (text: string) => string, depth: number) {
  const e = error as Error & { status?: unknown; category?: unknown; code?: unknown };
  const fields: Record<string, unknown> = {
    type: cleanLogText(error.name, redact, 100),
    message: cleanLogText(error.message, redact),
  };
  if (typeof e.status === 'number') fields.status = e.status;
  if (typeof e.category === 'string') fields.category = cleanLogText(e.category, redact, 100);
  // `code` is a credential's key name; an error code goes under its own name.
  if (typeof e.code === 'string' || typeof e.code === 'number') {
    fields.errorCode = cleanLogText(String(e.code), redact, 100);
  }
  if (error.cause !== undefined) fields.cause = cleanLogValue(error.cause, redact, depth + 1);
  const expected = typeof e.status === 'number' || typeof e.category === 'string';
  if (!expected && error.stack) fields.stack = cleanLogText(error.stack, redact, 2000);
  return fields;
}
