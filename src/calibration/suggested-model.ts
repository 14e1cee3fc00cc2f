import { parseDocument } from 'yaml';
import { ModelError, parseModel, type ScoringModel } from '../model/index.ts';
import { CalibrationError } from './calibration-error.ts';
import type { LearnedFeature } from './fit-points.ts';

/**
 * The suggested model: the current model file with only its points changed, so its comments,
 * layout, ids, limits, caps, decay and tiers stay as the recruiter wrote them, and a `git diff`
 * shows exactly what calibration proposes. A header says when and from what it was calibrated.
 */
export interface SuggestedModelInput {
  /** The current model file's text. */
  sourceText: string;
  sourceName: string;
  features: readonly LearnedFeature[];
  header: readonly string[];
}

export interface SuggestedModel {
  text: string;
  model: ScoringModel;
}

export function writeSuggestedModel(input: SuggestedModelInput): SuggestedModel {
  const document = parseDocument(input.sourceText);
  const current = parseModel(input.sourceText, input.sourceName);
  for (const feature of input.features) {
    if (feature.suggestedPoints === feature.currentPoints) continue;
    document.setIn(feature.path, feature.suggestedPoints);
    if (feature.kind === 'touchpoint') rescaleMaxPoints(document, current, feature);
  }
  const previous = document.commentBefore ? `\n\n${document.commentBefore}` : '';
  document.commentBefore = input.header.map((line) => ` ${line}`.trimEnd()).join('\n') + previous;
  const text = document.toString({ lineWidth: 100 });
  try {
    return { text, model: parseModel(text, 'suggested model') };
  } catch (error) {
    // Only points changed, within the rules the fit keeps; a failure here is our bug.
    const problems = error instanceof ModelError ? error.problems.join('; ') : String(error);
    throw new CalibrationError(`the suggested model is not valid: ${problems}`, 'data', {
      cause: error,
    });
  }
}

/** A cap in points follows the points, so the touchpoint still caps at the same occurrences. */
function rescaleMaxPoints(
  document: ReturnType<typeof parseDocument>,
  current: ScoringModel,
  feature: LearnedFeature,
): void {
  const index = feature.path[2] as number;
  const touchpoint = current.engagement.touchpoints[index];
  if (touchpoint?.maxPoints === undefined || !(feature.currentPoints > 0)) return;
  const path = ['engagement', 'touchpoints', index, 'maxPoints'];
  if (feature.suggestedPoints > 0) {
    const scaled = (touchpoint.maxPoints * feature.suggestedPoints) / feature.currentPoints;
    document.setIn(path, Math.max(1, Math.round(scaled)));
  } else document.deleteIn(path);
}
