import { config as loadDotenv } from 'dotenv';
import type { DeadLetter } from '../store/dead-letters.ts';
import type { QueueStatus } from '../store/queue-status.ts';
import type { WorkQueue } from '../store/work-queue.ts';
import { parseCommandLine } from './arguments.ts';
import { EXIT, UsageError, type CliIo, type Command } from './cli-io.ts';
import { withCommandStore } from './command-store.ts';

/**
 * `status`: the server's work queue as an operator needs it (what waits, for how long, what
 * fails for which account, what was given up), read from the store DATABASE_URL names. It
 * never talks to HubSpot, so it works when HubSpot or the token is the problem.
 */

/** Every text this command and `retry-failed` show (the command line is English-only). */
export const OPERATOR_TEXTS = {
  statusHelp: `Usage: recruitment-score status [--json] [--limit N]

Shows the server's work queue: queued contacts and engagements, the age of the oldest, rows
waiting for a retry, the last error per account, and dead letters (work given up after 10
attempts or 24 hours; "recruitment-score retry-failed" queues them again).

Options:
      --json        the same as one JSON object (every dead letter)
      --limit N     dead letters listed (default 20)
  -h, --help        this help

Environment: DATABASE_URL (sqlite:PATH or postgres://...; default sqlite:./data/recruitment-scoring.db), or a
.env file in the current directory. HubSpot is not needed.
`,
  retryHelp: `Usage: recruitment-score retry-failed [--portal ID]

Queues the dead letters again (work given up after 10 attempts or 24 hours), with fresh
attempts; the running server picks them up within 30 seconds. Fix the cause first (see
"recruitment-score status").

Options:
      --portal ID   only this HubSpot account's dead letters
  -h, --help        this help

Environment: DATABASE_URL (sqlite:PATH or postgres://...; default sqlite:./data/recruitment-scoring.db).
`,
  badLimit: (value: string) => `status: --limit must be a whole number (got "${value}")`,
  badPortal: (value: string) =>
    `retry-failed: --portal must be a HubSpot account id (got "${value}")`,
  title: (path: string) => `Work queue (${path})`,
  queued: (contacts: number, engagements: number) =>
    `  queued:              ${plural(contacts, 'contact')}, ${plural(engagements, 'engagement')}`,
  oldest: (age: string, at: string) => `  oldest queued:       ${age} ago (${at})`,
  retrying: (rows: number) => `  waiting for a retry: ${rows}`,
  deadLetters: (contacts: number, engagements: number) =>
    `  dead letters:        ${plural(contacts, 'contact')}, ${plural(engagements, 'engagement')}`,
  failingTitle: 'Accounts with failing work (newest error first):',
  failing: (portalId: number, rows: number, at: string, error: string) =>
    `  ${portalId}  ${plural(rows, 'row')}  ${at}  ${error}`,
  deadTitle: (shown: number, all: number) =>
    `Dead letters (newest first${shown < all ? `, ${shown} of ${all}; --json lists all` : ''}):`,
  deadLetter: (d: DeadLetter) =>
    `  ${d.portalId}  ${d.kind} ${d.objectId}  ${plural(d.attempts, 'attempt')}  ` +
    `first queued ${iso(d.firstQueuedAt)}  failed ${iso(d.failedAt)}  ${d.lastError}`,
  retryHint: 'Run "recruitment-score retry-failed [--portal ID]" to queue them again.',
  requeued: (contacts: number, engagements: number, portalId: number | undefined) =>
    contacts + engagements === 0
      ? `No dead letters${portalId === undefined ? '' : ` for account ${portalId}`}: nothing to queue.`
      : `Queued ${plural(contacts + engagements, 'dead letter')} again (${plural(contacts, 'contact')}, ` +
        `${plural(engagements, 'engagement')}${portalId === undefined ? '' : ` of account ${portalId}`}); ` +
        'the running server picks them up within 30 seconds.',
} as const;

export const statusCommand: Command = createStatusCommand();

export function createStatusCommand(env?: NodeJS.ProcessEnv): Command {
  return {
    async run(argv, io) {
      const { values } = parseCommandLine('status', argv, {
        json: { type: 'boolean' },
        limit: { type: 'string' },
      });
      if (values.help) {
        io.stdout.write(OPERATOR_TEXTS.statusHelp);
        return EXIT.ok;
      }
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 0) {
        throw new UsageError(OPERATOR_TEXTS.badLimit(values.limit ?? ''));
      }
      return withStore(env, io, async (queue, path) => {
        const now = io.clock();
        const status = await queue.status(now, 0);
        const all = status.deadLetters.contacts + status.deadLetters.engagements;
        if (values.json) {
          const deadLetters = await queue.deadLetters();
          io.stdout.write(
            `${JSON.stringify({ store: path, now: iso(now), ...status, deadLetterList: deadLetters })}\n`,
          );
        } else {
          io.stdout.write(describe(status, await queue.deadLetters({ limit }), all, path, now));
        }
        return EXIT.ok;
      });
    },
  };
}

/** Opens the store DATABASE_URL names without creating one, runs `use`, closes it. */
export async function withStore(
  env: NodeJS.ProcessEnv | undefined,
  io: CliIo,
  use: (queue: WorkQueue, where: string) => Promise<number>,
): Promise<number> {
  return withCommandStore(
    (env ?? loadedProcessEnv()).DATABASE_URL,
    { stderr: io.stderr },
    (store) => use(store.workQueue(), store.description),
    EXIT.failed,
  );
}

function describe(
  status: QueueStatus,
  deadLetters: DeadLetter[],
  allDeadLetters: number,
  path: string,
  now: number,
): string {
  const t = OPERATOR_TEXTS;
  const lines = [
    t.title(path),
    t.queued(status.queued.contacts, status.queued.engagements),
    ...(status.oldestQueuedAt === undefined
      ? []
      : [t.oldest(age(now - status.oldestQueuedAt), iso(status.oldestQueuedAt))]),
    t.retrying(status.retrying),
    t.deadLetters(status.deadLetters.contacts, status.deadLetters.engagements),
  ];
  if (status.failingAccounts.length > 0) {
    lines.push('', t.failingTitle);
    for (const a of status.failingAccounts) {
      lines.push(t.failing(a.portalId, a.rows, iso(a.failedAt), a.lastError));
    }
  }
  if (allDeadLetters > 0) {
    lines.push('', t.deadTitle(deadLetters.length, allDeadLetters));
    lines.push(...deadLetters.map(t.deadLetter), '', t.retryHint);
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function loadedProcessEnv(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}
