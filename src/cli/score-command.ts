import { DEFAULT_MODEL_PATH, loadModelFile } from '../model/index.ts';
import {
  compileModel,
  scoreContact,
  scoreContactTotals,
  type ContactTotals,
} from '../scoring/index.ts';
import { parseChoice, parseCommandLine, parseNow } from './arguments.ts';
import { EXIT, UsageError, type CliIo, type Command } from './cli-io.ts';
import { readContacts, type InputFormat } from './contact-reader.ts';
import { RunReporter } from './run-reporter.ts';
import { createScoreOutput, OUTPUT_FORMATS, type RunTotals } from './score-output/index.ts';
import { StreamWriter } from './stream-writer.ts';

const INPUT_FORMATS: readonly InputFormat[] = ['json', 'jsonl', 'csv'];

export const SCORE_HELP = `Usage: recruitment-score score --input FILE [options]

Scores every contact in a HubSpot export and prints the scores as they are computed.

Options:
  -i, --input FILE          JSON array, JSONL or CSV of contacts; "-" reads stdin
      --input-format FMT    json, jsonl or csv (default: from the extension or the first
                            byte; required for stdin)
  -m, --model FILE          scoring model (YAML); default: the model that ships with the app
      --now TIME            score as of this ISO-8601 time, e.g. 2026-11-25 or
                            2026-11-25T09:00:00Z (default: now); makes runs repeatable
  -f, --format FMT          jsonl (one JSON object per contact, default), table or summary
  -h, --help                this help

A row that cannot be read is reported on stderr ("row 12: ...") and skipped.
Exit codes: 0 scored, 1 the input or the model cannot be read, 2 wrong command line.
`;

/** `score`: read contacts, score each with the model as of `--now`, print as we go. */
export const scoreCommand: Command = {
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine('score', argv, {
      input: { type: 'string', short: 'i' },
      'input-format': { type: 'string' },
      model: { type: 'string', short: 'm' },
      now: { type: 'string' },
      format: { type: 'string', short: 'f' },
    });
    if (values.help) {
      io.stdout.write(SCORE_HELP);
      return EXIT.ok;
    }
    const input = values.input;
    if (input === undefined || input === '') {
      throw new UsageError('score: --input FILE is required ("-" reads stdin)');
    }
    const format = parseChoice('score', '--format', values.format, OUTPUT_FORMATS, 'jsonl');
    const inputFormat =
      values['input-format'] === undefined
        ? undefined
        : parseChoice('score', '--input-format', values['input-format'], INPUT_FORMATS, 'jsonl');
    if (input === '-' && inputFormat === undefined) {
      throw new UsageError('score: reading stdin needs --input-format json, jsonl or csv');
    }
    const now = parseNow('score', values.now, io.clock);

    const compiled = compileModel(await loadModelFile(values.model ?? DEFAULT_MODEL_PATH));
    const stdout = new StreamWriter(io.stdout);
    const output = createScoreOutput(format, stdout, compiled);
    const reporter = new RunReporter(io);
    const totals: RunTotals = { contacts: 0, badRows: 0, contactsWithWarnings: 0 };

    try {
      for await (const row of readContacts(input, inputFormat)) {
        if ('problem' in row) {
          totals.badRows++;
          await reporter.warn(`row ${row.row}: ${row.problem}`);
          continue;
        }
        let score: ContactTotals;
        let full: Promise<void> | undefined;
        if (output.explains) {
          const explained = scoreContact(
            compiled,
            row.contact.properties,
            now,
            row.contact.propertiesWithHistory,
          );
          full = output.contact(row.contact, explained);
          score = explained;
        } else {
          score = scoreContactTotals(
            compiled,
            row.contact.properties,
            now,
            row.contact.propertiesWithHistory,
          );
          full = output.contact(row.contact, score);
        }
        totals.contacts++;
        if (score.warnings.length > 0) totals.contactsWithWarnings++;
        if (full) await full;
        const drawing = reporter.scored(totals.contacts);
        if (drawing) await drawing;
      }
      await output.finish(totals);
    } finally {
      await reporter.finish();
    }
    return EXIT.ok;
  },
};
