import { ModelError } from '../model/model-error.ts';
import { EXIT, processIo, UsageError, type CliIo, type Command } from './cli-io.ts';
import { InputError } from './contact-reader.ts';
import { OutputClosedError } from './stream-writer.ts';

interface CommandEntry {
  summary: string;
  /** Loaded on use, so `validate-model` does not pay for the CSV parser and friends. */
  load: () => Promise<Command>;
}

/** Command name -> module. */
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  score: {
    summary: 'score contacts from a JSON, JSONL or CSV export',
    load: async () => (await import('./score-command.ts')).scoreCommand,
  },
  'validate-model': {
    summary: 'check a scoring model file and describe it',
    load: async () => (await import('./validate-model-command.ts')).validateModelCommand,
  },
  calibrate: {
    summary: 'compare the model with hiring outcomes and suggest points',
    load: async () => (await import('./calibrate-command.ts')).calibrateCommand,
  },
  setup: {
    summary: 'create the recruitment score properties in the HubSpot account',
    load: async () => (await import('./setup-command.ts')).setupCommand,
  },
  rescore: {
    summary: 'rescore contacts due for decay (--due) or every contact (--all)',
    load: async () => (await import('./rescore-command.ts')).rescoreCommand,
  },
  status: {
    summary: "show the server's work queue: waiting, failing, dead letters",
    load: async () => (await import('./status-command.ts')).statusCommand,
  },
  model: {
    summary: "each account's published model: show, validate, publish, history, rollback",
    load: async () => (await import('./model-command.ts')).modelCommand,
  },
  templates: {
    summary: 'list the model templates, or print one (show ID)',
    load: async () => (await import('./templates-command.ts')).templatesCommand,
  },
  'retry-failed': {
    summary: 'queue dead letters again (--portal ID: of one account)',
    load: async () => (await import('./retry-failed-command.ts')).retryFailedCommand,
  },
};

const HELP = `Usage: recruitment-score <command> [options]

Recruitment lead scoring for HubSpot: explainable fit and engagement scores for latent candidates.

Commands:
${Object.entries(COMMANDS)
  .map(([name, entry]) => `  ${name.padEnd(16)}${entry.summary}`)
  .join('\n')}

Run "recruitment-score <command> --help" for a command's options.
`;

/**
 * The command line, in-process: returns the exit code instead of exiting, and writes only to
 * `io`, so tests can run it and read what it printed.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      (name === undefined ? io.stderr : io.stdout).write(HELP);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    return main([topic, '--help'], io);
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr.write(`recruitment-score: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    return reportFailure(error, name, io);
  }
}

function reportFailure(error: unknown, command: string, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`${error.message}\nRun "recruitment-score ${command} --help" for usage.\n`);
    return EXIT.usage;
  }
  if (error instanceof OutputClosedError) return EXIT.ok;
  if (error instanceof ModelError || error instanceof InputError) {
    io.stderr.write(`${error.message}\n`);
    return EXIT.failed;
  }
  throw error;
}
