/**
 * `npm run bench:scale`: several HubSpot accounts (each its own sandbox and rate limit)
 * recalculating at once, served by one instance and then by two instances of the real server
 * (`src/server/main.ts`, OAuth mode, separate processes) on one PostgreSQL database, while
 * webhooks arrive at both. Two loads: rate-bound (HubSpot's marketplace limit, 110 a 10 s) and
 * CPU-bound (a limit so high that scoring and the stores are what take the time).
 *
 * Printed per run: wall time, contacts a second, calls against the least possible, 429s, p99
 * webhook answer time; per account the busiest 10 s (against its limit) and its time against
 * the floor (its requests at our budget, 90% of the limit, in a sliding 10 s window: N of them
 * take at least floor((N - 1) / budget) windows; goal: within 1.1 and never over the limit,
 * whatever the number of instances). Times run from an account's first search to its job's
 * end, so the 5 s in which an instance takes a new job up do not count. Each instance runs two
 * recalculations at a time: with more accounts than that, two instances also run more at once. The sandboxes, PostgreSQL and the instances
 * all share this machine's cores: the last column says what bounded the run.
 *
 *   npm run bench:scale                  # 4 accounts of 8,000 contacts
 *   ACCOUNTS=6 CONTACTS=3000 npm run bench:scale
 */
import { cpus } from 'node:os';
import { budgetWithMargin } from '../src/hubspot/rate-budget.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { recalculationResultSchema } from '../src/settings-api/index.ts';
import { openStore } from '../src/store/store.ts';
import { startAccountRouter } from '../test/e2e/account-router.ts';
import {
  installAccounts,
  OAUTH_CLIENT_SECRET,
  OAUTH_PUBLIC_URL,
} from '../test/e2e/installed-accounts.ts';
import { startServerProcess, type ServerProcess } from '../test/e2e/server-process.ts';
import { anEvent, postDelivery } from '../test/server/signed-delivery.ts';
import { busiestWindow } from '../test/support/busiest-window.ts';
import { createDatabase, startTemporaryPostgres } from '../test/support/postgres-server.ts';
import { table } from './bench-table.ts';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 4);
const CONTACTS = Number(process.env.CONTACTS ?? 8_000);
const LOADS = [
  { name: 'rate-bound', limit: 110 },
  { name: 'CPU-bound', limit: 20_000 },
];
const FIRST_PORTAL = 81001;

interface RunFigures {
  row: string[];
  accounts: string[][];
}

async function main() {
  const postgres = await startTemporaryPostgres();
  console.log(
    `${ACCOUNTS} accounts of ${CONTACTS.toLocaleString('en')} contacts each, ${cpus().length} cores; ` +
      'sandboxes and webhook sender in this process, PostgreSQL and each instance in their own\n',
  );
  const rows: string[][] = [];
  const accountRows: string[][] = [];
  try {
    for (const load of LOADS) {
      for (const instances of [1, 2]) {
        process.stderr.write(`  ${load.name}, ${instances} instance(s)...\n`);
        const figures = await run(postgres.url, load, instances);
        rows.push(figures.row);
        accountRows.push(...figures.accounts);
      }
    }
  } finally {
    await postgres.stop();
  }
  console.log(
    table([
      [
        'load',
        'instances',
        'seconds',
        'contacts/s',
        'calls',
        'least',
        '429s',
        'webhooks',
        'p50 ms',
        'p99 ms',
        'bound by',
      ],
      ...rows,
    ]),
  );
  console.log('');
  console.log(
    table([
      [
        'account (load, instances)',
        'limit',
        'busiest 10 s',
        'calls',
        'seconds',
        'floor s',
        '× floor',
      ],
      ...accountRows,
    ]),
  );
}

async function run(
  adminUrl: string,
  load: { name: string; limit: number },
  instances: number,
): Promise<RunFigures> {
  const databaseUrl = await createDatabase(adminUrl, 'bench');
  const portals = Array.from({ length: ACCOUNTS }, (_, i) => FIRST_PORTAL + i);
  const sandboxes: Record<number, Sandbox> = {};
  for (const [i, portalId] of portals.entries()) {
    sandboxes[portalId] = await startSandbox({
      contacts: CONTACTS,
      seed: 60 + i,
      rateLimit: { requests: load.limit, perMilliseconds: 10_000 },
    });
  }
  const router = await startAccountRouter(sandboxes);
  const store = await openStore(databaseUrl);
  const children: ServerProcess[] = [];
  try {
    const { env } = await installAccounts(store, portals, {
      databaseUrl,
      apiBaseUrl: router.baseUrl,
      rateLimit: load.limit,
    });
    for (let i = 0; i < instances; i++) children.push(startServerProcess(env));
    const urls = await Promise.all(children.map((child) => child.url));
    for (const sandbox of Object.values(sandboxes)) sandbox.account.requests.length = 0;

    // A publish in every account at once, as the settings page starts it (any instance takes
    // the job up); meanwhile webhooks arrive at every instance.
    const jobs = store.accountJobs();
    const jobIds = new Map<number, string>();
    for (const portalId of portals) {
      const job = await jobs.create({
        portalId,
        kind: 'recalculation',
        startedBy: 'bench',
        modelVersion: 1,
        input: { locale: 'en' },
        now: Date.now(),
      });
      jobIds.set(portalId, job.id);
    }
    const answers: number[] = [];
    let sending = true;
    const sender = (async () => {
      for (let n = 0; sending; n++) {
        const portalId = portals[n % portals.length]!;
        const contactId = 1 + ((n * 7919) % CONTACTS);
        const began = performance.now();
        const answer = await postDelivery(
          urls[n % urls.length]!,
          [anEvent({ portalId, objectId: contactId, propertyName: 'jobtitle' })],
          { secret: OAUTH_CLIENT_SECRET, signedUrl: `${OAUTH_PUBLIC_URL}/webhooks/hubspot` },
        );
        if (answer.status !== 200) throw new Error(`a webhook got ${answer.status}`);
        answers.push(performance.now() - began);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const results = new Map<number, ReturnType<typeof recalculationResultSchema.parse>>();
    const finishedAt = new Map<number, number>();
    let shown = Date.now();
    while (results.size < portals.length) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      for (const portalId of portals) {
        if (results.has(portalId)) continue;
        const job = await jobs.get(jobIds.get(portalId)!);
        if (!job) throw new Error(`account ${portalId}: its job is gone`);
        if (job.status === 'failed' || job.status === 'cancelled') {
          throw new Error(`account ${portalId}: the recalculation ${job.status}: ${job.error}`);
        }
        if (job.status === 'finished') {
          results.set(portalId, recalculationResultSchema.parse(job.result));
          finishedAt.set(portalId, job.updatedAt);
        }
      }
      if (Date.now() - shown > 5_000) {
        shown = Date.now();
        process.stderr.write(`    ${results.size}/${portals.length} accounts done\n`);
      }
    }
    sending = false;
    await sender;

    const budget = budgetWithMargin({ requests: load.limit, perMilliseconds: 10_000 });
    let calls = 0;
    let least = 0;
    let read = 0;
    let refused = 0;
    let firstSearch = Infinity;
    let slowest = 0;
    const accounts: string[][] = [];
    for (const portalId of portals) {
      const result = results.get(portalId)!;
      const requests = sandboxes[portalId]!.account.requests;
      calls += result.requests;
      least += result.leastRequests;
      read += result.read;
      refused += requests.filter((r) => r.status === 429).length;
      // The recalculation's span: its first search (webhooks never search) to its end. Its
      // floor: N requests in a sliding window of B need at least floor((N - 1) / B) windows.
      const begun = Math.min(
        ...requests.filter((r) => r.path.endsWith('/search')).map((r) => r.arrivedAt),
      );
      const ended = finishedAt.get(portalId)!;
      firstSearch = Math.min(firstSearch, begun);
      const inSpan = requests.filter((r) => r.arrivedAt >= begun && r.arrivedAt <= ended).length;
      const spanSeconds = (ended - begun) / 1000;
      const floorSeconds = Math.floor((inSpan - 1) / budget.requests) * 10;
      if (floorSeconds > 0) slowest = Math.max(slowest, spanSeconds / floorSeconds);
      accounts.push([
        `${portalId} (${load.name}, ${instances})`,
        String(load.limit),
        String(
          busiestWindow(
            requests.map((r) => r.arrivedAt),
            10_000,
          ),
        ),
        String(inSpan),
        spanSeconds.toFixed(1),
        floorSeconds.toFixed(0),
        floorSeconds > 0 ? (spanSeconds / floorSeconds).toFixed(2) : '-',
      ]);
    }
    const sorted = [...answers].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    const seconds = (Math.max(...finishedAt.values()) - firstSearch) / 1000;
    return {
      row: [
        load.name,
        String(instances),
        seconds.toFixed(1),
        Math.round(read / seconds).toLocaleString('en'),
        String(calls),
        String(least),
        String(refused),
        String(answers.length),
        at(0.5).toFixed(1),
        at(0.99).toFixed(1),
        slowest >= 0.9 ? 'rate limit' : 'CPU',
      ],
      accounts,
    };
  } finally {
    await Promise.all(
      children.map(async (child) => {
        if (child.process.exitCode === null) child.process.kill('SIGTERM');
        await child.exited;
      }),
    );
    await store.close();
    await router.close();
    await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.close()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
