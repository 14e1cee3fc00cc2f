import type { LeftOutReason } from './leakage-guard.ts';
import type { LimitCheck } from './suggested-limits.ts';

/**
 * What a calibration wants its reader to know (warnings) and how it set the tier thresholds,
 * as data: the command line and the HTML report say them in English (here, as they always
 * have), the settings page's job in the admin's language (src/jobs/job-messages.ts).
 */

export type CalibrationNote =
  | { code: 'model-reads-leaky'; property: string; reason: LeftOutReason }
  | { code: 'left-out'; property: string; reason: LeftOutReason; ground?: string | undefined }
  | { code: 'without-time'; count: number; timeProperty: string }
  | { code: 'few-outcomes'; count: number }
  | { code: 'limit-moved'; limit: LimitCheck };

export interface TopShares {
  hot: string;
  /** The second tier's name, undefined when the model has one tier only. */
  next: string | undefined;
  hotPercent: number;
  nextPercent: number;
}

export type TierBasis =
  | ({ kind: 'top-shares' } & TopShares)
  | ({ kind: 'outcome-rate'; rate: number; hotShare: number } & TopShares)
  | ({ kind: 'rate-unreached'; rate: number } & TopShares);

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

export function describeLimitChange(check: LimitCheck): string {
  const share = ((100 * check.cutByCurrent) / check.candidates).toFixed(1);
  return `${check.label}: ${check.kind} ${check.currentLimit} -> ${check.suggestedLimit} (cut ${check.cutByCurrent} of ${check.candidates} learning candidates, ${share}%, with the learnt points; now ${check.cutBySuggested})`;
}

/** The note in English: the command line's and the HTML report's words. */
export function describeNote(note: CalibrationNote): string {
  switch (note.code) {
    case 'model-reads-leaky':
      return `the model reads ${note.property} (${note.reason}): its points are kept, not learnt, and its backtest may look better than it will be`;
    case 'left-out':
      return `left out ${note.property}: ${note.ground ? `${note.reason} (${note.ground})` : note.reason}`;
    case 'without-time':
      return `${note.count} candidates have no ${note.timeProperty}: learnt from, never held out`;
    case 'few-outcomes':
      return `only ${note.count} candidates with the outcome to learn from: read the suggestion with care`;
    case 'limit-moved':
      return `moved a limit the learnt points would run into (the fit assumes none): ${describeLimitChange(note.limit)}`;
  }
}

export function describeTierBasis(basis: TierBasis): string {
  const next = `${basis.next ?? 'the next tier'} from the next ${basis.nextPercent}%`;
  const topShares = `${basis.hot} from the top ${basis.hotPercent}% of the learning candidates' suggested scores, ${next} (knocked-out candidates left out)`;
  switch (basis.kind) {
    case 'top-shares':
      return topShares;
    case 'rate-unreached':
      return `no group of learning candidates reaches an outcome rate of ${percent(basis.rate)}: ${topShares}`;
    case 'outcome-rate':
      return `${basis.hot} from the lowest score where the learning candidates at or above it reach an outcome rate of ${percent(basis.rate)} (the top ${(basis.hotShare * 100).toFixed(1)}%), ${next} (knocked-out candidates left out)`;
  }
}
