/** The ways `score` prints its results: JSONL for programs, a table or a summary for people. */
import type { CompiledModel } from '../../scoring/index.ts';
import type { StreamWriter } from '../stream-writer.ts';
import { createJsonlOutput } from './jsonl-output.ts';
import type { OutputFormat, ScoreOutput } from './score-output.ts';
import { createSummaryOutput } from './summary-output.ts';
import { createTableOutput } from './table-output.ts';

export {
  OUTPUT_FORMATS,
  type OutputFormat,
  type RunTotals,
  type ScoreOutput,
} from './score-output.ts';

export function createScoreOutput(
  format: OutputFormat,
  stdout: StreamWriter,
  compiled: CompiledModel,
): ScoreOutput {
  switch (format) {
    case 'jsonl':
      return createJsonlOutput(stdout);
    case 'table':
      return createTableOutput(stdout, compiled);
    case 'summary':
      return createSummaryOutput(stdout, compiled);
  }
}
