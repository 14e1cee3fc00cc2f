import { parseModel, readModelFileText, type ScoringModel } from '../model/index.ts';
import { UNKNOWN_PORTAL } from '../store/changed-since-watermarks.ts';
import { openCommandStore } from './command-store.ts';

/**
 * The model a command scores or calibrates an account with, as the server does: `--model FILE`
 * when given; else the account's published model in the server's store (DATABASE_URL); else
 * the file the server falls back to (SCORING_MODEL, or the shipped model). The source is said,
 * so nobody rescores an account with another model than its own without knowing.
 */
export interface CommandModel {
  model: ScoringModel;
  /** The YAML as written (calibration edits it in place). */
  text: string;
  /** Where it came from, in words: "models/x.yaml", "account 123's published model (version 4)". */
  source: string;
}

export async function modelForCommand(options: {
  modelFlag: string | undefined;
  fallbackPath: string;
  env: NodeJS.ProcessEnv;
}): Promise<CommandModel> {
  if (options.modelFlag !== undefined) return fromFile(options.modelFlag);
  const published = await publishedModel(options.env);
  if (published) return published;
  return fromFile(options.fallbackPath);
}

async function fromFile(path: string): Promise<CommandModel> {
  const text = await readModelFileText(path);
  return { model: parseModel(text, path), text, source: path };
}

/** The static account's published model (HUBSPOT_PORTAL_ID, else portal 0), if the store has one. */
async function publishedModel(env: NodeJS.ProcessEnv): Promise<CommandModel | undefined> {
  // A command never creates the server's store: without one, nothing was published (a bad
  // DATABASE_URL is reported where the command uses the store).
  const opened = await openCommandStore(env.DATABASE_URL);
  if ('problem' in opened) return undefined;
  const fromEnv = env.HUBSPOT_PORTAL_ID?.trim();
  const portalId = fromEnv && /^\d+$/.test(fromEnv) ? Number(fromEnv) : UNKNOWN_PORTAL;
  try {
    const version = await opened.store.accountModels().published(portalId);
    if (!version) return undefined;
    const source = `account ${portalId}'s published model (version ${version.version})`;
    return { model: parseModel(version.modelYaml, source), text: version.modelYaml, source };
  } finally {
    await opened.store.close();
  }
}
