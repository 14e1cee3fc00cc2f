/**
 * Writes test/fixtures/serverless/*.json: events in the shapes API Gateway (HTTP API, payload
 * 2.0) and EventBridge deliver, signed as HubSpot signs them for the public URL below. They are
 * built, not captured from AWS: the field set follows AWS's documented examples.
 * Run: node --import tsx test/serverless/record-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import { NOW } from '../helpers/scoring-fixtures.ts';
import { TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import { API_ID, PUBLIC_BASE_URL, STAGE } from './serverless-harness.ts';

const dir = new URL('../fixtures/serverless/', import.meta.url);
const delivery = JSON.stringify([
  {
    eventId: 3817283,
    subscriptionId: 2413502,
    portalId: 62515,
    appId: 54321,
    occurredAt: NOW - 4_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 1001,
    propertyName: 'jobtitle',
    propertyValue: 'Senior Java Developer',
    changeSource: 'CRM_UI',
    sourceId: 'userId:76023669',
  },
  {
    eventId: 3817284,
    subscriptionId: 2413503,
    portalId: 62515,
    appId: 54321,
    occurredAt: NOW - 3_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 1002,
    propertyName: 'hs_email_last_open_date',
    propertyValue: '1795604400000',
    changeSource: 'EMAIL',
    sourceId: 'hs_email',
  },
  {
    eventId: 3817285,
    subscriptionId: 2413504,
    portalId: 62515,
    appId: 54321,
    occurredAt: NOW - 2_000,
    subscriptionType: 'contact.creation',
    attemptNumber: 0,
    objectId: 1003,
    changeFlag: 'CREATED',
    changeSource: 'FORM',
    sourceId: 'form:7b1f',
  },
]);
const signature = signRequestV3({
  clientSecret: TEST_CLIENT_SECRET,
  method: 'POST',
  uri: `${PUBLIC_BASE_URL}/webhooks/hubspot`,
  rawBody: delivery,
  nowMs: NOW,
});
const requestContext = (method: string, path: string) => ({
  accountId: '123456789012',
  apiId: API_ID,
  domainName: `${API_ID}.execute-api.eu-west-1.amazonaws.com`,
  domainPrefix: API_ID,
  http: {
    method,
    path,
    protocol: 'HTTP/1.1',
    sourceIp: '54.174.62.51',
    userAgent: 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nonsecure)',
  },
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  routeKey: `${method} ${path.slice(STAGE.length + 1)}`,
  stage: STAGE,
  time: '25/Nov/2026:12:00:00 +0000',
  timeEpoch: NOW,
});
const webhookEvent = {
  version: '2.0',
  routeKey: 'POST /webhooks/hubspot',
  rawPath: `/${STAGE}/webhooks/hubspot`,
  rawQueryString: '',
  headers: {
    accept: '*/*',
    'content-length': String(Buffer.byteLength(delivery)),
    'content-type': 'application/json',
    host: `${API_ID}.execute-api.eu-west-1.amazonaws.com`,
    'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nonsecure)',
    'x-amzn-trace-id': 'Root=1-6743e5c0-1b2c3d4e5f60718293a4b5c6',
    'x-forwarded-for': '54.174.62.51',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    'x-hubspot-request-timestamp': signature['X-HubSpot-Request-Timestamp'],
    'x-hubspot-signature-v3': signature['X-HubSpot-Signature-v3'],
    'x-hubspot-signature-version': 'v3',
  },
  requestContext: requestContext('POST', `/${STAGE}/webhooks/hubspot`),
  body: delivery,
  isBase64Encoded: false,
};
const scheduledEvent = {
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-25T12:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/recruitment-scoring-due-sweep'],
  detail: {},
};
writeFileSync(
  new URL('apigw-v2-webhook-event.json', dir),
  `${JSON.stringify(webhookEvent, null, 2)}\n`,
);
writeFileSync(
  new URL('eventbridge-scheduled-event.json', dir),
  `${JSON.stringify(scheduledEvent, null, 2)}\n`,
);
