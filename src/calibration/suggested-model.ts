import { isScalar, parseDocument, type Document } from 'yaml';
import { ModelError, parseModel, type ScoringModel } from '../model/index.ts';
import { CalibrationError } from './calibration-error.ts';
import type { LearnedFeature } from './fit-points.ts';
import type { LimitCheck, ScoreRangeCheck } from './suggested-limits.ts';

/**
 * The suggested model: the current model file with its points changed, in place in the text,
 * so its comments, layout, ids, decay and tiers stay as the recruiter wrote them and a
 * `git diff` shows exactly what calibration proposes. Limits and caps change only where the
 * learnt points would run into them for many candidates (suggested-limits.ts), and tier
 * thresholds where calibration suggests them from the data (suggested-tiers.ts). A header
 * comment says when and from what it was calibrated.
 */
export interface SuggestedModelInput {
  /** The current model file's text. */
  sourceText: string;
  sourceName: string;
  features: readonly LearnedFeature[];
  /** Limits checked against the learnt points; the moved ones are written. */
  limits?: readonly LimitCheck[];
  /** The score range checked against the learnt points; written when moved. */
  scoreRange?: ScoreRangeCheck | undefined;
  /** Minimum scores by tier index (suggested-tiers.ts); the ones that differ are written. */
  tierThresholds?: readonly (number | undefined)[];
  header: readonly string[];
}

export interface SuggestedModel {
  text: string;
  model: ScoringModel;
}

export function writeSuggestedModel(input: SuggestedModelInput): SuggestedModel {
  const document = parseDocument(input.sourceText);
  const current = parseModel(input.sourceText, input.sourceName);
  const edits: Edit[] = [];
  for (const feature of input.features) {
    if (feature.suggestedPoints === feature.currentPoints) continue;
    edits.push(editAt(document, feature.path, feature.suggestedPoints));
    const maxPoints = maxPointsEdit(document, current, feature);
    if (maxPoints) edits.push(maxPoints);
  }
  for (const limit of input.limits ?? []) {
    if (limit.moved) edits.push(editAt(document, limit.path, limit.suggestedLimit));
  }
  const range = input.scoreRange;
  if (range?.moved) {
    for (const bound of ['min', 'max'] as const) {
      if (range.suggested[bound] !== current.score[bound]) {
        edits.push(editAt(document, ['score', bound], range.suggested[bound]));
      }
    }
  }
  input.tierThresholds?.forEach((minScore, i) => {
    const tier = current.tiers[i];
    if (minScore === undefined || tier?.minScore === undefined || tier.minScore === minScore)
      return;
    edits.push(editAt(document, ['tiers', i, 'minScore'], minScore));
  });
  let text = input.sourceText;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  }
  const header = input.header.map((line) => `# ${line}`.trimEnd()).join('\n');
  text = `${header}\n\n${text}`;
  try {
    return { text, model: parseModel(text, 'suggested model') };
  } catch (error) {
    // Only points and limits changed, within the rules the fit keeps; a failure is our bug.
    const problems = error instanceof ModelError ? error.problems.join('; ') : String(error);
    throw new CalibrationError(`the suggested model is not valid: ${problems}`, 'data', {
      cause: error,
    });
  }
}

/** A text replacement in the model file: edits leave every other character as it was. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

function editAt(document: Document, path: readonly (string | number)[], value: number): Edit {
  const node = document.getIn(path, true);
  if (!isScalar(node) || !node.range) {
    throw new CalibrationError(`the model file has no number at ${path.join('.')}`, 'data');
  }
  return { start: node.range[0], end: node.range[1], text: String(value) };
}

/** A cap in points follows the points, so the touchpoint still caps at the same occurrences. */
function maxPointsEdit(
  document: Document,
  current: ScoringModel,
  feature: LearnedFeature,
): Edit | undefined {
  if (feature.kind !== 'touchpoint') return undefined;
  const index = feature.path[2] as number;
  const maxPoints = current.engagement.touchpoints[index]?.maxPoints;
  // A cap only bites on positive points: without them it can stay as it is.
  if (maxPoints === undefined || !(feature.currentPoints > 0) || !(feature.suggestedPoints > 0)) {
    return undefined;
  }
  const scaled = Math.max(
    1,
    Math.round((maxPoints * feature.suggestedPoints) / feature.currentPoints),
  );
  return editAt(document, ['engagement', 'touchpoints', index, 'maxPoints'], scaled);
}
