import type { Decay, Quantity, ScoringModel, Touchpoint } from '../model/index.ts';
import { describeDecayRule } from '../scoring/decay.ts';
import { describeQuantity } from '../scoring/quantity-curve.ts';
import type { CalibrationContact } from './calibrate.ts';
import { SUPPORT } from './fit-points.ts';
import { DEFAULT_L2, fitLogistic } from './logistic-regression.ts';
import { extractFeatures, modelFeatures } from './model-features.ts';
import { seededRandom } from './random.ts';

/**
 * The shape of each touchpoint, chosen by cross-validation before its points are learnt:
 * - its decay: a half-life from a small grid (7 to 365 days) or the current rule, where the
 *   touchpoint has dates (a last activity, or a history whose every value has its own date);
 * - for a count, its quantity curve: each occurrence alike, capped at a typical count, diminishing
 *   (logarithmic) or saturating (geometric), or the current curve.
 * Every shape is scored by its 3-fold held-out log-likelihood on the learning candidates: the
 * model's other criteria and touchpoints stay as one fold's fit of them made them (an offset),
 * and only this touchpoint's points and the intercept are refitted with each shape. A shape
 * replaces the current one only when its gain is clear (more than three times its standard error,
 * candidate by candidate); otherwise the data cannot decide and the model keeps what it has.
 */
export const HALF_LIFE_GRID_DAYS = [7, 14, 30, 60, 120, 365] as const;
const FOLDS = 3;
/**
 * Shapes are chosen on at most this many learning candidates (a seeded random sample): each
 * shape tried runs the scoring engine over all of them, and 12,000 already tell a 30-day
 * half-life from a 60-day one; the points are then learnt on every learning candidate.
 */
export const MAX_SHAPE_CANDIDATES = 12_000;
/** A new shape must beat the current one by this many standard errors of the gain. */
const CLEAR_GAIN = 3;

export type ShapeAspect = 'decay' | 'quantity';
export type ShapeVerdict =
  'changed' | 'current is best' | 'data cannot decide' | 'too few candidates' | 'no dates';

export interface TouchpointShape {
  /** Touchpoint id and label. */
  touchpoint: string;
  label: string;
  aspect: ShapeAspect;
  /** In words: "halves every 14 days", "diminishing returns (log2(1 + n))". */
  current: string;
  suggested: string;
  changed: boolean;
  verdict: ShapeVerdict;
  /** The suggested half-life in days (decay), null when the rule is not a half-life. */
  halfLifeDays: number | null;
  /** Mean held-out log-likelihood per candidate of each shape tried (none when not tried). */
  tried: { shape: string; logLikelihood: number }[];
  /** Held-out log-likelihood per candidate of the best shape over the current one, and its standard error. */
  gain: number;
  gainError: number;
}

export interface ShapeChoice {
  index: number;
  decay?: Decay | undefined;
  quantity?: Quantity | undefined;
}

export interface TouchpointShapes {
  /** The model with the chosen shapes (the input model when none changed). */
  model: ScoringModel;
  shapes: TouchpointShape[];
  /** The touchpoints whose shape changed, to write into the model file. */
  changes: ShapeChoice[];
}

export interface ShapeInput {
  contacts: readonly CalibrationContact[];
  outcomes: readonly boolean[];
  model: ScoringModel;
  now: number;
  seed: number;
  /** Properties left out by the leakage guard: a touchpoint reading one keeps its shape. */
  leftOut: ReadonlySet<string>;
}

interface Option {
  shape: string;
  decay: Decay | undefined;
  quantity: Quantity;
}

export function chooseTouchpointShapes(input: ShapeInput): TouchpointShapes {
  const { model, now } = input;
  const { contacts, outcomes } = sample(input.contacts, input.outcomes, input.seed);
  const n = contacts.length;
  const y = Uint8Array.from(outcomes, Number);
  const features = modelFeatures(model);
  const p = features.length;
  const inactivity = new Float64Array(n).fill(1);
  const x = extractFeatures(model, features, contacts, now, inactivity);
  const fold = stratifiedFolds(y, input.seed);
  const folds: Fold[] = Array.from({ length: FOLDS }, (_, k) => {
    const heldIn = rowsWhere(fold, (f) => f !== k);
    return { k, heldIn, y: pick(y, heldIn) };
  });
  // One fit of the whole model per fold: what every other feature contributes stays fixed.
  const bases = folds.map(({ heldIn, y: heldInY }) => {
    const fit = fitLogistic({ ...design(x, p, heldIn, range(p)), y: heldInY, l2: DEFAULT_L2 });
    const eta = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += fit.coefficients[j]! * x[i * p + j]!;
      eta[i] = e;
    }
    return { coefficients: fit.coefficients, eta };
  });

  const shaped = structuredClone(model);
  const shapes: TouchpointShape[] = [];
  const changes: ShapeChoice[] = [];
  model.engagement.touchpoints.forEach((original, index) => {
    const columns = features.flatMap((f, j) => (f.id === original.id ? [j] : []));
    if (columns.length === 0) return;
    if (original.count === undefined && original.lastActivity === undefined && !original.history)
      return;
    const reads = [
      original.count,
      original.contentName,
      ...(original.history ?? []),
      ...(original.lastActivity ?? []),
    ];
    if (reads.some((property) => property !== undefined && input.leftOut.has(property))) return;
    // Offsets without this touchpoint's own part, per fold.
    const offsets = bases.map(({ coefficients, eta }) => {
      const offset = Float64Array.from(eta);
      for (let i = 0; i < n; i++) {
        for (const j of columns) offset[i]! -= coefficients[j]! * x[i * p + j]!;
      }
      return offset;
    });
    // Each fold's fit of the previous shape starts the next one: the shapes are close.
    const previous: (Start | undefined)[] = folds.map(() => undefined);
    const evaluate = (option: Option): Float64Array => {
      const single = singleTouchpointModel(shaped, { ...shaped.engagement.touchpoints[index]! });
      const tp = single.engagement.touchpoints[0]!;
      tp.decay = option.decay;
      tp.quantity = option.quantity;
      const own = modelFeatures(single);
      const z = extractFeatures(single, own, contacts, now);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < own.length; c++) z[i * own.length + c]! *= inactivity[i]!;
      }
      return heldOutLogLikelihood(z, own.length, y, folds, fold, offsets, previous);
    };
    const aspects: ShapeAspect[] = [];
    if (decayCanChange(original)) aspects.push('decay');
    if (original.count !== undefined) aspects.push('quantity');
    for (const aspect of aspects) {
      const present = shaped.engagement.touchpoints[index]!;
      const currentOption: Option = {
        shape: describe(aspect, present),
        decay: present.decay,
        quantity: present.quantity,
      };
      const options =
        aspect === 'decay'
          ? decayOptions(present).map((decay) => ({
              shape: decay ? describeDecayRule(decay) : 'no decay',
              decay,
              quantity: present.quantity,
            }))
          : quantityOptions(present, counts(contacts, present.count!)).map((quantity) => ({
              shape: describeQuantity(quantity),
              decay: present.decay,
              quantity,
            }));
      const base: TouchpointShape = {
        touchpoint: original.id,
        label: original.label,
        aspect,
        current: currentOption.shape,
        suggested: currentOption.shape,
        changed: false,
        verdict: 'current is best',
        halfLifeDays: halfLifeOf(present.decay),
        tried: [],
        gain: 0,
        gainError: 0,
      };
      const support = supportOf(x, p, columns, y);
      if (support.matches < SUPPORT.minMatches || support.hits < SUPPORT.minOutcomes) {
        shapes.push({ ...base, verdict: 'too few candidates' });
        continue;
      }
      const scored = [currentOption, ...options.filter((o) => o.shape !== currentOption.shape)].map(
        (option) => ({ option, ll: evaluate(option) }),
      );
      const tried = scored.map(({ option, ll }) => ({
        shape: option.shape,
        logLikelihood: mean(ll),
      }));
      if (aspect === 'decay' && scored.every((s) => sameLoss(s.ll, scored[0]!.ll))) {
        shapes.push({ ...base, verdict: 'no dates', tried });
        continue;
      }
      const best = scored.reduce((a, b) => (mean(b.ll) > mean(a.ll) ? b : a));
      const { gain, error } = pairedGain(best.ll, scored[0]!.ll);
      const result = { ...base, tried, gain, gainError: error };
      if (best === scored[0]) {
        shapes.push(result);
        continue;
      }
      if (!(gain > CLEAR_GAIN * error)) {
        shapes.push({ ...result, verdict: 'data cannot decide' });
        continue;
      }
      const tp = shaped.engagement.touchpoints[index]!;
      if (aspect === 'decay') tp.decay = best.option.decay;
      else tp.quantity = best.option.quantity;
      const change = changes.find((c) => c.index === index) ?? { index };
      if (!changes.includes(change)) changes.push(change);
      if (aspect === 'decay') change.decay = best.option.decay;
      else change.quantity = best.option.quantity;
      shapes.push({
        ...result,
        suggested: best.option.shape,
        changed: true,
        verdict: 'changed',
        halfLifeDays: halfLifeOf(tp.decay),
      });
    }
  });
  return { model: changes.length > 0 ? shaped : model, shapes, changes };
}

/** Decay may not raise a score: only touchpoints without negative points can decay. */
function decayCanChange(t: Touchpoint): boolean {
  if (t.lastActivity === undefined && !t.history) return false;
  const points = [
    t.points ?? 0,
    t.otherContentPoints ?? 0,
    ...(t.content ?? []).map((c) => c.points),
  ];
  return points.every((v) => v >= 0);
}

function decayOptions(t: Touchpoint): (Decay | undefined)[] {
  const options: (Decay | undefined)[] = [t.decay];
  for (const days of HALF_LIFE_GRID_DAYS) options.push({ halfLifeDays: days });
  return options;
}

/**
 * Curves worth trying for a count: each alike, capped where a quarter, half or a tenth of the
 * candidates with the count stop (its steps), diminishing, and saturating at two speeds, one
 * of them halfway at the typical count (so seconds and visits both get a sensible one).
 */
function quantityOptions(t: Touchpoint, values: number[]): Quantity[] {
  const options: Quantity[] = [t.quantity, { curve: 'linear' }, { curve: 'logarithmic' }];
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  for (const q of [0.5, 0.75, 0.9]) {
    const cap = at(q);
    if (cap !== undefined && cap > 0) options.push({ curve: 'linear', cap: nice(cap) });
  }
  options.push({ curve: 'geometric', ratio: 0.5 }, { curve: 'geometric', ratio: 0.8 });
  const typical = at(0.5);
  if (typical !== undefined && typical > 2) {
    const ratio = Number((0.5 ** (1 / typical)).toPrecision(4));
    if (ratio > 0 && ratio < 1) options.push({ curve: 'geometric', ratio });
  }
  const seen = new Set<string>();
  return options.filter((o) => {
    const key = JSON.stringify(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(aspect: ShapeAspect, t: Touchpoint): string {
  if (aspect === 'quantity') return describeQuantity(t.quantity);
  return t.decay ? describeDecayRule(t.decay) : 'no decay';
}

function halfLifeOf(decay: Decay | undefined): number | null {
  return decay && 'halfLifeDays' in decay ? decay.halfLifeDays : null;
}

/** The model reduced to one touchpoint: no criteria, caps or inactivity (applied outside). */
function singleTouchpointModel(model: ScoringModel, touchpoint: Touchpoint): ScoringModel {
  return {
    ...model,
    fit: { groups: [] },
    engagement: { channels: {}, touchpoints: [structuredClone(touchpoint)] },
  };
}

function counts(contacts: readonly CalibrationContact[], property: string): number[] {
  const out: number[] = [];
  for (const { properties } of contacts) {
    const value = Number(properties[property]);
    if (Number.isFinite(value) && value > 0) out.push(value);
  }
  return out;
}

/** Two significant digits: a cap of 1,480 seconds reads 1,500. */
function nice(value: number): number {
  return Number(value.toPrecision(2));
}

interface Fold {
  k: number;
  /** Rows the fold learns from, and their outcomes. */
  heldIn: number[];
  y: Uint8Array;
}

type Start = { intercept: number; coefficients: Float64Array };

function heldOutLogLikelihood(
  z: Float64Array,
  columns: number,
  y: Uint8Array,
  folds: readonly Fold[],
  fold: Uint8Array,
  offsets: readonly Float64Array[],
  previous: (Start | undefined)[],
): Float64Array {
  const n = y.length;
  const ll = new Float64Array(n);
  for (const { k, heldIn, y: heldInY } of folds) {
    const offset = offsets[k]!;
    const fit = fitLogistic({
      ...design(z, columns, heldIn, range(columns)),
      y: heldInY,
      offset: Float64Array.from(heldIn, (i) => offset[i]!),
      l2: DEFAULT_L2,
      start: previous[k],
    });
    previous[k] = fit;
    for (let i = 0; i < n; i++) {
      if (fold[i] !== k) continue;
      let e = fit.intercept + offset[i]!;
      for (let c = 0; c < columns; c++) e += fit.coefficients[c]! * z[i * columns + c]!;
      ll[i] = y[i]! * e - (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e)));
    }
  }
  return ll;
}

function pairedGain(a: Float64Array, b: Float64Array): { gain: number; error: number } {
  const n = a.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]! - b[i]!;
  const gain = sum / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (a[i]! - b[i]! - gain) ** 2;
  return { gain, error: Math.sqrt(variance / Math.max(1, n - 1) / n) };
}

function sameLoss(a: Float64Array, b: Float64Array): boolean {
  return Math.abs(mean(a) - mean(b)) < 1e-12;
}

function supportOf(x: Float64Array, p: number, columns: readonly number[], y: Uint8Array) {
  let matches = 0;
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    if (columns.some((j) => x[i * p + j]! > 0)) {
      matches++;
      hits += y[i]!;
    }
  }
  return { matches, hits };
}

function sample(
  contacts: readonly CalibrationContact[],
  outcomes: readonly boolean[],
  seed: number,
): { contacts: readonly CalibrationContact[]; outcomes: readonly boolean[] } {
  if (contacts.length <= MAX_SHAPE_CANDIDATES) return { contacts, outcomes };
  const chosen = seededRandom(seed + 1)
    .shuffle(range(contacts.length))
    .slice(0, MAX_SHAPE_CANDIDATES)
    .sort((a, b) => a - b);
  return { contacts: chosen.map((i) => contacts[i]!), outcomes: chosen.map((i) => outcomes[i]!) };
}

function stratifiedFolds(y: Uint8Array, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const fold = new Uint8Array(y.length);
  for (const outcome of [0, 1]) {
    const members = [...y.keys()].filter((i) => y[i] === outcome);
    random.shuffle(members).forEach((i, r) => (fold[i] = r % FOLDS));
  }
  return fold;
}

function design(x: Float64Array, p: number, rows: readonly number[], columns: readonly number[]) {
  const k = columns.length;
  const out = new Float64Array(rows.length * k);
  rows.forEach((i, r) => columns.forEach((j, c) => (out[r * k + c] = x[i * p + j]!)));
  return { x: out, rows: rows.length, columns: k };
}

function rowsWhere(fold: Uint8Array, test: (f: number) => boolean): number[] {
  const rows: number[] = [];
  fold.forEach((f, i) => {
    if (test(f)) rows.push(i);
  });
  return rows;
}

function pick(y: Uint8Array, rows: readonly number[]): Uint8Array {
  return Uint8Array.from(rows, (i) => y[i]!);
}

function range(k: number): number[] {
  return Array.from({ length: k }, (_, j) => j);
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length > 0 ? sum / values.length : 0;
}
