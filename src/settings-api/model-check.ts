import { parseModel } from '../model/load-model.ts';
import { ModelError } from '../model/model-error.ts';
import type { ScoringModel } from '../model/model-schema.ts';
import { compileModel } from '../scoring/index.ts';
import type { ModelProblem } from './settings-contract.ts';

/**
 * A model text checked as the model file is (same loader, same messages, protected attributes
 * refused), its problems split into path and message for the page to show next to a field.
 */
export type ModelCheck =
  | { valid: true; model: ScoringModel; properties: readonly string[]; problems: [] }
  | { valid: false; problems: ModelProblem[] };

export function checkModel(modelYaml: string): ModelCheck {
  try {
    const model = parseModel(modelYaml, 'draft');
    return { valid: true, model, properties: compileModel(model).properties, problems: [] };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return { valid: false, problems: error.problems.map(toProblem) };
  }
}

/** "engagement.touchpoints[2].points: expected a number" -> path and message. */
function toProblem(problem: string): ModelProblem {
  const at = problem.indexOf(': ');
  if (at <= 0) return { path: '(model)', message: problem };
  return { path: problem.slice(0, at), message: problem.slice(at + 2) };
}

/** Properties the model reads that the account does not have (flagged, not refused). */
export function missingProperties(
  modelProperties: readonly string[],
  accountProperties: readonly string[] | undefined,
): string[] {
  if (accountProperties === undefined) return [];
  const known = new Set(accountProperties);
  return [...new Set(modelProperties)].filter((name) => !known.has(name)).sort();
}
