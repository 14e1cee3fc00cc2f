import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCardRoutes } from '../../src/card-api/card-routes.ts';
import { scoreResponseSchema } from '../../src/card-api/score-response.ts';
import {
  aCandidate,
  cardDeps,
  CONTACT_ID,
  FakeHubSpot,
  PORTAL_ID,
  signedRequest,
} from './card-helpers.ts';

// The routes in a real express app on a free port, called over real HTTP, as HubSpot's
// `hubspot.fetch` proxy would (the signed URL is the public one; the server sees the path).
describe('createCardRoutes', () => {
  const hubspot = new FakeHubSpot().withContact(CONTACT_ID, aCandidate());
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    const app = express();
    app.use(createCardRoutes(cardDeps({ [PORTAL_ID]: hubspot })));
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function call(request: ReturnType<typeof signedRequest>) {
    const response = await fetch(baseUrl + request.url, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.method === 'GET' ? undefined : Buffer.from(request.rawBody),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it('answers a signed GET with a response the card can parse', async () => {
    const answer = await call(
      signedRequest({ method: 'GET', path: `/api/contacts/${CONTACT_ID}/score` }),
    );
    expect(answer.status).toBe(200);
    expect(scoreResponseSchema.parse(answer.body).score).toBe(74);
  });

  it('answers a signed POST rescore that has no body', async () => {
    const answer = await call(
      signedRequest({ method: 'POST', path: `/api/contacts/${CONTACT_ID}/rescore` }),
    );
    expect(answer.status).toBe(200);
    expect(scoreResponseSchema.parse(answer.body).rescore).toEqual({ written: true });
  });

  it('checks the signature on the raw bytes of a JSON body', async () => {
    const answer = await call(
      signedRequest({
        method: 'POST',
        path: `/api/contacts/${CONTACT_ID}/rescore`,
        body: '{ "reason" : "button" }',
      }),
    );
    expect(answer.status).toBe(200);
  });

  it('answers an unsigned request with 401 in JSON', async () => {
    const response = await fetch(
      `${baseUrl}/api/contacts/${CONTACT_ID}/score?portalId=${PORTAL_ID}`,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'This request was not signed by HubSpot.' });
  });

  it('answers a wrong method with 405 in JSON', async () => {
    const answer = await call(
      signedRequest({ method: 'PUT', path: `/api/contacts/${CONTACT_ID}/score` }),
    );
    expect(answer).toEqual({ status: 405, body: { message: 'Use GET for this path.' } });
  });
});
