import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { anEvent, postDelivery } from '../server/signed-delivery.ts';

const ROOT = new URL('../../', import.meta.url);
const UNSET = Object.fromEntries(
  [
    'APP_BASE_URL',
    'HUBSPOT_CLIENT_SECRET',
    'HUBSPOT_ACCESS_TOKEN',
    'HUBSPOT_API_BASE_URL',
    'HUBSPOT_APP_ID',
    'SCORING_MODEL',
    'DATABASE_URL',
    'HUBSPOT_RATE_LIMIT',
    'HUBSPOT_CLIENT_ID',
    'HUBSPOT_PORTAL_ID',
    'TOKEN_ENCRYPTION_KEY',
    'HUBSPOT_OAUTH_BASE_URL',
    'HUBSPOT_AUTHORIZE_URL',
    'SWEEP_INTERVAL_MINUTES',
  ].map((name) => [name, '']),
);

interface Started {
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (text: string) => Promise<void>;
  stop: () => Promise<number | null>;
}

/** `npm start` as a newcomer runs it: the entry point in a child process, env as given. */
function startServer(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    // Every setting given, empty when unset: dotenv never overrides a variable that exists, so a
    // developer's own .env cannot turn this into another run.
    env: { PATH: process.env.PATH ?? '', ...UNSET, PORT: '0', ...env },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        void exited.then(() => reject(new Error(`exited before "${text}":\n${output}`)));
        check();
      }),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The server's log: one JSON object a line (pino); other lines (the demo's table) left out. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
const logged = (output: string, msg: string) => logLines(output).find((line) => line.msg === msg);

const running: Started[] = [];
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await sandbox?.close();
  sandbox = undefined;
});

describe('npm start', () => {
  it('runs the sandbox without credentials, says so, scores sample deliveries and stops cleanly', async () => {
    const server = startServer({});
    running.push(server);
    // stdout (the table) and stderr (the log) arrive through separate pipes: wait for both.
    await server.waitFor('sandbox demo done');
    await server.waitFor('Scores written to the sandbox account:');
    const output = server.output();
    expect(output).toContain('SANDBOX MODE');
    const again = logLines(output).find((line) =>
      String(line.msg).startsWith('sample delivery: HubSpot delivers the first batch again'),
    );
    expect(again).toMatchObject({
      level: 'info',
      hubspotCalls: 'POST /crm/objects/2026-03/contacts/batch/read',
    });
    expect(output).toContain('Scores written to the sandbox account:');
    // The settings page's demo: a draft previewed with its tier moves, then published.
    expect(output).toMatch(/Preview on \d+ contacts \(nothing written\):\n {2}\w+ → \w+: \d+/);
    expect(output).toMatch(/Published version 2; the background recalculation read \d+/);
    expect(logged(output, 'ready')).toMatchObject({ accounts: 'static', sweepEveryMinutes: 15 });
    expect(await running.pop()!.stop()).toBe(0);
    expect(server.output()).toContain('shutting down');
  });

  it('serves a configured account and never logs its token or secret', async () => {
    sandbox = await startSandbox({
      contacts: 3,
      rateLimit: false,
      accessToken: 'pat-na1-11111111-2222',
    });
    const secret = 'the-real-client-secret';
    const server = startServer({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-11111111-2222',
      HUBSPOT_CLIENT_SECRET: secret,
      HUBSPOT_API_BASE_URL: sandbox.baseUrl,
      APP_BASE_URL: 'https://scoring.example.com',
      DATABASE_URL: 'sqlite::memory:',
    });
    running.push(server);
    await server.waitFor('"msg":"ready"');
    const url = String(logged(server.output(), 'listening')!.url);
    const [id] = sandbox.account.contacts.keys();
    const answer = await postDelivery(url, [anEvent({ objectId: Number(id) })], {
      secret,
      signedUrl: 'https://scoring.example.com/webhooks/hubspot',
    });
    expect(answer.status).toBe(200);
    await server.waitFor('rescored contacts');
    expect(sandbox.account.contacts.get(id!)!.recruitment_score).toBeDefined();
    expect(server.output()).not.toContain('SANDBOX MODE');
    expect(server.output()).not.toContain('11111111-2222');
    expect(server.output()).not.toContain(secret);
  });

  it('boots in OAuth mode (marketplace app) and sends admins to HubSpot to install it', async () => {
    const secret = 'oauth-client-secret-7c1d';
    const key = '8d1f4c0a93b27e5566a1f0c3d9e8b7a6152433f4e5d6c7b8a99a8b7c6d5e4f30';
    const server = startServer({
      HUBSPOT_CLIENT_ID: '7f3c2a10-1111-4222-8333-944455566677',
      HUBSPOT_CLIENT_SECRET: secret,
      TOKEN_ENCRYPTION_KEY: key,
      APP_BASE_URL: 'https://scoring.example.com',
      DATABASE_URL: 'sqlite::memory:',
      SWEEP_INTERVAL_MINUTES: '0',
    });
    running.push(server);
    await server.waitFor('"msg":"ready"');
    await server.waitFor('"msg":"listening"');
    expect(logged(server.output(), 'ready')).toMatchObject({
      accounts: 'oauth',
      sweepEveryMinutes: 'off',
    });
    const listening = logged(server.output(), 'listening')!;
    expect(listening.installUrl).toBe('https://scoring.example.com/oauth/install');
    const url = String(listening.url);
    const answer = await fetch(`${url}/oauth/install`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toMatch(
      /^https:\/\/app\.hubspot\.com\/oauth\/authorize\?client_id=7f3c2a10-/,
    );
    expect(server.output()).not.toContain('SANDBOX MODE');
    expect(server.output()).not.toContain(secret);
    expect(server.output()).not.toContain(key);
  });

  it('refuses OAuth mode with a malformed TOKEN_ENCRYPTION_KEY, saying how to make one', async () => {
    const badKey = 'deadbeef'.repeat(7);
    const server = startServer({
      HUBSPOT_CLIENT_ID: '7f3c2a10-1111-4222-8333-944455566677',
      HUBSPOT_CLIENT_SECRET: 'oauth-client-secret-7c1d',
      TOKEN_ENCRYPTION_KEY: badKey,
      APP_BASE_URL: 'https://scoring.example.com',
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      'TOKEN_ENCRYPTION_KEY: must be exactly 64 hex characters (32 bytes), not 56',
    );
    expect(server.output()).toContain('openssl rand -hex 32');
    expect(server.output()).not.toContain(badKey);
  });

  it('stops with one clear message per configuration problem', async () => {
    const server = startServer({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT: must be a port number');
    expect(server.output()).not.toContain('pat-na1-x');
  });
});
