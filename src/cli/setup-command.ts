import { config as loadDotenv } from 'dotenv';
import {
  HubSpotError,
  listContactProperties,
  SCORE_PROPERTY_GROUP,
  outputPropertyNamesOf,
  SCORE_PROPERTY_NAMES,
  type HubSpotClient,
} from '../hubspot/index.ts';
import { loadModelFile } from '../model/index.ts';
import { compileModel } from '../scoring/index.ts';
import { parseCommandLine } from './arguments.ts';
import { EXIT, type Command } from './cli-io.ts';
import {
  connectHubSpot,
  ConnectionConfigError,
  describeHubSpotFailure,
  readConnectionConfig,
} from './hubspot-connection.ts';

export const SETUP_HELP = `Usage: recruitment-score setup [options]

Creates the "${SCORE_PROPERTY_GROUP.label}" property group and the output properties in the
HubSpot account (${SCORE_PROPERTY_NAMES.join(', ')}),
and sets the tier options to the model's tiers. Safe to run again: what exists is left alone.

Options:
  -m, --model FILE      scoring model whose tiers become the options of recruitment_tier;
                        default: SCORING_MODEL, else the shipped model
  -h, --help            this help

Environment: HUBSPOT_ACCESS_TOKEN (required; scopes crm.schemas.contacts.write and
crm.objects.contacts.read), HUBSPOT_API_BASE_URL. A .env file in the current directory is read.
Exit codes: 0 done, 1 failed (HubSpot, configuration, model), 2 wrong command line.
`;

export interface SetupDependencies {
  /** Default: the process's environment, after reading `.env`. */
  env?: NodeJS.ProcessEnv;
}

/** What HubSpot holds of one output property. */
interface HeldProperty {
  label: string;
  type: string;
  /** Visible options in display order (the tier property's tiers). */
  options: string[];
}

export function createSetupCommand(deps: SetupDependencies = {}): Command {
  return {
    async run(argv, io) {
      const { values } = parseCommandLine('setup', argv, {
        model: { type: 'string', short: 'm' },
      });
      if (values.help) {
        io.stdout.write(SETUP_HELP);
        return EXIT.ok;
      }
      let connection;
      let apiBaseUrl;
      let modelPath;
      try {
        const config = readConnectionConfig(deps.env ?? loadedProcessEnv());
        connection = connectHubSpot(config);
        apiBaseUrl = config.apiBaseUrl;
        modelPath = values.model ?? config.scoringModelPath;
      } catch (error) {
        if (!(error instanceof ConnectionConfigError)) throw error;
        io.stderr.write(`${error.message}\n`);
        return EXIT.failed;
      }
      const compiled = compileModel(await loadModelFile(modelPath));
      try {
        io.stdout.write(
          `Setting up the recruitment score properties in HubSpot (${apiBaseUrl}), ` +
            `tiers from model "${compiled.model.name}":\n`,
        );
        const outputs = outputPropertyNamesOf(compiled);
        const before = await scoreProperties(connection.client, outputs);
        await connection.port.ensureScoreProperties(compiled.tierNames, compiled.profiles);
        const after = await scoreProperties(connection.client, outputs);
        io.stdout.write(describeChanges(before, after, outputs));
        return EXIT.ok;
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        io.stderr.write(`setup: ${connection.redact(describeHubSpotFailure(error))}\n`);
        return EXIT.failed;
      }
    },
  };
}

export const setupCommand: Command = createSetupCommand();

/** One listing of the account's contact properties: two calls tell what setup changed. */
async function scoreProperties(
  client: HubSpotClient,
  outputs: readonly string[],
): Promise<Map<string, HeldProperty>> {
  const listing = await listContactProperties(client);
  const ours = new Set<string>(outputs);
  return new Map(
    listing
      .filter((property) => ours.has(property.name))
      .map((property) => [
        property.name,
        {
          label: property.label,
          type: property.type,
          options: [...(property.options ?? [])]
            .filter((option) => !option.hidden)
            .sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
            .map((option) => option.value),
        },
      ]),
  );
}

function describeChanges(
  before: ReadonlyMap<string, HeldProperty>,
  after: ReadonlyMap<string, HeldProperty>,
  /** The model's outputs: `recruitment_profile` only for a model with fit profiles. */
  outputs: readonly string[],
): string {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const lines = [
    `  group     ${SCORE_PROPERTY_GROUP.name} ("${SCORE_PROPERTY_GROUP.label}"): ` +
      (before.size === 0 ? 'ensured' : 'in place'),
  ];
  for (const name of outputs) {
    const was = before.get(name);
    const now = after.get(name);
    const label = name.padEnd(30);
    if (!was && now) {
      counts.created++;
      lines.push(`  created   ${label} "${now.label}" (${now.type})`);
    } else if (!now) {
      lines.push(`  MISSING   ${label} (HubSpot did not keep it; run setup again)`);
    } else if (was && was.options.join() !== now.options.join()) {
      counts.updated++;
      lines.push(
        `  updated   ${label} options: ${now.options.join(', ')} (were: ${was.options.join(', ')})`,
      );
    } else {
      counts.unchanged++;
      lines.push(`  in place  ${name}`);
    }
  }
  const summary =
    counts.created + counts.updated === 0
      ? `Nothing to change: all ${counts.unchanged} properties were in place, with the model's tiers.`
      : `Done: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} already in place.`;
  return `${lines.join('\n')}\n${summary}\n`;
}

function loadedProcessEnv(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}
