import { config as loadDotenv } from 'dotenv';
import { DEFAULT_MODEL_REFRESH_MS } from '../accounts/index.ts';
import { loadModelFile, parseModel, readModelFileText } from '../model/index.ts';
import { compileModel } from '../scoring/index.ts';
import {
  UnknownModelVersionError,
  type AccountModels,
  type ModelVersion,
} from '../store/account-models.ts';
import { UNKNOWN_PORTAL } from '../store/changed-since-watermarks.ts';
import { parseCommandLine } from './arguments.ts';
import { EXIT, UsageError, type CliIo, type Command } from './cli-io.ts';
import { describeModel } from './model-description.ts';
import { withCommandStore } from './command-store.ts';

/**
 * `model show|validate|publish|history|rollback`: an operator's hands on each account's
 * published scoring model, in the server's store (DATABASE_URL). It never talks to HubSpot;
 * the running server sees a publish within a few seconds and fits the account's output
 * properties to the new model itself.
 */

export const MODEL_HELP = `Usage: recruitment-score model <action> [options]

Each HubSpot account's own scoring model, kept in the server's store.

Actions:
  show                     print the account's published model (version, who, when, YAML)
  validate FILE            check a model file (every problem with its path)
  publish FILE             publish the file as the account's next version
  history                  every published version, newest first
  rollback VERSION         publish a copy of an earlier version as the next one

Options:
      --portal ID   the HubSpot account (default HUBSPOT_PORTAL_ID; 0 for a private app's
                    token whose account id is not set). Needed in OAuth mode.
      --note TEXT   publish, rollback: why (kept in the history)
  -h, --help        this help

The running server uses a published version for new events within ${DEFAULT_MODEL_REFRESH_MS / 1000} seconds. An account
with nothing published is scored with SCORING_MODEL (or the shipped model).
Environment: DATABASE_URL (sqlite:PATH or postgres://...; default sqlite:./data/recruitment-scoring.db),
HUBSPOT_PORTAL_ID, or a .env file. Exit codes: 0 done, 1 refused model or no store, 2 wrong
command line.
`;

const ACTIONS = ['show', 'validate', 'publish', 'history', 'rollback'] as const;
type Action = (typeof ACTIONS)[number];

export const modelCommand: Command = createModelCommand();

export function createModelCommand(env?: NodeJS.ProcessEnv): Command {
  return {
    async run(argv, io) {
      const { values, positionals } = parseCommandLine(
        'model',
        argv,
        { portal: { type: 'string' }, note: { type: 'string' } },
        true,
      );
      if (values.help) {
        io.stdout.write(MODEL_HELP);
        return EXIT.ok;
      }
      const [action, ...rest] = positionals;
      if (!isAction(action)) {
        throw new UsageError(
          action === undefined
            ? `model: which action? one of ${ACTIONS.join(', ')}`
            : `model: unknown action "${action}" (one of ${ACTIONS.join(', ')})`,
        );
      }
      const wanted = action === 'show' || action === 'history' ? 0 : 1;
      if (rest.length !== wanted) {
        throw new UsageError(
          wanted === 0
            ? `model ${action}: unexpected argument ${rest[0]}`
            : `model ${action}: expected ${action === 'rollback' ? 'one VERSION' : 'one model FILE'}`,
        );
      }
      if (values.note !== undefined && action !== 'publish' && action !== 'rollback') {
        throw new UsageError(`model ${action}: --note is for publish and rollback`);
      }
      if (action === 'validate') {
        const path = rest[0]!;
        io.stdout.write(describeModel(compileModel(await loadModelFile(path)), path));
        return EXIT.ok;
      }
      const environment = env ?? loadedProcessEnv();
      const portalId = portalOf(values.portal, environment);
      const argument = rest[0];
      // Read and check the file before touching the store: a bad file leaves no trace.
      const yamlText = action === 'publish' ? await readModelText(argument!) : undefined;
      const version = action === 'rollback' ? versionOf(argument!) : undefined;
      return withAccountModels(environment, io, action === 'publish', async (models, path) => {
        const by = { by: 'cli', note: values.note };
        switch (action) {
          case 'show':
            return show(models, portalId, io);
          case 'history':
            return history(models, portalId, path, io);
          case 'publish':
            return published(await models.publish(portalId, yamlText!, by), io);
          case 'rollback':
            try {
              return published(await models.rollback(portalId, version!, by), io, version);
            } catch (error) {
              if (!(error instanceof UnknownModelVersionError)) throw error;
              io.stderr.write(`${error.message}; see "recruitment-score model history".\n`);
              return EXIT.failed;
            }
        }
      });
    },
  };
}

async function show(models: AccountModels, portalId: number, io: CliIo): Promise<number> {
  const current = await models.published(portalId);
  if (!current) {
    io.stdout.write(
      `Account ${portalId} has no published model: it is scored with SCORING_MODEL ` +
        '(or the shipped model).\n',
    );
    return EXIT.ok;
  }
  io.stdout.write(`# ${describeVersion(current)}\n${current.modelYaml}`);
  if (!current.modelYaml.endsWith('\n')) io.stdout.write('\n');
  return EXIT.ok;
}

async function history(
  models: AccountModels,
  portalId: number,
  path: string,
  io: CliIo,
): Promise<number> {
  const versions = await models.history(portalId);
  if (versions.length === 0) {
    io.stdout.write(`Account ${portalId} has published no model yet (store ${path}).\n`);
    return EXIT.ok;
  }
  const live = await models.publishedVersion(portalId);
  const lines = [`Model versions of account ${portalId}, newest first:`];
  for (const v of versions) {
    const marker = v.version === live ? '*' : ' ';
    lines.push(`${marker} ${describeVersion(v)}`);
  }
  lines.push('* published');
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function published(version: ModelVersion, io: CliIo, from?: number): number {
  const name = parseModel(version.modelYaml).name;
  const what = from === undefined ? `"${name}"` : `a copy of version ${from} ("${name}")`;
  io.stdout.write(
    `Published ${what} as version ${version.version} of account ${version.portalId}. ` +
      `The running server scores new events with it within ${DEFAULT_MODEL_REFRESH_MS / 1000} seconds.\n`,
  );
  return EXIT.ok;
}

function describeVersion(v: ModelVersion): string {
  const note = v.note === undefined ? '' : `  ${v.note}`;
  return `version ${v.version}  ${new Date(v.publishedAt).toISOString()}  by ${v.publishedBy}${note}`;
}

function isAction(value: string | undefined): value is Action {
  return (ACTIONS as readonly (string | undefined)[]).includes(value);
}

function portalOf(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  if (flag !== undefined) {
    if (!/^\d+$/.test(flag)) {
      throw new UsageError(`model: --portal must be a HubSpot account id (got "${flag}")`);
    }
    return Number(flag);
  }
  if (env.HUBSPOT_CLIENT_ID) {
    throw new UsageError('model: in OAuth mode (HUBSPOT_CLIENT_ID) say which account: --portal ID');
  }
  const fromEnv = env.HUBSPOT_PORTAL_ID?.trim();
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  return UNKNOWN_PORTAL;
}

function versionOf(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`model rollback: VERSION is a version number such as 3 (got "${text}")`);
  }
  return Number(text);
}

/** The file's text once it parses; a ModelError (exit 1, every problem) otherwise. */
async function readModelText(path: string): Promise<string> {
  const text = await readModelFileText(path);
  parseModel(text, path);
  return text;
}

/** Opens the store DATABASE_URL names (creating it only to publish), runs `use`, closes it. */
async function withAccountModels(
  env: NodeJS.ProcessEnv,
  io: CliIo,
  create: boolean,
  use: (models: AccountModels, where: string) => Promise<number>,
): Promise<number> {
  return withCommandStore(
    env.DATABASE_URL,
    { create, stderr: io.stderr },
    (store) => use(store.accountModels({ clock: io.clock }), store.description),
    EXIT.failed,
  );
}

function loadedProcessEnv(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}
