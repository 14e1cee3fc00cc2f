import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import {
  calibrate,
  CalibrationError,
  MAX_DISCOVERY_PROPERTIES,
  parseOutcome,
  readAccountCandidates,
  reportHtml,
  reportJson,
  type Calibration,
  type CalibrationContact,
  type FetchProgress,
} from '../calibration/index.ts';
import { HubSpotError } from '../hubspot/hubspot-error.ts';
import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { DEFAULT_MODEL_PATH, ModelError } from '../model/index.ts';
import { compileModel } from '../scoring/index.ts';
import { modelForCommand } from './account-model-source.ts';
import { parseChoice, parseCommandLine, parseNow } from './arguments.ts';
import { EXIT, processIo, UsageError, type CliIo, type Command } from './cli-io.ts';
import { InputError, readContacts, type InputFormat } from './contact-reader.ts';

export const CALIBRATE_HELP = `Usage: recruitment-score calibrate (--input FILE | --from-hubspot)
         --outcome PROPERTY=VALUE[,VALUE...] --out FILE [options]

Learns the model's points from candidates who reached an outcome (applied, hired), tests them
on held-out candidates, and scores the content they touched. New criteria the data supports
are proposed in a fit group "Discovered" (see --no-discovery).

Options:
  -i, --input FILE          contacts as "score" reads them: JSON array, JSONL or CSV
      --input-format FMT    json, jsonl or csv (default: from the extension or first byte)
      --from-hubspot        read every contact of the account (HUBSPOT_ACCESS_TOKEN;
                            HUBSPOT_API_BASE_URL for another API base, such as the sandbox)
      --outcome P=V[,V...]  what counts as success, e.g. hs_lead_status=APPLIED,HIRED
  -m, --model FILE          the model to calibrate (default: the account's published model in
                            the store, else SCORING_MODEL, else the model that ships)
      --now TIME            score as of this ISO-8601 time (default: now)
      --time-property P     hold out the newest 30% by this date property (e.g. createdate);
                            without it, a random 30% with as many outcomes (see --seed)
      --exclude P,...       properties never to learn from (set after or by the outcome)
      --seed N              seed of the random split (default 1)
      --max-criteria N      propose at most N new criteria the data supports (default 25)
      --no-discovery        propose no new criteria: only learn the model's own points
      --hot-rate R          hot = the largest top group of learning candidates whose outcome
                            rate is at least R (0.4 or 40%); default: hot = the top 10%
  -o, --out FILE            where to write the suggested model (YAML)
      --report FILE         self-contained HTML report with charts
      --json FILE           the report's numbers as JSON
  -h, --help                this help

Exit codes: 0 written, 1 the data, input or model cannot be used, 2 wrong command line.
`;

export interface CalibrateDeps {
  io: CliIo;
  /** Builds the HubSpot port for --from-hubspot; by default from the environment. */
  connectHubSpot: (env: NodeJS.ProcessEnv) => Promise<HubSpotPort>;
  env: NodeJS.ProcessEnv;
}

const INPUT_FORMATS: readonly InputFormat[] = ['json', 'jsonl', 'csv'];

/** `calibrate`, as the dispatcher calls it: the arguments after the command name. */
export async function runCalibrate(
  argv: string[],
  deps: Partial<CalibrateDeps> = {},
): Promise<number> {
  const io = deps.io ?? processIo();
  try {
    return await calibrateFromCommandLine(argv, {
      io,
      connectHubSpot: deps.connectHubSpot ?? connectFromEnvironment,
      env: deps.env ?? process.env,
    });
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof CalibrationError && error.kind === 'usage')
    ) {
      const message = error instanceof UsageError ? error.message : `calibrate: ${error.message}`;
      io.stderr.write(`${message}\nRun "recruitment-score calibrate --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof HubSpotError) {
      io.stderr.write(`calibrate: reading contacts from HubSpot failed: ${error.message}\n`);
      return EXIT.failed;
    }
    if (error instanceof CalibrationError || error instanceof InputError) {
      io.stderr.write(`calibrate: ${error.message}\n`);
      return EXIT.failed;
    }
    if (error instanceof ModelError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}

export const calibrateCommand: Command = {
  run: (argv, io) => runCalibrate([...argv], { io }),
};

async function calibrateFromCommandLine(argv: string[], deps: CalibrateDeps): Promise<number> {
  const { io } = deps;
  const { values } = parseCommandLine('calibrate', argv, {
    input: { type: 'string', short: 'i' },
    'input-format': { type: 'string' },
    'from-hubspot': { type: 'boolean' },
    outcome: { type: 'string' },
    model: { type: 'string', short: 'm' },
    now: { type: 'string' },
    'time-property': { type: 'string' },
    exclude: { type: 'string', multiple: true },
    seed: { type: 'string' },
    'max-criteria': { type: 'string' },
    'no-discovery': { type: 'boolean' },
    'hot-rate': { type: 'string' },
    out: { type: 'string', short: 'o' },
    report: { type: 'string' },
    json: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(CALIBRATE_HELP);
    return EXIT.ok;
  }
  const fromHubSpot = values['from-hubspot'] === true;
  if ((values.input === undefined) === !fromHubSpot) {
    throw new UsageError('calibrate: give either --input FILE or --from-hubspot');
  }
  if (values.outcome === undefined) {
    throw new UsageError('calibrate: --outcome PROPERTY=VALUE[,VALUE...] is required');
  }
  if (values.out === undefined) throw new UsageError('calibrate: --out FILE is required');
  const outcome = parseOutcome(values.outcome);
  const now = parseNow('calibrate', values.now, io.clock);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed)) {
    throw new UsageError(`calibrate: --seed must be a whole number (got "${values.seed}")`);
  }
  const maxCriteria =
    values['max-criteria'] === undefined ? undefined : Number(values['max-criteria']);
  if (maxCriteria !== undefined && !(Number.isSafeInteger(maxCriteria) && maxCriteria >= 0)) {
    throw new UsageError(
      `calibrate: --max-criteria must be a whole number of 0 or more (got "${values['max-criteria']}")`,
    );
  }
  if (maxCriteria !== undefined && values['no-discovery'] === true) {
    throw new UsageError('calibrate: give either --max-criteria or --no-discovery, not both');
  }
  const discovery = values['no-discovery'] === true ? false : { maxCriteria };
  const hotRate = parseHotRate(values['hot-rate']);
  // As the server scores: --model, else the account's published model, else SCORING_MODEL.
  const chosen = await modelForCommand({
    modelFlag: values.model,
    fallbackPath: deps.env.SCORING_MODEL?.trim() || DEFAULT_MODEL_PATH,
    env: deps.env,
  });
  const modelPath = chosen.source;
  if (resolve(values.out) === resolve(modelPath)) {
    throw new UsageError(
      'calibrate: --out must not overwrite the model; review the suggestion first',
    );
  }
  const exclude = (values.exclude ?? [])
    .flatMap((list) => list.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  const inputFormat =
    values['input-format'] === undefined
      ? undefined
      : parseChoice('calibrate', '--input-format', values['input-format'], INPUT_FORMATS, 'jsonl');

  const modelText = chosen.text;
  const model = chosen.model;
  io.stderr.write(`model: ${chosen.source}\n`);
  if (model.fit.profiles) {
    // Calibration learns one set of fit points; with profiles each candidate counts only one.
    throw new ModelError(modelPath, [
      'fit.profiles: calibrate does not learn several fit profiles yet; calibrate a model with one profile (fit.groups) per job family',
    ]);
  }
  let contacts: CalibrationContact[];
  let unreadableRows = 0;
  if (fromHubSpot) {
    const port = await deps.connectHubSpot(deps.env);
    const compiledModel = compileModel(model);
    const reading = await readAccountCandidates(
      port,
      {
        modelProperties: compiledModel.properties,
        historyProperties: compiledModel.historyProperties,
        outcomeProperty: outcome.property,
        timeProperty: values['time-property'],
        discovery: discovery !== false,
      },
      {
        planned: (properties) =>
          io.stderr.write(
            `reading ${properties.length} properties of every contact` +
              (discovery === false ? '' : ' (the model’s, and the account’s own for discovery)') +
              '\n',
          ),
        reading: progressBar(io),
      },
    );
    io.stderr.write(`read ${reading.contacts.length} contacts from HubSpot\n`);
    if (reading.leftUnread.length > 0) {
      io.stderr.write(
        `discovery left ${reading.leftUnread.length} of the account's properties unread ` +
          `(at most ${MAX_DISCOVERY_PROPERTIES}): ${reading.leftUnread.slice(0, 5).join(', ')}` +
          `${reading.leftUnread.length > 5 ? ', ...' : ''}\n`,
      );
    }
    // Search gives no history; every conversion, page and email needs batch reads of 50.
    io.stderr.write(
      `read the property history of ${reading.history.join(', ')} ` +
        `(${Math.ceil(reading.contacts.length / 50)} batch reads)\n`,
    );
    contacts = reading.contacts;
  } else {
    contacts = [];
    for await (const row of readContacts(values.input!, inputFormat)) {
      if ('contact' in row) contacts.push(row.contact);
      else if (++unreadableRows <= 5) io.stderr.write(`row ${row.row}: ${row.problem}\n`);
    }
    if (unreadableRows > 5) io.stderr.write(`... and ${unreadableRows - 5} more unreadable rows\n`);
  }
  if (contacts.length === 0) throw new CalibrationError('the input holds no contacts', 'data');

  const result = calibrate({
    contacts,
    outcome,
    model,
    modelText,
    modelSource: values.model ?? chosen.source,
    now,
    calibratedAt: io.clock(),
    timeProperty: values['time-property'],
    exclude,
    seed,
    unreadableRows,
    discovery,
    hotRate,
  });
  await write(values.out, result.suggested.text);
  if (values.report !== undefined) await write(values.report, reportHtml(result.report));
  if (values.json !== undefined) await write(values.json, reportJson(result.report));
  for (const warning of result.report.warnings) io.stderr.write(`warning: ${warning}\n`);
  io.stdout.write(summary(result, [values.out, values.report, values.json]));
  return EXIT.ok;
}

/** `0.4` or `40%`: a share strictly between 0 and 1. */
function parseHotRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const rate = trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
  if (trimmed === '' || trimmed === '%' || !(rate > 0 && rate < 1)) {
    throw new UsageError(
      `calibrate: --hot-rate must be an outcome rate between 0 and 1, such as 0.4 or 40% (got "${text}")`,
    );
  }
  return rate;
}

async function write(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new CalibrationError(`cannot write ${path}: ${(error as Error).message}`, 'data', {
      cause: error,
    });
  }
}

function summary({ report }: Calibration, files: (string | undefined)[]): string {
  const { current, suggested, reference } = report.holdout;
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');
  const changes = report.points
    .filter((p) => p.suggestedPoints !== p.currentPoints)
    .sort(
      (a, b) =>
        Math.abs(b.suggestedPoints - b.currentPoints) -
        Math.abs(a.suggestedPoints - a.currentPoints),
    )
    .slice(0, 6)
    .map((p) => `${p.label} ${p.currentPoints} → ${p.suggestedPoints}`);
  return [
    `Calibrated on ${report.input.candidates} candidates, ${report.input.withOutcome} with ${report.input.outcome.property} = ${report.input.outcome.values.join(' or ')}.`,
    `Backtest: ${report.split.description}.`,
    `Held-out ROC-AUC: current ${f(current.auc)}, suggested ${f(suggested.auc)}, plain regression ${f(reference.auc)}.`,
    `Held-out PR-AUC:  current ${f(current.prAuc)}, suggested ${f(suggested.prAuc)}, plain regression ${f(reference.prAuc)}.`,
    `Largest changes: ${changes.join('; ') || 'none'}.`,
    `Not supported by the data (points kept): ${report.notSupported.join('; ') || 'none'}.`,
    report.discovery.on
      ? `Discovered: ${report.discovery.proposed.map((p) => `${p.label} ${p.points}`).join('; ') || 'none'}.`
      : 'Discovery off.',
    `Tiers (share of learning candidates before → after): ${report.tiers.tiers.map((t) => `${t.name} ${(t.shareBefore * 100).toFixed(0)}% → ${(t.shareAfter * 100).toFixed(0)}%${t.suggestedMinScore !== null && t.suggestedMinScore !== t.currentMinScore && report.tiers.written ? ` (from ${t.suggestedMinScore})` : ''}`).join(', ')}.`,
    `Wrote ${files.filter((p) => p !== undefined).join(', ')}.`,
    '',
  ].join('\n');
}

/** A progress bar on stderr while contacts arrive, only for a person at a terminal. */
function progressBar(io: CliIo): FetchProgress | undefined {
  if (!io.stderrIsTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: 'reading contacts [{bar}] {value}/{total} {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0),
    update: (fetched) => bar.update(fetched),
    stop: () => bar.stop(),
  };
}

const hubSpotEnvironment = z.object({
  HUBSPOT_ACCESS_TOKEN: z
    .string({
      error: 'HUBSPOT_ACCESS_TOKEN is not set: --from-hubspot needs a private app access token',
    })
    .trim()
    .min(1, { error: 'HUBSPOT_ACCESS_TOKEN is empty' }),
  HUBSPOT_API_BASE_URL: z.url({ error: 'HUBSPOT_API_BASE_URL must be an http(s) URL' }).optional(),
});

/** The real account, or the sandbox when HUBSPOT_API_BASE_URL points at it. */
async function connectFromEnvironment(env: NodeJS.ProcessEnv): Promise<HubSpotPort> {
  const parsed = hubSpotEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new CalibrationError(parsed.error.issues.map((i) => i.message).join('; '), 'data');
  }
  // Loaded only here: reading a file should not pay for the HubSpot SDK.
  const { createHubSpotAdapter, createHubSpotClient } = await import('../hubspot/index.ts');
  const client = createHubSpotClient({
    accessToken: parsed.data.HUBSPOT_ACCESS_TOKEN,
    ...(parsed.data.HUBSPOT_API_BASE_URL ? { basePath: parsed.data.HUBSPOT_API_BASE_URL } : {}),
  });
  return createHubSpotAdapter({ client });
}
