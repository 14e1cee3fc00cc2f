/**
 * `npm run bench:webhooks`: HubSpot-shaped webhook traffic against the server and the local
 * HubSpot stand-in with its rate limit on (110 requests / 10 s). 10 deliveries in flight, up
 * to 100 events each, as HubSpot sends them. Prints events/s, HubSpot calls used against the
 * minimum, response times and events lost (must be 0).
 *
 *   npm run bench:webhooks                  # 20,000 events over 8,000 candidates
 *   EVENTS=5000 CONTACTS=2000 npm run bench:webhooks
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../src/shared/mulberry32.ts';
import { createHubSpotAdapter, createHubSpotClient } from '../src/hubspot/index.ts';
import { SCORE_PROPERTIES, scoreOutputValues } from '../src/hubspot/score-properties.ts';
import { DEFAULT_MODEL_PATH, loadModelFile } from '../src/model/index.ts';
import { contactsPerRead } from '../src/pipeline/rescore-contacts.ts';
import { outputsUnchanged } from '../src/pipeline/score-outputs.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { compileModel, scoreContact } from '../src/scoring/index.ts';
import { createLogger } from '../src/server/logger.ts';
import { signRequestV3 } from '../src/server/request-signature.ts';
import { startScoringServer } from '../src/server/scoring-server.ts';

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const CONTACTS = Number(process.env.CONTACTS ?? 8_000);
const IN_FLIGHT = 10;
const PER_DELIVERY = 100;
const RATE_LIMIT = { requests: 110, perMilliseconds: 10_000 };
const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const SECRET = 'bench-client-secret';
const PORTAL = 62515;
const APP = 54321;

const TITLES = [
  'Java Developer',
  'Senior Java Developer',
  'Medior .NET developer',
  'DevOps Engineer',
  'Accountant',
  'Data Engineer',
  'Teamleider Klantenservice',
];

async function main() {
  const compiled = compileModel(await loadModelFile(DEFAULT_MODEL_PATH));
  const sandbox = await startSandbox({
    contacts: CONTACTS,
    seed: 11,
    now: NOW,
    rateLimit: RATE_LIMIT,
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-webhooks-'));
  let warnings = 0;
  const logger = createLogger({
    write: (line) => void (line.includes('"level":"warn"') && warnings++),
  });
  const server = await startScoringServer({
    port: 0,
    clientSecret: SECRET,
    hubspot: createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: 'bench', basePath: sandbox.baseUrl }),
      // As in production: the account's limit, spent with the adapter's margin below it.
      accountRateLimit: RATE_LIMIT,
    }),
    compiled,
    databaseUrl: `sqlite:${join(dir, 'bench.db')}`,
    logger,
    scoringClock: () => NOW,
  });
  await server.ready;
  sandbox.account.reset();

  // Traffic: property changes of what the model reads (with real new values), new contacts,
  // booked meetings, and our own writes echoed back (which must be ignored).
  const random = mulberry32(42);
  const ids = [...sandbox.account.contacts.keys()];
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const touched = new Set<string>();
  const meetings = new Set<string>();
  let eventId = 0;
  type Delivery = { events: Record<string, unknown>[]; arrange: (() => void)[] };
  const deliveries: Delivery[] = [];
  for (let sent = 0; sent < EVENTS;) {
    const delivery: Delivery = { events: [], arrange: [] };
    const size = Math.min(PER_DELIVERY, EVENTS - sent);
    for (let i = 0; i < size; i++) {
      const id = pick(ids);
      const base = {
        eventId: ++eventId,
        subscriptionId: 1,
        portalId: PORTAL,
        appId: APP,
        occurredAt: NOW - Math.floor(random() * 60_000),
        attemptNumber: 0,
        objectId: Number(id),
        changeSource: 'CRM_UI',
        sourceId: 'userId:7',
      };
      const roll = random();
      if (roll < 0.6) {
        const title = pick(TITLES);
        delivery.arrange.push(() => sandbox.account.setProperty(id, 'jobtitle', title));
        delivery.events.push({
          ...base,
          subscriptionType: 'contact.propertyChange',
          propertyName: 'jobtitle',
          propertyValue: title,
        });
        touched.add(id);
      } else if (roll < 0.75) {
        delivery.events.push({ ...base, subscriptionType: 'contact.creation' });
        touched.add(id);
      } else if (roll < 0.85) {
        const meetingId = String(500_000 + eventId);
        delivery.arrange.push(() => {
          sandbox.account.associate('meetings', meetingId, id);
          sandbox.account.setProperty(
            id,
            'engagements_last_meeting_booked',
            new Date(NOW - 3_600_000).toISOString(),
          );
        });
        delivery.events.push({
          ...base,
          objectId: Number(meetingId),
          subscriptionType: 'object.creation',
          objectTypeId: '0-47',
        });
        meetings.add(meetingId);
        touched.add(id);
      } else {
        delivery.events.push({
          ...base,
          subscriptionType: 'contact.propertyChange',
          propertyName: SCORE_PROPERTIES.score,
          propertyValue: '50',
          changeSource: 'INTEGRATION',
          sourceId: String(APP),
        });
      }
    }
    sent += size;
    deliveries.push(delivery);
  }

  const url = `${server.localUrl}/webhooks/hubspot`;
  const responseMs: number[] = [];
  let failedDeliveries = 0;
  const started = performance.now();
  let next = 0;
  const poster = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      for (const arrange of delivery.arrange) arrange();
      const body = JSON.stringify(delivery.events);
      const t0 = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...signRequestV3({
            clientSecret: SECRET,
            method: 'POST',
            uri: url,
            rawBody: body,
            nowMs: Date.now(),
          }),
        },
        body,
      });
      await response.arrayBuffer();
      responseMs.push(performance.now() - t0);
      if (response.status !== 200) failedDeliveries++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, poster));
  const answeredAt = performance.now();
  await server.drained({ timeoutMs: 110_000 });
  const drainedAt = performance.now();

  // Every touched contact must now hold the score of its current data.
  let lost = 0;
  for (const id of touched) {
    const held = sandbox.account.contacts.get(id)!;
    const history = Object.fromEntries(
      compiled.historyProperties.map((name) => [name, sandbox.account.historyOf(id, name)]),
    );
    const expected = scoreOutputValues(scoreContact(compiled, held, NOW, history));
    if (!outputsUnchanged(held, expected, NOW)) lost++;
  }

  const requests = sandbox.account.requests;
  const count = (test: (path: string) => boolean) => requests.filter((r) => test(r.path)).length;
  const reads = count((p) => p.endsWith('/contacts/batch/read') && p.startsWith('/crm/objects/'));
  const writes = count((p) => p.endsWith('/contacts/batch/update'));
  const associationReads = count((p) => p.startsWith('/crm/associations/'));
  const tooMany = requests.filter((r) => r.status === 429).length;
  // The least possible for the data read: reads of 100 (50 when the model reads property
  // history), writes of 100, association reads of 100.
  const perRead = contactsPerRead(compiled);
  const leastFor = (contacts: number, engagements: number) =>
    Math.ceil(contacts / perRead) + Math.ceil(contacts / 100) + Math.ceil(engagements / 100);
  const minimum = leastFor(touched.size, meetings.size);
  const sorted = [...responseMs].sort((a, b) => a - b);
  const percentile = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  const rows: [string, string][] = [
    [
      'events sent',
      `${EVENTS.toLocaleString('en')} in ${deliveries.length} deliveries, ${IN_FLIGHT} in flight`,
    ],
    [
      'contacts to rescore',
      `${touched.size.toLocaleString('en')} of ${CONTACTS.toLocaleString('en')} (+ ${meetings.size} meetings to trace)`,
    ],
    [
      'all answered after',
      `${seconds(answeredAt - started)}  (${Math.round(EVENTS / ((answeredAt - started) / 1000)).toLocaleString('en')} events/s accepted)`,
    ],
    [
      'all scored after',
      `${seconds(drainedAt - started)}  (${Math.round(EVENTS / ((drainedAt - started) / 1000)).toLocaleString('en')} events/s end to end)`,
    ],
    [
      'response time',
      `p50 ${percentile(50).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    ],
    [
      'HubSpot calls',
      `${reads + writes + associationReads} (${reads} reads, ${writes} writes, ${associationReads} association reads); minimum ${minimum}`,
    ],
    [
      'per delivery of 100 events',
      `${((reads + writes + associationReads) / deliveries.length).toFixed(2)} calls on average; ` +
        `a delivery naming 100 distinct contacts needs at least ${leastFor(100, 0)} ` +
        `(${Math.ceil(100 / perRead)} reads of ${perRead}${compiled.historyProperties.length > 0 ? ' with property history' : ''}, 1 write of 100)`,
    ],
    ['rate limited (429)', `${tooMany}`],
    ['deliveries refused', `${failedDeliveries}`],
    ['events lost', `${lost}`],
    ['worker warnings', `${warnings}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nWebhook pipeline against the sandbox (rate limit ${RATE_LIMIT.requests} / 10 s)`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);

  await server.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
  if (lost > 0 || failedDeliveries > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
