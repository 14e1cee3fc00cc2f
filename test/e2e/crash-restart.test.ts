import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { anEvent, postDelivery } from '../server/signed-delivery.ts';
import { READ_PATH } from './e2e-harness.ts';
import {
  startServerProcess as startServer,
  until,
  type ServerProcess as Child,
} from './server-process.ts';

/**
 * kill -9 of the real server (`node --import tsx src/server/main.ts`) while its work is queued
 * and its HubSpot reads are in flight, then a restart on the same SQLite file: every contact
 * of every delivery answered 200 gets scored, nothing is lost.
 */

const TOKEN = 'pat-na1-crash-0000-1111';
const SECRET = 'crash-test-client-secret';
const PUBLIC_URL = 'https://scoring.example.com';
const PORTAL = 62515;
const CONTACTS = 300;

const children: Child[] = [];
let sandbox: Sandbox | undefined;
let dir: string | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await child.exited;
  }
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a crash while work is queued', () => {
  it('loses nothing: after kill -9 and a restart on the same store every contact is scored', async () => {
    sandbox = await startSandbox({
      contacts: CONTACTS,
      seed: 11,
      rateLimit: false,
      accessToken: TOKEN,
    });
    dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const databasePath = join(dir, 'scoring.db');
    const env = {
      HUBSPOT_ACCESS_TOKEN: TOKEN,
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_API_BASE_URL: sandbox.baseUrl,
      HUBSPOT_PORTAL_ID: String(PORTAL),
      APP_BASE_URL: PUBLIC_URL,
      DATABASE_URL: `sqlite:${databasePath}`,
    };
    const ids = [...sandbox.account.contacts.keys()];
    // Every read of the first run hangs: its work is claimed and in flight when it dies.
    sandbox.account.hang({ path: READ_PATH, times: 1_000 });

    const first = startServer(env);
    children.push(first);
    const url = await first.url;
    for (let i = 0; i < ids.length; i += 100) {
      const events = ids
        .slice(i, i + 100)
        .map((id) => anEvent({ portalId: PORTAL, objectId: Number(id), propertyName: 'jobtitle' }));
      const answer = await postDelivery(url, events, {
        secret: SECRET,
        signedUrl: `${PUBLIC_URL}/webhooks/hubspot`,
      });
      expect(answer.status).toBe(200);
    }
    const store = new Database(databasePath, { readonly: true });
    const claimed = () =>
      (
        store
          .prepare('SELECT COUNT(*) AS n FROM pending_contacts WHERE leased_until > 0')
          .get() as {
          n: number;
        }
      ).n;
    await until(() => claimed() > 0, 'the first run to claim work');

    first.process.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const queued = store.prepare('SELECT COUNT(*) AS n FROM pending_contacts').get() as {
      n: number;
    };
    expect(queued.n).toBe(CONTACTS);
    store.close();

    sandbox.account.clearFaults();
    const second = startServer(env);
    children.push(second);
    await second.url;
    const scored = () =>
      ids.filter((id) => sandbox!.account.contacts.get(id)!.recruitment_scored_at !== undefined);
    await until(() => scored().length === CONTACTS, `all ${CONTACTS} contacts to be scored`);
    expect(second.output()).not.toContain(TOKEN);

    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const after = new Database(databasePath, { readonly: true });
    expect(after.prepare('SELECT COUNT(*) AS n FROM pending_contacts').get()).toEqual({ n: 0 });
    expect(after.prepare('SELECT COUNT(*) AS n FROM dead_letters').get()).toEqual({ n: 0 });
    after.close();
  });
});
