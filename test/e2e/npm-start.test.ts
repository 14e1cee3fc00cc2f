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
    expect(output).toMatch(
      /sample delivery: HubSpot delivers the first batch again.*hubspotCalls="POST \/crm\/v3\/objects\/contacts\/batch\/read"/,
    );
    expect(output).toContain('Scores written to the sandbox account:');
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
    await server.waitFor(' ready ');
    const url = /info listening url=(\S+)/.exec(server.output())![1]!;
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

  it('stops with one clear message per configuration problem', async () => {
    const server = startServer({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT: must be a port number');
    expect(server.output()).not.toContain('pat-na1-x');
  });
});
