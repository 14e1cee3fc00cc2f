import { isMap, isSeq, parseDocument } from 'yaml';
import type { JobInfo } from '../jobs/index.ts';
import { proxiedFetch } from '../sandbox/hubspot-fetch-proxy.ts';
import { SANDBOX_SUPER_ADMIN_ID } from '../sandbox/index.ts';
import {
  jobAnswerSchema,
  previewResultSchema,
  publishAnswerSchema,
  recalculationResultSchema,
  SETTINGS_ROUTES,
} from '../settings-api/index.ts';
import type { ScoringServer } from './scoring-server.ts';

/**
 * The second half of `npm start`'s demo: what an admin does on the settings page, through
 * the same signed calls HubSpot's `hubspot.fetch` proxy makes. A draft with a lower bar for
 * the second tier is saved, previewed on the account's contacts (tier moves, biggest moves),
 * published with a note, and the background recalculation's summary is printed.
 */

const LOWER_BY = 15;
const JOB_TIMEOUT_MS = 60_000;

export async function demonstrateSettingsPage(
  server: ScoringServer,
  portalId: number,
  clientSecret: string,
  print: (text: string) => void,
): Promise<void> {
  const call = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    const answer = await proxiedFetch(
      { localUrl: server.localUrl, publicBaseUrl: server.publicBaseUrl, clientSecret },
      { method, path, body, portalId, userId: SANDBOX_SUPER_ADMIN_ID },
    );
    if (answer.status >= 300) {
      throw new Error(
        `the settings API answered ${answer.status} to ${method} ${path}: ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  };
  const published = await server.accountModels.published(
    server.accountRegistry.modelKeyFor(portalId),
  );
  if (!published) return;
  const { yaml: draft, tier, from, to } = lowerSecondTier(published.modelYaml);
  await call('PUT', SETTINGS_ROUTES.draft, { modelYaml: draft });

  const preview = jobAnswerSchema.parse(await call('POST', SETTINGS_ROUTES.preview, {})).job;
  const previewed = await ended(server, portalId, preview);
  const figures = previewResultSchema.parse(previewed.result);
  const lines = [
    '',
    `Settings page: a draft lowers the bar for "${tier}" from ${from} to ${to}.`,
    `Preview on ${figures.sampled} contacts (nothing written):`,
    ...moves(figures.tierMoves),
    ...figures.biggestMoves
      .slice(0, 3)
      .map(
        (m) =>
          `  ${m.name ?? `contact ${m.contactId}`}: ${m.before.score} ${m.before.tier} → ${m.after.score} ${m.after.tier}`,
      ),
  ];
  const answer = publishAnswerSchema.parse(
    await call('POST', SETTINGS_ROUTES.publish, { note: `lower bar for ${tier}` }),
  );
  const recalculated = await ended(server, portalId, answer.recalculation!);
  const summary = recalculationResultSchema.parse(recalculated.result);
  lines.push(
    `Published version ${answer.published.version}; the background recalculation read ${summary.read}, ` +
      `wrote ${summary.written} in ${summary.seconds} s ` +
      `(${summary.requests} HubSpot calls, least possible ${summary.leastRequests}); ` +
      'tier moves against what HubSpot held:',
    ...moves(summary.tierMoves),
    '',
  );
  print(lines.join('\n'));
}

function moves(list: readonly { from: string; to: string; count: number }[]): string[] {
  return list.length === 0
    ? ['  tier moves: none']
    : list.map((m) => `  ${m.from} → ${m.to}: ${m.count}`);
}

/** The model with its second tier's bar lowered (the published text otherwise unchanged). */
function lowerSecondTier(modelYaml: string) {
  const doc = parseDocument(modelYaml);
  const tiers = doc.get('tiers');
  const second = isSeq(tiers) ? tiers.items[1] : undefined;
  if (!isMap(second)) throw new Error('the published model has fewer than two tiers');
  const from = Number(second.get('minScore'));
  const to = from - LOWER_BY;
  second.set('minScore', to);
  return { yaml: doc.toString(), tier: String(second.get('name')), from, to };
}

async function ended(server: ScoringServer, portalId: number, job: JobInfo): Promise<JobInfo> {
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (let now = job; ;) {
    if (now.status === 'finished') return now;
    if (now.status === 'failed' || now.status === 'cancelled') {
      throw new Error(`the ${job.kind} ${now.status}: ${now.error ?? ''}`);
    }
    if (Date.now() > deadline) throw new Error(`the ${job.kind} did not end within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = (await server.jobs.job(portalId, job.id)) ?? now;
  }
}
