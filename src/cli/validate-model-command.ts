import { loadModelFile } from '../model/index.ts';
import { compileModel } from '../scoring/index.ts';
import { parseCommandLine } from './arguments.ts';
import { EXIT, UsageError, type CliIo, type Command } from './cli-io.ts';
import { describeModel } from './model-description.ts';

export const VALIDATE_MODEL_HELP = `Usage: recruitment-score validate-model FILE

Checks a scoring model (YAML). Prints a short description of a valid model, or every
problem with its path in the file (e.g. "fit.groups[0].criteria[2].points: expected a number").
Exit codes: 0 valid, 1 not valid or not readable, 2 wrong command line.
`;

/** `validate-model FILE`: a model error is reported by main with every problem on its line. */
export const validateModelCommand: Command = {
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandLine('validate-model', argv, {}, true);
    if (values.help) {
      io.stdout.write(VALIDATE_MODEL_HELP);
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? 'validate-model: which model file? e.g. validate-model models/recruitment-default.yaml'
          : `validate-model: expected one model file, got ${positionals.length}`,
      );
    }
    const path = positionals[0]!;
    const compiled = compileModel(await loadModelFile(path));
    io.stdout.write(describeModel(compiled, path));
    return EXIT.ok;
  },
};
