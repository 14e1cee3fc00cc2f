import { config as loadDotenv } from 'dotenv';
import { HubSpotError } from '../hubspot/index.ts';
import {
  modelHash,
  RecalculationError,
  RecalculationProgressView,
  runDueSweep,
  runResumableRecalculation,
  summaryLines,
  type RecalculationStart,
} from '../recalculation/index.ts';
import { contactsPerRead } from '../pipeline/rescore-contacts.ts';
import { compileModel, type CompiledModel } from '../scoring/index.ts';
import { modelForCommand } from './account-model-source.ts';
import { parseCommandLine, parseNow } from './arguments.ts';
import { EXIT, UsageError, type CliIo, type Command } from './cli-io.ts';
import {
  connectHubSpot,
  ConnectionConfigError,
  describeHubSpotFailure,
  readConnectionConfig,
  type CliConnectionConfig,
  type HubSpotConnection,
} from './hubspot-connection.ts';
import { openCommandStore } from './command-store.ts';

export const RESCORE_HELP = `Usage: recruitment-score rescore --due | --all [options]

Rescores contacts in HubSpot and writes the outputs that change.

  --due                 contacts whose recruitment_next_review_at has passed (what the server's
                        sweep does on its schedule), once
  --all                 every contact, after a model change; resumable: run it again after an
                        interruption (Ctrl-C, a crash, a HubSpot outage) and it goes on after the
                        last finished page of 200, with the same model

Options:
  -m, --model FILE      scoring model (YAML); default: the account's published model in the
                        store (DATABASE_URL), else SCORING_MODEL, else the shipped model
      --dry-run         read and score only, write nothing; prints the tier moves the model
                        would cause ("cold → warm: 312")
      --restart         (--all) give up an unfinished run and start from the first contact
      --rate-limit N    HubSpot requests per 10 s for this command; default: 80% of
                        HUBSPOT_RATE_LIMIT (110), leaving room for the server's webhooks
      --now TIME        score as of this ISO-8601 time (default: now)
  -h, --help            this help

Environment: HUBSPOT_ACCESS_TOKEN (required), HUBSPOT_API_BASE_URL, HUBSPOT_RATE_LIMIT,
SCORING_MODEL, DATABASE_URL (sqlite:PATH or postgres://...; --all keeps its checkpoint there). A .env file in the
current directory is read too.

Exit codes: 0 done, 1 failed (HubSpot, configuration, model), 2 wrong command line,
130 stopped by Ctrl-C (progress is saved; run the same command to go on).
`;

/** Share of the account's budget a command takes: the server keeps answering webhooks. */
const COMMAND_SHARE_OF_BUDGET = 0.8;
const EXIT_STOPPED = 130;

export interface RescoreDependencies {
  /** Default: the process's environment, after reading `.env`. */
  env?: NodeJS.ProcessEnv;
  /** Stops the run after the page in flight; default: Ctrl-C (SIGINT). */
  signal?: AbortSignal;
}

/** `rescore`: the due sweep once, or the resumable full recalculation. */
export function createRescoreCommand(deps: RescoreDependencies = {}): Command {
  return {
    async run(argv, io) {
      const { values } = parseCommandLine('rescore', argv, {
        due: { type: 'boolean' },
        all: { type: 'boolean' },
        model: { type: 'string', short: 'm' },
        'dry-run': { type: 'boolean' },
        restart: { type: 'boolean' },
        'rate-limit': { type: 'string' },
        now: { type: 'string' },
      });
      if (values.help) {
        io.stdout.write(RESCORE_HELP);
        return EXIT.ok;
      }
      if (Boolean(values.due) === Boolean(values.all)) {
        throw new UsageError('rescore: say which contacts: --due or --all');
      }
      if (values.restart && !values.all) throw new UsageError('rescore: --restart goes with --all');
      const rateLimit = parseRateLimit(values['rate-limit']);
      const fixedNow =
        values.now === undefined ? undefined : parseNow('rescore', values.now, io.clock);

      let config: CliConnectionConfig;
      try {
        config = readConnectionConfig(deps.env ?? loadedProcessEnv());
      } catch (error) {
        if (!(error instanceof ConnectionConfigError)) throw error;
        io.stderr.write(`${error.message}\n`);
        return EXIT.failed;
      }
      const chosen = await modelForCommand({
        modelFlag: values.model,
        fallbackPath: config.scoringModelPath,
        env: deps.env ?? loadedProcessEnv(),
      });
      io.stderr.write(`model: ${chosen.source}\n`);
      const compiled = compileModel(chosen.model);
      const progress = new RecalculationProgressView(
        { stream: io.stderr, isTTY: io.stderrIsTTY, clock: io.clock },
        values['dry-run'] ? 'previewing' : 'rescoring',
      );
      const connection: HubSpotConnection = connectHubSpot(config, {
        requestsPer10s:
          rateLimit ?? Math.max(1, Math.floor(config.rateLimitPer10s * COMMAND_SHARE_OF_BUDGET)),
        logger: {
          warn: (message, details) =>
            progress.note(connection.redact(`${message} ${JSON.stringify(details ?? {})}`)),
        },
      });
      const stop = stopSignal(deps.signal, (line) => progress.note(line));
      const clock = fixedNow === undefined ? io.clock : () => fixedNow;
      const common = { io, compiled, connection, progress, clock, signal: stop.signal };
      try {
        return values.due
          ? await sweepOnce({ ...common, dryRun: Boolean(values['dry-run']) })
          : await recalculateAll({
              ...common,
              config,
              dryRun: Boolean(values['dry-run']),
              restart: Boolean(values.restart),
            });
      } catch (error) {
        progress.stop();
        if (error instanceof HubSpotError || error instanceof RecalculationError) {
          const text =
            error instanceof HubSpotError ? describeHubSpotFailure(error) : error.message;
          io.stderr.write(`rescore: ${connection.redact(text)}\n`);
          const worthRetrying = !(error instanceof HubSpotError && error.category === 'auth');
          if (values.all && worthRetrying) io.stderr.write(RESUME_HINT);
          return EXIT.failed;
        }
        throw error;
      } finally {
        stop.dispose();
      }
    },
  };
}

export const rescoreCommand: Command = createRescoreCommand();

const RESUME_HINT =
  'Progress is saved after every page: run the same command again to go on where it stopped ' +
  '(add --restart to start over).\n';

interface RunContext {
  io: CliIo;
  compiled: CompiledModel;
  connection: HubSpotConnection;
  progress: RecalculationProgressView;
  clock: () => number;
  signal: AbortSignal;
  dryRun: boolean;
}

async function sweepOnce(context: RunContext): Promise<number> {
  const { io, compiled, connection, progress, signal, dryRun } = context;
  const now = context.clock();
  progress.note(`looking for contacts due for review at ${new Date(now).toISOString()}`);
  const summary = await runDueSweep({
    port: connection.port,
    compiled,
    now,
    signal,
    dryRun,
    onProgress: (s) => progress.update(s.due),
  });
  progress.stop();
  const head = summary.stopped
    ? `Stopped after ${contacts(summary.due)} due for review (the rest stay due for the next sweep):`
    : `Rescored ${contacts(summary.due)} due for review:`;
  io.stdout.write(
    [
      head,
      ...summaryLines(summary, {
        dryRun,
        tierOrder: compiled.tierNames,
        found: summary.due,
        contactsPerRead: contactsPerRead(compiled),
      }),
    ]
      .join('\n')
      .concat('\n'),
  );
  return summary.stopped ? EXIT_STOPPED : EXIT.ok;
}

async function recalculateAll(
  context: RunContext & { config: CliConnectionConfig; restart: boolean },
): Promise<number> {
  const { io, compiled, connection, progress, clock, dryRun } = context;
  const opened = await openCommandStore(context.config.databaseUrl, { create: true });
  if ('problem' in opened) {
    io.stderr.write(`${opened.problem}\n`);
    return EXIT.failed;
  }
  try {
    const result = await runResumableRecalculation({
      port: connection.port,
      compiled,
      clock,
      wallClock: io.clock,
      dryRun,
      signal: context.signal,
      checkpoints: opened.store.checkpoints(),
      accountKey: connection.accountKey,
      modelHash: modelHash(compiled),
      restart: context.restart,
      onStart: (start) => {
        progress.note(describeStart(start));
        progress.begin(start.kind === 'resumed' ? start.done : 0);
      },
      onProgress: ({ done, total }) => progress.update(done, total),
    });
    progress.stop();
    const done = result.tally.read + result.tally.missing;
    const head = result.finished
      ? `${dryRun ? 'Previewed' : 'Recalculated'} ${done.toLocaleString('en')} contacts with model "${compiled.model.name}":`
      : `Stopped after ${done.toLocaleString('en')} contacts (last contact id ${result.lastContactId}):`;
    io.stdout.write(
      [
        head,
        ...summaryLines(result.tally, {
          dryRun,
          tierOrder: compiled.tierNames,
          contactsPerRead: contactsPerRead(compiled),
        }),
      ]
        .join('\n')
        .concat('\n'),
    );
    if (result.finished) return EXIT.ok;
    io.stderr.write(RESUME_HINT);
    return EXIT_STOPPED;
  } finally {
    await opened.store.close();
  }
}

const contacts = (count: number) =>
  `${count.toLocaleString('en')} contact${count === 1 ? '' : 's'}`;

function describeStart(start: RecalculationStart): string {
  if (start.kind === 'resumed') {
    return (
      `going on with the run started ${new Date(start.startedAt).toISOString()}: ` +
      `${start.done.toLocaleString('en')} contacts done, next after contact ${start.lastContactId}`
    );
  }
  if (start.reason === 'model-changed') {
    return 'the unfinished run was for another model: starting over from the first contact';
  }
  return start.reason === 'restart'
    ? 'starting over from the first contact'
    : 'starting from the first contact';
}

function parseRateLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(
      `rescore: --rate-limit must be a whole number of requests per 10 s (got "${value}")`,
    );
  }
  return Number(value);
}

function loadedProcessEnv(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}

/** Ctrl-C once: finish the page in flight, save, say how to go on. Twice: Node's default, quit. */
function stopSignal(injected: AbortSignal | undefined, say: (line: string) => void) {
  if (injected) return { signal: injected, dispose: () => undefined };
  const controller = new AbortController();
  const onInterrupt = () => {
    say('stopping after the page in flight (Ctrl-C again quits at once)');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInterrupt) };
}
