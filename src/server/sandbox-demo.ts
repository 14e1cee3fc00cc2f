import type { Sandbox } from '../sandbox/index.ts';
import { SCORE_PROPERTIES } from '../hubspot/score-properties.ts';
import type { Logger } from './logger.ts';
import { signRequestV3 } from './request-signature.ts';
import type { ScoringServer } from './scoring-server.ts';

/**
 * What `npm start` shows on a fresh machine: HubSpot-shaped deliveries, signed like HubSpot
 * signs them, sent to our own webhook endpoint, and the scores the sandbox account ends up with.
 */

/** The sandbox's portal and our app, as ids HubSpot would put in the events. */
export const SANDBOX_PORTAL_ID = 62515;
const SANDBOX_APP_ID = 54321;

interface SampleDelivery {
  title: string;
  events: Record<string, unknown>[];
  /** Changes made in the account before HubSpot would send the delivery. */
  arrange?: () => void;
}

function sampleDeliveries(sandbox: Sandbox): SampleDelivery[] {
  const ids = [...sandbox.account.contacts.keys()];
  let eventId = 1;
  const event = (
    subscriptionType: string,
    objectId: string,
    extra: Record<string, unknown> = {},
  ) => ({
    eventId: eventId++,
    subscriptionId: 1,
    portalId: SANDBOX_PORTAL_ID,
    appId: SANDBOX_APP_ID,
    occurredAt: Date.now(),
    subscriptionType,
    attemptNumber: 0,
    objectId: Number(objectId),
    changeSource: 'CRM_UI',
    sourceId: 'userId:1',
    ...extra,
  });
  const created = ids.slice(0, 8).map((id) => event('contact.creation', id));
  const promoted = ids[0]!;
  const met = ids[1]!;
  return [
    { title: 'eight new candidates (contact.creation)', events: created },
    {
      title: 'a recruiter updates a job title; our own write comes back (ignored)',
      arrange: () => {
        sandbox.account.setProperty(promoted, 'jobtitle', 'Lead Java Developer');
        sandbox.account.setProperty(promoted, 'hs_email_last_open_date', new Date().toISOString());
      },
      events: [
        event('contact.propertyChange', promoted, {
          propertyName: 'jobtitle',
          propertyValue: 'Lead Java Developer',
        }),
        event('contact.propertyChange', promoted, {
          propertyName: SCORE_PROPERTIES.score,
          propertyValue: '42',
          changeSource: 'INTEGRATION',
          sourceId: String(SANDBOX_APP_ID),
        }),
      ],
    },
    {
      title: 'a recruiter books a meeting with a candidate (object.creation, meetings 0-47)',
      arrange: () => {
        sandbox.account.associate('meetings', '7001', met);
        // HubSpot keeps this roll-up on the contact when a meeting is booked.
        sandbox.account.setProperty(
          met,
          'engagements_last_meeting_booked',
          new Date().toISOString(),
        );
      },
      events: [event('object.creation', '7001', { objectTypeId: '0-47' })],
    },
    { title: 'HubSpot delivers the first batch again (a duplicate)', events: created },
  ];
}

export async function replaySampleDeliveries(
  server: ScoringServer,
  sandbox: Sandbox,
  clientSecret: string,
  logger: Logger,
  print: (line: string) => void,
): Promise<void> {
  await server.ready;
  const url = `${server.localUrl}/webhooks/hubspot`;
  for (const delivery of sampleDeliveries(sandbox)) {
    delivery.arrange?.();
    const body = JSON.stringify(delivery.events);
    const before = sandbox.account.requests.length;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...signRequestV3({
          clientSecret,
          method: 'POST',
          uri: `${server.publicBaseUrl}/webhooks/hubspot`,
          rawBody: body,
          nowMs: Date.now(),
        }),
      },
      body,
    });
    await server.drained();
    const calls = sandbox.account.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    logger.info(`sample delivery: ${delivery.title}`, {
      events: delivery.events.length,
      answer: response.status,
      hubspotCalls: calls.length === 0 ? 'none' : calls.join(', '),
    });
  }
  print(scoreTable(sandbox));
}

function scoreTable(sandbox: Sandbox): string {
  const rows = [...sandbox.account.contacts]
    .filter(([, p]) => p[SCORE_PROPERTIES.score] !== undefined)
    .map(([id, p]) => [
      id,
      `${p.firstname ?? ''} ${p.lastname ?? ''}`.trim(),
      p.jobtitle ?? '',
      p[SCORE_PROPERTIES.score] ?? '',
      p[SCORE_PROPERTIES.tier] ?? '',
      p[SCORE_PROPERTIES.summary] ?? '',
    ]);
  const header = ['id', 'candidate', 'job title', 'score', 'tier', 'why'];
  const widths = header.map((h, i) =>
    Math.min(i === 5 ? 80 : 28, Math.max(h.length, ...rows.map((r) => r[i]!.length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!),
      )
      .join('  ');
  return [
    '',
    'Scores written to the sandbox account:',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ].join('\n');
}
