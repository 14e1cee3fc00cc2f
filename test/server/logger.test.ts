import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { ConfigError } from '../../src/server/config-error.ts';
import {
  createLogger,
  logLevelFrom,
  withLogContext,
  type LoggerOptions,
} from '../../src/server/logger.ts';
import { MAX_LOG_TEXT } from '../../src/server/log-values.ts';

function capture(options: Omit<LoggerOptions, 'write' | 'now'> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, write: (l) => lines.push(l), now: () => 0 });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('the log', () => {
  it('writes one JSON line with the level, the time, the message and the details', () => {
    const { logger, lines } = capture();
    logger.info('rescored contacts', { portalId: 1, written: 3, note: 'two words' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'info',
      time: '1970-01-01T00:00:00.000Z',
      msg: 'rescored contacts',
      portalId: 1,
      written: 3,
      note: 'two words',
    });
  });

  it('drops lines below LOG_LEVEL, and writes debug lines when asked', () => {
    const quiet = capture({ level: 'warn' });
    quiet.logger.debug('d');
    quiet.logger.info('i');
    quiet.logger.warn('w');
    quiet.logger.error('e');
    expect(quiet.parsed().map((l) => l.level)).toEqual(['warn', 'error']);

    const chatty = capture({ level: 'debug' });
    chatty.logger.debug('claimed a batch', { contacts: 3 });
    expect(chatty.parsed()).toMatchObject([{ level: 'debug', msg: 'claimed a batch' }]);
  });

  it('reads LOG_LEVEL, defaulting to info, and names the setting when it is wrong', () => {
    expect(logLevelFrom(undefined)).toBe('info');
    expect(logLevelFrom(' ')).toBe('info');
    expect(logLevelFrom('DEBUG')).toBe('debug');
    expect(() => logLevelFrom('verbose')).toThrow(ConfigError);
    expect(() => logLevelFrom('verbose')).toThrow(/LOG_LEVEL: must be one of debug, info/);
  });

  it('never shows the access token or the client secret, even inside an error', () => {
    const { logger, lines } = capture({
      secrets: ['pat-na1-abcdef-123456', 'client-secret-value'],
    });
    logger.error('HubSpot refused', {
      error: new Error('token pat-na1-abcdef-123456 rejected; secret client-secret-value'),
      header: 'Bearer some.jwt.token',
    });
    expect(lines[0]).not.toContain('abcdef-123456');
    expect(lines[0]).not.toContain('client-secret-value');
    expect(lines[0]).not.toContain('some.jwt.token');
    expect(lines[0]).toContain('[redacted]');
  });

  it('redacts credentials by their field name at any depth, whatever their spelling', () => {
    const { logger, parsed } = capture();
    logger.warn('odd request', {
      access_token: 'CKH0-a',
      request: {
        headers: { Authorization: 'Basic dXNlcjpwYXNz', cookie: 'sid=1', 'x-other': 'kept' },
        query: { code: 'one-time-code', state: 'signed-state' },
      },
      tokens: { refreshToken: 'r', accessToken: 'a' },
      client_secret: 's',
      portalId: 7,
    });
    expect(parsed()[0]).toMatchObject({
      access_token: '[redacted]',
      request: {
        headers: { Authorization: '[redacted]', cookie: '[redacted]', 'x-other': 'kept' },
        query: { code: '[redacted]', state: '[redacted]' },
      },
      tokens: '[redacted]',
      client_secret: '[redacted]',
      portalId: 7,
    });
  });

  it('redacts credential query parameters inside any text', () => {
    const { logger, lines } = capture();
    logger.warn('callback', { url: '/oauth/callback?code=c0de-value&state=st4te-value&x=1' });
    expect(lines[0]).not.toContain('c0de-value');
    expect(lines[0]).not.toContain('st4te-value');
    expect(JSON.parse(lines[0]!).url).toBe('/oauth/callback?code=[redacted]&state=[redacted]&x=1');
  });

  it('escapes ESC, BEL and NUL and cuts an 8 KB value from an unauthenticated request', () => {
    const { logger, lines, parsed } = capture();
    const hostile = `\u001b[2J\u0007\u0000forged line\n${'A'.repeat(8192)}`;
    logger.warn('install not completed in HubSpot', { error: hostile });
    const value = String(parsed()[0]!.error);
    // Escaped in the decoded value too, not only by JSON: `jq -r` prints no control characters.
    // eslint-disable-next-line no-control-regex
    expect(value).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(value.startsWith('\\x1b[2J\\x07\\x00forged line\\x0a')).toBe(true);
    expect(value.length).toBeLessThan(MAX_LOG_TEXT + 40);
    expect(value).toMatch(/…\[\d+ more characters\]$/);
    expect(lines[0]!.length).toBeLessThan(1000);
  });

  it('turns an error into its name, message, status and cause; a stack only for our own bugs', () => {
    const { logger, parsed } = capture();
    const hubspot = Object.assign(new Error('HubSpot answered 503'), {
      status: 503,
      category: 'server',
    });
    logger.error('failed', { expected: hubspot, bug: new TypeError('x is undefined') });
    const [line] = parsed();
    expect(line!.expected).toEqual({
      type: 'Error',
      message: 'HubSpot answered 503',
      status: 503,
      category: 'server',
    });
    expect(line!.bug).toMatchObject({ type: 'TypeError', message: 'x is undefined' });
    expect(String((line!.bug as { stack: string }).stack)).toContain('TypeError: x is undefined');
  });

  it('names the request in every line written while it is handled', async () => {
    const { logger, parsed } = capture();
    await withLogContext({ requestId: 'req-1' }, async () => {
      logger.info('first');
      await new Promise((resolve) => setImmediate(resolve));
      logger.warn('after an await');
    });
    logger.info('outside');
    expect(parsed().map((l) => [l.msg, l.requestId])).toEqual([
      ['first', 'req-1'],
      ['after an await', 'req-1'],
      ['outside', undefined],
    ]);
  });
});

describe('the request log', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function startApp() {
    const { logger, parsed } = capture();
    const app = createApp({
      webhook: {
        clientSecret: 'webhook-secret-value',
        publicBaseUrl: 'https://scoring.example.com',
        triage: { modelProperties: new Set(), ownAppId: undefined },
        queue: { enqueue: async () => {} },
        worker: { kick: () => {} },
        now: Date.now,
        logger,
        maxBodyBytes: 1024,
      },
      isReady: () => true,
      queueCounts: async () => ({ contacts: 0, engagements: 0, retrying: 0 }),
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const { port } = server!.address() as AddressInfo;
    const warnings = () => parsed().filter((l) => l.level === 'warn');
    return { base: `http://127.0.0.1:${port}`, warnings };
  }

  it.each([
    ['an unsigned webhook (401)', 401, { method: 'POST', body: '[]' }, '/webhooks/hubspot'],
    ['an unknown path (404)', 404, { method: 'GET' }, '/no/such/page'],
    [
      'a body over the limit (413)',
      413,
      { method: 'POST', body: 'x'.repeat(4096) },
      '/webhooks/hubspot',
    ],
  ] as const)(
    'logs %s once, at warn, with its reason and request id',
    async (_c, status, init, path) => {
      const { base, warnings } = await startApp();
      const answer = await fetch(`${base}${path}`, init);
      expect(answer.status).toBe(status);
      const requestId = answer.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const lines = warnings();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ requestId });
      expect(String(lines[0]!.reason ?? '')).not.toBe('');
    },
  );

  it('names the reason of each refusal', async () => {
    const { base, warnings } = await startApp();
    await fetch(`${base}/no/such/page`);
    await fetch(`${base}/webhooks/hubspot`, { method: 'POST', body: 'x'.repeat(4096) });
    expect(warnings().map((l) => [l.status, l.reason])).toEqual([
      [404, 'not found'],
      [413, 'the body is too large'],
    ]);
  });

  it('honours a sane X-Request-Id and replaces one that could forge a line', async () => {
    const { base, warnings } = await startApp();
    const sane = await fetch(`${base}/nope`, { headers: { 'x-request-id': 'trace-0123456789' } });
    expect(sane.headers.get('x-request-id')).toBe('trace-0123456789');
    const hostile = await fetch(`${base}/nope`, {
      headers: { 'x-request-id': 'x"}{"level":"info","msg":"forged' },
    });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(warnings().map((l) => l.requestId)).toEqual([
      'trace-0123456789',
      hostile.headers.get('x-request-id'),
    ]);
  });
});
