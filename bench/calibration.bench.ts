/**
 * `npm run bench:calibration`: how well calibration learns on synthetic candidates whose
 * outcomes come from a known points model (samples/calibration/true-model.yaml).
 *
 * For each sample size and seed: calibrate the shipped default model on generated candidates,
 * then score a FRESH sample (other seed, other ids) with the generating model, the suggested
 * model, the plain logistic regression and the default model, and compare ROC-AUC.
 *
 * The reference regression uses every usable column: text with many values (city, job title) by
 * its frequent values plus "other". "limits moved": group limits and caps the learnt points
 * would run into for more than 1% of the learning candidates, moved in the suggestion.
 *
 * Goals: the suggested model's AUC on the fresh sample is within 0.01 of the generating model's,
 * and never more than 0.01 below the plain logistic regression. Prints figures; exits non-zero
 * only when something crashes.
 */
import { readFile } from 'node:fs/promises';
import {
  calibrate,
  generateCandidates,
  rocAuc,
  SYNTHETIC_OUTCOME,
} from '../src/calibration/index.ts';
import { DEFAULT_MODEL_PATH, parseModel, type ScoringModel } from '../src/model/index.ts';
import { compileModel, scoreContact } from '../src/scoring/index.ts';

const NOW = Date.parse('2026-11-25T09:00:00.000Z');
const SIZES = [5_000, 20_000, 50_000];
const SEEDS = [1, 2, 3];
const FRESH = 100_000;

const trueModel = parseModel(
  await readFile(new URL('../samples/calibration/true-model.yaml', import.meta.url), 'utf8'),
  'true-model.yaml',
);
const defaultText = await readFile(DEFAULT_MODEL_PATH, 'utf8');
const defaultModel = parseModel(defaultText, DEFAULT_MODEL_PATH);
const outcome = {
  property: SYNTHETIC_OUTCOME.property,
  values: [...SYNTHETIC_OUTCOME.values] as string[],
};
const applied = (properties: Record<string, string | null>) =>
  outcome.values.includes(properties[outcome.property] ?? '');

const fresh = generateCandidates({ trueModel, count: FRESH, seed: 1_000, now: NOW, firstId: 5e6 });
const freshOutcomes = fresh.map((c) => applied(c.properties));
const aucOf = (model: ScoringModel) => {
  const compiled = compileModel(model);
  return rocAuc(
    fresh.map((c) => scoreContact(compiled, c.properties, NOW).score),
    freshOutcomes,
  );
};
const trueAuc = aucOf(trueModel);
const defaultAuc = aucOf(defaultModel);

const f3 = (v: number) => v.toFixed(3);
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
console.log(
  `Fresh sample: ${FRESH.toLocaleString('en')} candidates, ${freshOutcomes.filter(Boolean).length.toLocaleString('en')} applied.`,
);
console.log(
  `ROC-AUC of the generating model ${f3(trueAuc)}, of the shipped default ${f3(defaultAuc)}.\n`,
);
console.log(
  [
    'candidates',
    'seed',
    'applied',
    'seconds',
    'suggested',
    'vs true',
    'reference',
    'vs ref',
    'not supported',
    'limits moved',
  ]
    .map((h) => h.padStart(10))
    .join(' '),
);

let worstVsTrue = Infinity;
let worstVsReference = Infinity;
for (const size of SIZES) {
  for (const seed of SEEDS) {
    const contacts = generateCandidates({ trueModel, count: size, seed, now: NOW });
    const started = performance.now();
    const result = calibrate({
      contacts,
      outcome,
      model: defaultModel,
      modelText: defaultText,
      modelSource: 'the default model',
      now: NOW,
      calibratedAt: NOW,
      seed,
    });
    const seconds = (performance.now() - started) / 1000;
    const suggestedAuc = aucOf(result.suggested.model);
    const referenceAuc = rocAuc(
      fresh.map((c) => result.reference.predict(c.properties)),
      freshOutcomes,
    );
    worstVsTrue = Math.min(worstVsTrue, suggestedAuc - trueAuc);
    worstVsReference = Math.min(worstVsReference, suggestedAuc - referenceAuc);
    console.log(
      [
        size.toLocaleString('en'),
        String(seed),
        String(result.report.input.withOutcome),
        seconds.toFixed(1),
        f3(suggestedAuc),
        signed(suggestedAuc - trueAuc),
        f3(referenceAuc),
        signed(suggestedAuc - referenceAuc),
        String(result.report.notSupported.length),
        String(result.report.limits.filter((l) => l.moved).length),
      ]
        .map((cell) => cell.padStart(10))
        .join(' '),
    );
  }
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
console.log(
  `\nGoal, suggested within 0.01 of the generating model: worst ${signed(worstVsTrue)} (${verdict(worstVsTrue >= -0.01)}).`,
);
console.log(
  `Goal, suggested never more than 0.01 below the plain regression: worst ${signed(worstVsReference)} (${verdict(worstVsReference >= -0.01)}).`,
);
