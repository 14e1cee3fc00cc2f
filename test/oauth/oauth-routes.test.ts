import type { AddressInfo } from 'node:net';
import { sqliteStoreOf } from '../../src/store/sqlite-store.ts';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthMode, createOAuthRoutes } from '../../src/oauth/index.ts';
import {
  ACCESS_TOKEN,
  anOAuthConfig,
  aTokenInfo,
  aTokenResponse,
  AUTH_CODE,
  capturedLogger,
  codeExchangeForm,
  hubspotOAuth,
  memoryDb,
  PORTAL_ID,
  resetNock,
  tokenRecordingPort,
  useNock,
  introspectForm,
} from './helpers.ts';

let server: Server | undefined;
beforeEach(useNock);
afterEach(async () => {
  resetNock();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function startServer() {
  const installed: number[] = [];
  const mode = await createOAuthMode({
    // http://127.0.0.1 in this test, so no Secure cookie (fetch would not send one back anyway).
    config: anOAuthConfig({ secureCookies: false }),
    store: sqliteStoreOf(memoryDb()),
    logger: capturedLogger().logger,
    connect: (_id, token) => tokenRecordingPort(token).port,
    onInstalled: async (portalId) => {
      installed.push(portalId);
    },
  });
  const app = express();
  app.use(createOAuthRoutes(mode.installFlow));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  const { port } = server!.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, installed, mode };
}

async function install(base: string) {
  const answer = await fetch(`${base}/oauth/install`, { redirect: 'manual' });
  const location = new URL(answer.headers.get('location')!);
  const cookie = answer.headers.get('set-cookie')!.split(';')[0]!;
  return { answer, state: location.searchParams.get('state')!, cookie };
}

describe('the install flow over HTTP', () => {
  it('redirects to HubSpot and completes the install in the same browser', async () => {
    const { base, installed, mode } = await startServer();
    const { answer, state, cookie } = await install(base);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toMatch(
      /^https:\/\/app\.hubspot\.com\/oauth\/authorize\?client_id=/,
    );
    expect(cookie).toMatch(/^recruitment_install=/);

    const hubspot = hubspotOAuth()
      .post('/oauth/2026-03/token', codeExchangeForm)
      .reply(200, aTokenResponse())
      .post('/oauth/2026-03/token/introspect', introspectForm(ACCESS_TOKEN))
      .reply(200, aTokenInfo());
    const done = await fetch(`${base}/oauth/callback?code=${AUTH_CODE}&state=${state}`, {
      headers: { cookie },
    });
    hubspot.done();
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(done.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await done.text()).toContain('Recruitment scoring is connected');
    expect(installed).toEqual([PORTAL_ID]);
    expect(await mode.tokens.portals()).toEqual([PORTAL_ID]);
  });

  it('refuses a forged state with a readable page and stores nothing', async () => {
    const { base, installed, mode } = await startServer();
    const { cookie } = await install(base);
    const refused = await fetch(
      `${base}/oauth/callback?code=${AUTH_CODE}&state=forged-state-value`,
      {
        headers: { cookie },
      },
    );
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('This install link is not valid here');
    expect(installed).toEqual([]);
    expect(await mode.tokens.portals()).toEqual([]);
  });
});
