import { describeLimitChange, describeNote, type CalibrationNote } from './calibration-notes.ts';
import { DISQUALIFIED_TIER, type ScoringModel } from '../model/index.ts';
import {
  compileModel,
  scoreContact,
  type ContactHistory,
  type ContactProperties,
} from '../scoring/index.ts';

export interface CalibrationContact {
  id: string;
  properties: ContactProperties;
  propertiesWithHistory?: ContactHistory | undefined;
}
import type { CalibrationReport, PointsLine } from './calibration-report.ts';
import { scoreContent } from './content-scoring.ts';
import { stratifiedSplit, timeSplit, type DataSplit } from './data-split.ts';
import { evaluate, probabilityOfScore } from './evaluation.ts';
import {
  discoverCriteria,
  DEFAULT_MAX_CRITERIA,
  dropUnweighted,
  type Discovery,
} from './discovery.ts';
import { discoveryReport } from './discovery-report.ts';
import { fitPoints, type PointsFit } from './fit-points.ts';
import { leakageGuard, leftOutProperties, type LeftOutReason } from './leakage-guard.ts';
import { extractFeatures, modelFeatures } from './model-features.ts';
import { checkOutcomes, outcomeTest, type OutcomeSpec } from './outcome.ts';
import { fitReferenceRegression, type ReferenceRegression } from './reference-regression.ts';
import {
  checkLimits,
  checkScoreRange,
  CUT_SHARE,
  describeScoreRange,
  type LimitCheck,
  type ScoreRangeCheck,
} from './suggested-limits.ts';
import { writeSuggestedModel, type SuggestedModel } from './suggested-model.ts';
import { suggestTierThresholds, tierSuggestion, type TierSuggestion } from './suggested-tiers.ts';
import { writeTouchpointShapes } from './touchpoint-shape-edit.ts';
import { chooseTouchpointShapes, type TouchpointShape } from './touchpoint-shapes.ts';

export interface CalibrationInput {
  /** With `propertiesWithHistory` when it was read: history touchpoints and content scoring use it. */
  contacts: readonly CalibrationContact[];
  outcome: OutcomeSpec;
  model: ScoringModel;
  /** The model file's text (the suggestion keeps its comments and layout) and its name. */
  modelText: string;
  modelSource: string;
  /** Scores are computed at this moment (epoch ms). */
  now: number;
  /** When calibration runs (epoch ms), for the model header and the report. */
  calibratedAt: number;
  timeProperty?: string | undefined;
  exclude?: readonly string[];
  seed?: number;
  l2?: number;
  unreadableRows?: number;
  /** Hot tier from a target outcome rate (0 to 1) instead of the top 10% (`--hot-rate`). */
  hotRate?: number | undefined;
  /** Propose criteria the data supports (on by default), at most `maxCriteria`; false: off. */
  discovery?: { maxCriteria?: number; combinations?: boolean } | false;
  /**
   * Choose each touchpoint's half-life and each count's quantity curve by cross-validation
   * (on by default with discovery; false: keep them as they are).
   */
  touchpointShapes?: boolean;
}

export interface Calibration {
  report: CalibrationReport;
  suggested: SuggestedModel;
  /** The yardstick regression, to score other candidates with (benchmarks). */
  reference: ReferenceRegression;
}

/** Properties whose use would let the outcome leak in (as opposed to ids or protected ones). */
const LEAKS: ReadonlySet<LeftOutReason> = new Set([
  'outcome',
  'app output',
  'named by --exclude',
  'set by the hiring process (after the outcome)',
]);

/** Learns points from outcomes, backtests them on held-out candidates, scores the content. */
export function calibrate(input: CalibrationInput): Calibration {
  const { contacts, model, now } = input;
  const seed = input.seed ?? 1;
  const isOutcome = outcomeTest(input.outcome);
  const outcomes = contacts.map((c) => isOutcome(c.properties));
  checkOutcomes(input.outcome, contacts, outcomes);
  const notes: CalibrationNote[] = [];
  const warn = (note: CalibrationNote) => notes.push(note);

  const guard = leakageGuard({
    model,
    outcomeProperty: input.outcome.property,
    timeProperty: input.timeProperty,
    excluded: input.exclude ?? [],
  });
  const seen = new Set<string>();
  for (const { properties } of contacts) for (const name in properties) seen.add(name);
  const current = compileModel(model);
  const leftOut = leftOutProperties(guard, [...seen, ...current.properties]);
  const leaks = new Map(
    leftOut.filter((l) => LEAKS.has(l.reason)).map((l) => [l.property, l.reason]),
  );
  const modelReads = current.properties.filter((p) => leaks.has(p));
  for (const property of modelReads) {
    warn({ code: 'model-reads-leaky', property, reason: leaks.get(property)! });
  }
  for (const l of leftOut) {
    if (!seen.has(l.property) || !(LEAKS.has(l.reason) || l.reason === 'protected attribute'))
      continue;
    warn({ code: 'left-out', property: l.property, reason: l.reason, ground: l.ground });
  }

  const split: DataSplit = input.timeProperty
    ? timeSplit(contacts, outcomes, input.timeProperty)
    : stratifiedSplit(outcomes, seed);
  if (split.withoutTime) {
    warn({ code: 'without-time', count: split.withoutTime, timeProperty: input.timeProperty! });
  }
  const pick = <T>(items: readonly T[], indexes: readonly number[]) =>
    indexes.map((i) => items[i]!);
  const learning = {
    contacts: pick(contacts, split.training),
    outcomes: pick(outcomes, split.training),
  };
  const holdout = {
    contacts: pick(contacts, split.holdout),
    outcomes: pick(outcomes, split.holdout),
  };
  const learningPositives = learning.outcomes.filter(Boolean).length;
  if (learningPositives < 100) {
    warn({ code: 'few-outcomes', count: learningPositives });
  }

  // Shapes first: a half-life that is too short would otherwise be patched by discovered
  // recency criteria instead of being corrected where it lives.
  const shaping =
    input.discovery === false || input.touchpointShapes === false
      ? undefined
      : chooseTouchpointShapes({
          contacts: learning.contacts,
          outcomes: learning.outcomes,
          model,
          now,
          seed,
          leftOut: new Set(leaks.keys()),
        });
  const shaped = shaping
    ? { model: shaping.model, modelText: writeTouchpointShapes(input.modelText, shaping.changes) }
    : { model, modelText: input.modelText };
  const shapes = shaping?.shapes ?? [];

  // Discovered criteria join the model with 0 points, so the fit below learns them with the
  // model's own points; the current model scores exactly as before (0 points, no limit).
  const proposals: Discovery | undefined =
    input.discovery === false
      ? undefined
      : discoverCriteria({
          contacts: learning.contacts,
          outcomes: learning.outcomes,
          model: shaped.model,
          modelText: shaped.modelText,
          guard,
          now,
          maxCriteria: input.discovery?.maxCriteria ?? DEFAULT_MAX_CRITERIA,
          combinations: input.discovery?.combinations,
          seed,
        });
  const trial = proposals ?? shaped;
  const features = modelFeatures(trial.model);
  const x = extractFeatures(trial.model, features, learning.contacts, now);
  const currentScores = (set: typeof learning) =>
    set.contacts.map((c) => scoreContact(current, c.properties, now, c.propertiesWithHistory));
  const currentLearningScored = currentScores(learning);
  const currentLearning = currentLearningScored.map((s) => s.score);
  const fitted = fitPoints(features, x, learning.outcomes, currentLearning, {
    l2: input.l2,
    seed,
    leftOut: leaks,
  });
  const kept =
    proposals && dropUnweighted(proposals, fitted.features, shaped.model, shaped.modelText);
  const discovery = kept?.discovery;
  const fit: PointsFit = kept ? { ...fitted, features: kept.features } : fitted;
  const working = discovery ?? trial;
  const notSupported = fit.features
    .filter((f) => f.status === 'not supported by the data')
    .map((f) => f.label);

  // The fit ignores limits and caps: check them against the learnt points, move the ones
  // that would cut many candidates (suggested-limits.ts), and say so.
  const pointsOnly = writeSuggestedModel({
    sourceText: working.modelText,
    sourceName: input.modelSource,
    features: fit.features,
    header: [],
  });
  const limits = checkLimits(pointsOnly.model, learning.contacts, now);
  const moved = limits.filter((l) => l.moved);
  for (const limit of moved) {
    warn({ code: 'limit-moved', limit });
  }
  // The score range clips the totals after the limits: checked with the limits as suggested.
  const scoreRange = checkScoreRange(
    writeSuggestedModel({
      sourceText: working.modelText,
      sourceName: input.modelSource,
      features: fit.features,
      limits,
      header: [],
    }).model,
    learning.contacts,
    now,
  );
  // Learnt points spread scores differently: thresholds from the data (suggested-tiers.ts),
  // written into the model along with the discovered criteria (not with --no-discovery).
  const limited = compileModel(
    writeSuggestedModel({
      sourceText: working.modelText,
      sourceName: input.modelSource,
      features: fit.features,
      limits,
      scoreRange,
      header: [],
    }).model,
  );
  const suggestedLearningScored = learning.contacts.map((c) =>
    scoreContact(limited, c.properties, now, c.propertiesWithHistory),
  );
  const suggestedTiers = suggestTierThresholds(
    model,
    suggestedLearningScored,
    DISQUALIFIED_TIER,
    input.hotRate === undefined
      ? undefined
      : { hotRate: input.hotRate, outcomes: learning.outcomes },
  );
  const thresholds = suggestedTiers.minScores;
  const tiers = tierSuggestion(
    model,
    thresholds,
    currentLearningScored,
    suggestedLearningScored,
    learning.outcomes,
    DISQUALIFIED_TIER,
    discovery !== undefined,
    suggestedTiers.basisNote,
  );
  const tierThresholds = tiers.written ? thresholds : undefined;
  const header = (auc?: { current: number; suggested: number }) =>
    modelHeader(
      input,
      split,
      learning.outcomes,
      fit,
      notSupported,
      moved,
      discovery,
      tiers,
      shapes,
      auc,
      scoreRange,
    );
  const draft = writeSuggestedModel({
    sourceText: working.modelText,
    sourceName: input.modelSource,
    features: fit.features,
    limits,
    scoreRange,
    tierThresholds,
    header: header(),
  });
  const suggested = compileModel(draft.model);
  const reference = fitReferenceRegression(
    learning.contacts,
    learning.outcomes,
    guard,
    now,
    input.l2,
  );

  const currentHoldout = currentScores(holdout);
  // Tiers do not change scores: the learning scores above stand for the final model too.
  const suggestedLearning = suggestedLearningScored.map((s) => s.score);
  const suggestedHoldout = holdout.contacts.map((c) =>
    scoreContact(suggested, c.properties, now, c.propertiesWithHistory),
  );
  const scored = (scores: number[]) => ({ scores, outcomes: holdout.outcomes });
  const holdoutResults = {
    current: evaluate(
      scored(currentHoldout.map((s) => s.score)),
      probabilityOfScore({ scores: currentLearning, outcomes: learning.outcomes }),
      currentHoldout.map((s) => s.tier),
    ),
    suggested: evaluate(
      scored(suggestedHoldout.map((s) => s.score)),
      probabilityOfScore({ scores: suggestedLearning, outcomes: learning.outcomes }),
      suggestedHoldout.map((s) => s.tier),
    ),
    reference: evaluate(
      scored(holdout.contacts.map((c) => reference.predict(c.properties))),
      (p) => p,
    ),
  };
  const final = writeSuggestedModel({
    sourceText: working.modelText,
    sourceName: input.modelSource,
    features: fit.features,
    limits,
    scoreRange,
    tierThresholds,
    header: header({
      current: holdoutResults.current.auc,
      suggested: holdoutResults.suggested.auc,
    }),
  });

  const count = (values: readonly boolean[]) => ({
    candidates: values.length,
    withOutcome: values.filter(Boolean).length,
  });
  const report: CalibrationReport = {
    calibratedAt: new Date(input.calibratedAt).toISOString(),
    scoredAt: new Date(now).toISOString(),
    input: {
      candidates: contacts.length,
      withOutcome: outcomes.filter(Boolean).length,
      outcome: { property: input.outcome.property, values: input.outcome.values },
      model: input.modelSource,
      unreadableRows: input.unreadableRows ?? 0,
    },
    split: {
      kind: split.kind,
      description: split.description,
      seed: split.kind === 'stratified' ? seed : null,
      timeProperty: input.timeProperty ?? null,
      holdoutFrom: split.holdoutFrom ?? null,
      learning: count(learning.outcomes),
      holdout: count(holdout.outcomes),
    },
    holdout: holdoutResults,
    points: fit.features.map(pointsLine),
    limits,
    scoreRange,
    notSupported,
    scale: {
      logOddsPerPoint: fit.logOddsPerPoint,
      currentLogOddsPerPoint: fit.currentLogOddsPerPoint,
      penalty: fit.penalty.l2,
      penaltiesTried: fit.penalty.tried,
    },
    leakage: { leftOut, modelReads },
    reference: { used: reference.used, skipped: reference.skipped },
    content: scoreContent(contacts, outcomes, model, final.model, guard, input.outcome),
    discovery: discoveryReport(discovery, fit.features, input.discovery),
    touchpointShapes: shapes,
    tiers,
    warnings: notes.map(describeNote),
    notes,
  };
  return { report, suggested: final, reference };
}

function pointsLine(f: PointsFit['features'][number]): PointsLine {
  return {
    key: f.key,
    kind: f.kind,
    id: f.id,
    label: f.label,
    currentPoints: f.currentPoints,
    suggestedPoints: f.suggestedPoints,
    status: f.status,
    matches: f.matches,
    outcomesAmongMatches: f.outcomesAmongMatches,
    note: f.note ?? null,
  };
}

function modelHeader(
  input: CalibrationInput,
  split: DataSplit,
  learningOutcomes: readonly boolean[],
  fit: PointsFit,
  notSupported: readonly string[],
  movedLimits: readonly LimitCheck[],
  discovery: Discovery | undefined,
  tiers: TierSuggestion,
  shapes: readonly TouchpointShape[],
  auc?: { current: number; suggested: number },
  scoreRange?: ScoreRangeCheck,
): string[] {
  const outcome = `${input.outcome.property} = ${input.outcome.values.join(' or ')}`;
  const tierNote = discovery ? ` Tier thresholds follow the learnt scores (${tiers.basis}).` : '';
  const positives = learningOutcomes.filter(Boolean).length;
  const learned = fit.features.filter((f) => f.status === 'learned').length;
  const reshaped = shapes.some((s) => s.changed);
  const text = [
    `Calibrated by "recruitment-score calibrate" at ${new Date(input.calibratedAt).toISOString()} from ${input.modelSource}.`,
    `Learnt from ${learningOutcomes.length} of ${input.contacts.length} candidates (${positives} with ${outcome}), scored at ${new Date(input.now).toISOString()}; ${learned} of ${fit.features.length} points learnt.`,
    auc
      ? `Backtest on ${split.holdout.length} held-out candidates (${split.kind} split): ROC-AUC ${auc.current.toFixed(3)} current, ${auc.suggested.toFixed(3)} suggested.`
      : 'Backtest: see the calibration report.',
    discovery && discovery.proposed.length > 0
      ? `Discovered: ${discovery.proposed.length} criteria the data supports (of ${discovery.candidatesTried} tried${combinedNote(discovery)}), added in the fit group "Discovered" with the points they learnt.`
      : discovery
        ? "Discovered: no criterion the data supports beyond the model's own."
        : 'Discovery was off (--no-discovery).',
    `Not supported by the data (points kept): ${notSupported.length > 0 ? notSupported.join('; ') : 'none'}.`,
    ...(shapes.length > 0 ? [shapesLine(shapes)] : []),
    movedLimits.length === 0
      ? `${discovery ? `Points changed and criteria were added; limits, caps${reshaped ? '' : ' and decay'}` : 'Only points changed; limits, caps, decay and tiers'} are as they were.${tierNote} Review the report before publishing.`
      : `Points changed, and limits the learnt points would run into for more than ${CUT_SHARE * 100}% of the learning candidates (the fit assumes no limits): ${movedLimits.map(describeLimitChange).join('; ')}.${reshaped ? '' : ` Decay${discovery ? ' is' : ' and tiers are'} as they were.`}${tierNote} Review the report before publishing.`,
    ...(scoreRange?.moved
      ? [
          `The score range would tie many candidates at its bound with the learnt points: ${describeScoreRange(scoreRange)}.`,
        ]
      : []),
  ];
  return text.flatMap((paragraph) => wrap(paragraph, 96));
}

/** "Touchpoint shapes (3-fold cross-validation): Website visits: halves every 60 days (was ...)". */
function shapesLine(shapes: readonly TouchpointShape[]): string {
  const what = (s: TouchpointShape) => `${s.label} ${s.aspect === 'decay' ? 'decay' : 'quantity'}`;
  const changed = shapes.filter((s) => s.changed);
  const undecided = shapes.filter((s) => s.verdict === 'data cannot decide');
  return [
    `Touchpoint decay and quantity curves by 3-fold cross-validation: ${changed.length > 0 ? changed.map((s) => `${what(s)} now ${s.suggested} (was ${s.current})`).join('; ') : 'none changed'}.`,
    undecided.length > 0 ? `The data cannot decide (kept): ${undecided.map(what).join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** ", 3 of them combined (two conditions, of 120 pairs tried)", or nothing without pairs. */
function combinedNote(discovery: Discovery): string {
  const combined = discovery.proposed.filter((p) => p.kind === 'combined').length;
  if (discovery.combinationsTried === 0) return '';
  return `; ${combined} of them combined: two conditions, of ${discovery.combinationsTried} pairs tried`;
}
