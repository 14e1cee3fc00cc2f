/**
 * The real-data rows of `npm run bench:calibration`: for each public data set, learn on 70% of
 * the candidates and score the 30% never seen (fixed seed) with
 * - the hand model (bench/data/*-hand-model.yaml, as an admin would write it),
 * - the suggested model (`calibrate` with discovery, from the hand model, on the 70% only),
 *   and the same without combined criteria ("no pairs": single-property criteria only),
 * - the plain logistic regression on every usable column (the reference of the report),
 * - the gradient-boosting reference (bench/calibration-boosting.ts),
 * and print held-out ROC-AUC, PR-AUC and the lift in the top decile.
 */
import { readFileSync } from 'node:fs';
import { calibrate, prAuc, rocAuc, topShare } from '../src/calibration/index.ts';
import { fitReferenceRegression } from '../src/calibration/reference-regression.ts';
import { leakageGuard } from '../src/calibration/leakage-guard.ts';
import { outcomeTest } from '../src/calibration/outcome.ts';
import { parseModel } from '../src/model/index.ts';
import { compileModel, scoreContact } from '../src/scoring/index.ts';
import { fitBoostedTrees } from './calibration-boosting.ts';
import { benchSplit, isAvailable, readDataSet, type RealDataSet } from './calibration-datasets.ts';

export interface RealRow {
  name: string;
  auc: number;
  prAuc: number;
  topDecileLift: number;
  seconds: number;
}

export interface RealResult {
  set: RealDataSet;
  candidates: number;
  positives: number;
  rows: RealRow[];
  proposed: string[];
  report: ReturnType<typeof calibrate>['report'];
}

const NOW = Date.parse('2026-11-25T09:00:00.000Z');

/**
 * The split seeds of the real-data rows: 1 (the bench's standard) unless `--seeds=1,2,3` names
 * others. A seed that is not a whole number above 0 is refused, not skipped: a typo must not
 * leave a seed unmeasured without a word.
 */
export function realSeeds(argv: readonly string[]): number[] {
  const argument = argv.find((a) => a.startsWith('--seeds='));
  if (argument === undefined) return [1];
  const seeds = argument.slice('--seeds='.length).split(',');
  for (const seed of seeds) {
    if (!/^[1-9]\d*$/.test(seed.trim())) {
      throw new Error(`--seeds: "${seed}" is not a whole number above 0 (e.g. --seeds=1,2,3)`);
    }
  }
  return seeds.map((seed) => Number(seed.trim()));
}

export function runRealDataSet(
  set: RealDataSet,
  seed = 1,
  options: Pick<Parameters<typeof calibrate>[0], 'touchpointShapes'> = {},
): RealResult | undefined {
  if (!isAvailable(set)) return undefined;
  const contacts = readDataSet(set);
  const isOutcome = outcomeTest(set.outcome);
  const outcomes = contacts.map((c) => isOutcome(c.properties));
  const split = benchSplit(contacts, outcomes, seed);
  const modelText = readFileSync(set.handModel, 'utf8');
  const hand = parseModel(modelText, set.handModel.pathname);
  const rows: RealRow[] = [];
  const measure = (name: string, started: number, scores: number[]) => {
    rows.push({
      name,
      auc: rocAuc(scores, split.unseenOutcomes),
      prAuc: prAuc(scores, split.unseenOutcomes),
      topDecileLift: topShare(scores, split.unseenOutcomes, 0.1).lift,
      seconds: (performance.now() - started) / 1000,
    });
  };
  const scoresOf = (model: typeof hand) => {
    const compiled = compileModel(model);
    return split.unseen.map((c) => scoreContact(compiled, c.properties, NOW).score);
  };

  let started = performance.now();
  measure('hand model', started, scoresOf(hand));

  // The same calibration with and without combined criteria (pairs of two conditions).
  const calibrateHand = (extra: Partial<Parameters<typeof calibrate>[0]> = {}) =>
    calibrate({
      contacts: split.learning,
      outcome: set.outcome,
      model: hand,
      modelText,
      modelSource: set.handModel.pathname,
      now: NOW,
      calibratedAt: NOW,
      seed,
      ...extra,
      ...options,
    });
  started = performance.now();
  const calibration = calibrateHand();
  measure('suggested', started, scoresOf(calibration.suggested.model));

  started = performance.now();
  const additive = calibrateHand({ discovery: { combinations: false } });
  measure('suggested, no pairs', started, scoresOf(additive.suggested.model));

  started = performance.now();
  const guard = leakageGuard({ model: hand, outcomeProperty: set.outcome.property, excluded: [] });
  const regression = fitReferenceRegression(split.learning, split.learningOutcomes, guard, NOW);
  measure(
    'logistic regression',
    started,
    split.unseen.map((c) => regression.predict(c.properties)),
  );

  started = performance.now();
  const trees = fitBoostedTrees(split.learning, split.learningOutcomes, {
    ignore: [set.outcome.property],
  });
  measure(
    'gradient boosting',
    started,
    split.unseen.map((c) => trees.predict(c.properties)),
  );

  return {
    set,
    candidates: contacts.length,
    positives: outcomes.filter(Boolean).length,
    rows,
    proposed: calibration.report.discovery.proposed.map((p) => `${p.label} (${p.points})`),
    report: calibration.report,
  };
}

export function printRealResult(result: RealResult): void {
  const f3 = (v: number) => v.toFixed(3);
  console.log(
    `\n${result.set.title}: ${result.candidates.toLocaleString('en')} candidates, ${result.positives.toLocaleString('en')} with ${result.set.outcome.property} = ${result.set.outcome.values.join(' or ')}; learnt on 70%, scored on the 30% never seen.`,
  );
  console.log(
    ['model', 'ROC-AUC', 'PR-AUC', 'top-10% lift', 'seconds'].map((h) => h.padStart(20)).join(''),
  );
  for (const row of result.rows) {
    console.log(
      [row.name, f3(row.auc), f3(row.prAuc), row.topDecileLift.toFixed(2), row.seconds.toFixed(1)]
        .map((cell) => cell.padStart(20))
        .join(''),
    );
  }
  const auc = (name: string) => result.rows.find((r) => r.name === name)!.auc;
  const suggested = auc('suggested');
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const vsRegression = suggested - auc('logistic regression');
  const vsBoosting = suggested - auc('gradient boosting');
  console.log(
    `Goal, suggested >= regression - 0.01: ${signed(vsRegression)} (${verdict(vsRegression >= -0.01)}); within 0.01 of gradient boosting: ${signed(vsBoosting)} (${verdict(vsBoosting >= -0.01)}).`,
  );
  console.log(`Discovered (${result.proposed.length}): ${result.proposed.join('; ') || 'none'}`);
  const shapes = result.report.touchpointShapes;
  const changed = shapes.filter((s) => s.changed);
  console.log(
    `Touchpoint shapes (${shapes.length} tried): ${changed.map((s) => `${s.label} ${s.aspect} ${s.current} -> ${s.suggested}`).join('; ') || 'none changed'}; ${shapes
      .filter((s) => !s.changed)
      .map((s) => `${s.label} ${s.aspect}: ${s.verdict}`)
      .join('; ')}`,
  );
}
