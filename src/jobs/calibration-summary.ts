import type { CalibrationReport } from '../calibration/index.ts';
import type { ModelEvaluation } from '../calibration/evaluation.ts';
import type { CalibrationResult } from './job-types.ts';
import { JOB_MESSAGES, type JobMessages } from './job-messages.ts';

/** The settings page shows the strongest content first; the HTML report keeps the full list. */
const CONTENT_LINES = 30;
/** A model with more lines than this is read in the HTML report (hubspot.fetch answers stop at 1 MB). */
const POINTS_LINES = 300;

const finite = (n: number | undefined): number | null =>
  n !== undefined && Number.isFinite(n) ? n : null;

/**
 * What the settings page shows of a calibration: the report's figures (src/calibration) in the
 * settings contract's shape, and the suggested model to load as the draft.
 */
/** The report as the settings page shows it; its warnings and tier basis in `messages`' language. */
export function calibrationResult(
  report: CalibrationReport,
  suggestedYaml: string,
  messages: Pick<JobMessages, 'calibrationNote' | 'tierBasis'> = JOB_MESSAGES.en,
): CalibrationResult {
  return {
    outcome: { property: report.input.outcome.property, values: [...report.input.outcome.values] },
    candidates: report.input.candidates,
    withOutcome: report.input.withOutcome,
    split: {
      description: report.split.description,
      learning: report.split.learning.candidates,
      holdout: report.split.holdout.candidates,
    },
    backtest: {
      current: figures(report.holdout.current),
      suggested: figures(report.holdout.suggested),
      reference: figures(report.holdout.reference),
    },
    points: report.points.slice(0, POINTS_LINES).map((line) => ({
      label: line.label,
      currentPoints: line.currentPoints,
      suggestedPoints: line.suggestedPoints,
      status: line.status,
      matches: line.matches,
      outcomesAmongMatches: line.outcomesAmongMatches,
    })),
    proposed: report.discovery.proposed.map((p) => ({
      label: p.label,
      labelNl: p.labelNl,
      // A combined criterion reads two properties: both are named (and both checked for protection).
      property: p.and ? `${p.property} + ${p.and.property}` : p.property,
      points: p.points,
      matches: p.matches,
      outcomeRate: finite(p.outcomeRate),
    })),
    content: [...report.content]
      .sort((a, b) => (finite(b.lift) ?? -1) - (finite(a.lift) ?? -1))
      .slice(0, CONTENT_LINES)
      .map((c) => ({
        kind: c.kind,
        name: c.name,
        touched: c.touched,
        rateTouched: finite(c.rateTouched),
        lift: finite(c.lift),
        liftLow: finite(c.liftInterval.low),
        liftHigh: finite(c.liftInterval.high),
        smallSample: c.smallSample,
      })),
    tiers: {
      basis: messages.tierBasis(report.tiers.basisNote),
      lines: report.tiers.tiers.map((t) => ({
        name: t.name,
        currentMinScore: t.currentMinScore,
        suggestedMinScore: t.suggestedMinScore,
        shareBefore: finite(t.shareBefore),
        shareAfter: finite(t.shareAfter),
        outcomeRateAfter: finite(t.outcomeRateAfter),
      })),
    },
    warnings: report.notes.map(messages.calibrationNote),
    suggestedYaml,
  };
}

function figures(evaluation: ModelEvaluation) {
  return {
    rocAuc: finite(evaluation.auc),
    prAuc: finite(evaluation.prAuc),
    liftTop10: finite(evaluation.top10.lift),
    recallTop10: finite(evaluation.top10.recall),
  };
}
