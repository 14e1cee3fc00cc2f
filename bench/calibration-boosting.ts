/**
 * A REFERENCE FOR THE BENCH, NOT USED BY THE APP: small gradient-boosted trees, to tell how much
 * a flexible learner finds in the same columns that the suggested points model misses. No
 * gradient-boosting package is installed here (checked node_modules), so this is written out:
 *
 * - logistic loss; each round fits one regression tree to the gradient, leaves by one Newton
 *   step (sum of gradients / sum of hessians, with L2 `lambda`), scaled by `shrinkage`;
 * - trees of depth `depth` on histogram bins (at most `bins` quantile cuts a number), a fixed
 *   number of `rounds` (no early stopping: nothing is tuned on the unseen 30%);
 * - numbers as they are, "missing" as its own bin below every value; text by its smoothed
 *   outcome rate on the learning candidates (ordered target encoding, as CatBoost and LightGBM
 *   treat categories), rare values merged into "other", "not given" its own value.
 *
 * It reads the same contacts the suggested model learns from (identifiers and protected
 * attributes already dropped by the bench's data reader, leaky fields too).
 */
import type { ContactProperties } from '../src/scoring/index.ts';

export interface BoostingOptions {
  rounds?: number;
  depth?: number;
  shrinkage?: number;
  bins?: number;
  minLeaf?: number;
  lambda?: number;
  /** Properties never read (the outcome itself). */
  ignore?: readonly string[];
}

export interface BoostedTrees {
  predict(properties: ContactProperties): number;
}

type Column =
  | { property: string; kind: 'number' }
  | { property: string; kind: 'text'; rate: Map<string, number>; other: number };

interface Node {
  feature: number;
  /** Bin index: bins <= cut go left. */
  cut: number;
  left: Node | number;
  right: Node | number;
}

const MISSING = -Infinity;
const SMOOTHING = 20;
const MIN_VALUE_COUNT = 10;

export function fitBoostedTrees(
  contacts: readonly { properties: ContactProperties }[],
  outcomes: readonly boolean[],
  options: BoostingOptions = {},
): BoostedTrees {
  const {
    rounds = 300,
    depth = 4,
    shrinkage = 0.05,
    bins = 64,
    minLeaf = 20,
    lambda = 1,
  } = options;
  const columns = columnsOf(contacts, outcomes, new Set(options.ignore ?? []));
  const raw = columns.map((column) => contacts.map((c) => valueOf(column, c.properties)));
  const cuts = raw.map((values) => quantileCuts(values, bins));
  const binned = raw.map((values, f) => Uint8Array.from(values, (v) => binOf(cuts[f]!, v)));
  const n = contacts.length;
  const base = Math.log(
    Math.max(1, outcomes.filter(Boolean).length) / Math.max(1, outcomes.filter((o) => !o).length),
  );
  const margin = new Float64Array(n).fill(base);
  const trees: Node[] = [];
  for (let round = 0; round < rounds; round++) {
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]!));
      gradient[i] = p - (outcomes[i] ? 1 : 0);
      hessian[i] = Math.max(p * (1 - p), 1e-6);
    }
    const all = Array.from({ length: n }, (_, i) => i);
    const grow = (rows: number[], level: number): Node | number => {
      const leaf = () => {
        let g = 0;
        let h = 0;
        for (const i of rows) {
          g += gradient[i]!;
          h += hessian[i]!;
        }
        return (-g / (h + lambda)) * shrinkage;
      };
      if (level === depth || rows.length < 2 * minLeaf) return leaf();
      const best = bestSplit(rows, binned, cuts, gradient, hessian, minLeaf, lambda);
      if (!best) return leaf();
      const column = binned[best.feature]!;
      const left = rows.filter((i) => column[i]! <= best.cut);
      const right = rows.filter((i) => column[i]! > best.cut);
      return {
        feature: best.feature,
        cut: best.cut,
        left: grow(left, level + 1),
        right: grow(right, level + 1),
      };
    };
    const tree = grow(all, 0);
    if (typeof tree === 'number') break;
    trees.push(tree);
    for (let i = 0; i < n; i++) margin[i]! += walk(tree, (f) => binned[f]![i]!);
  }
  return {
    predict(properties) {
      const row = columns.map((column, f) => binOf(cuts[f]!, valueOf(column, properties)));
      let m = base;
      for (const tree of trees) m += walk(tree, (f) => row[f]!);
      return 1 / (1 + Math.exp(-m));
    },
  };
}

function walk(node: Node | number, binAt: (feature: number) => number): number {
  while (typeof node !== 'number') node = binAt(node.feature) <= node.cut ? node.left : node.right;
  return node;
}

function bestSplit(
  rows: readonly number[],
  binned: readonly Uint8Array[],
  cuts: readonly number[][],
  gradient: Float64Array,
  hessian: Float64Array,
  minLeaf: number,
  lambda: number,
): { feature: number; cut: number } | undefined {
  let best: { feature: number; cut: number; gain: number } | undefined;
  let gTotal = 0;
  let hTotal = 0;
  for (const i of rows) {
    gTotal += gradient[i]!;
    hTotal += hessian[i]!;
  }
  const parent = (gTotal * gTotal) / (hTotal + lambda);
  binned.forEach((column, feature) => {
    const width = cuts[feature]!.length + 2;
    const g = new Float64Array(width);
    const h = new Float64Array(width);
    const count = new Uint32Array(width);
    for (const i of rows) {
      const b = column[i]!;
      g[b]! += gradient[i]!;
      h[b]! += hessian[i]!;
      count[b]!++;
    }
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < width - 1; b++) {
      gl += g[b]!;
      hl += h[b]!;
      nl += count[b]!;
      const nr = rows.length - nl;
      if (nl < minLeaf || nr < minLeaf) continue;
      const gr = gTotal - gl;
      const hr = hTotal - hl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature, cut: b, gain };
    }
  });
  return best;
}

/** Bin 0 is "missing"; bin k + 1 holds values up to cuts[k]; the last bin the rest. */
function binOf(cuts: readonly number[], value: number): number {
  if (value === MISSING) return 0;
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= cuts[mid]!) high = mid;
    else low = mid + 1;
  }
  return low + 1;
}

function quantileCuts(values: readonly number[], bins: number): number[] {
  const known = values.filter((v) => v !== MISSING).sort((a, b) => a - b);
  const cuts = new Set<number>();
  for (let k = 1; k < bins; k++) {
    const v = known[Math.floor((k * known.length) / bins)];
    if (v !== undefined) cuts.add(v);
  }
  return [...cuts].sort((a, b) => a - b).slice(0, 250);
}

function valueOf(column: Column, properties: ContactProperties): number {
  const text = textOf(properties[column.property]);
  if (column.kind === 'number') {
    const value = text === undefined ? NaN : Number(text);
    return Number.isFinite(value) ? value : MISSING;
  }
  const key = text ?? '(not given)';
  return column.rate.get(key) ?? column.other;
}

function columnsOf(
  contacts: readonly { properties: ContactProperties }[],
  outcomes: readonly boolean[],
  ignore: ReadonlySet<string>,
): Column[] {
  const names = new Set<string>();
  for (const { properties } of contacts)
    for (const name in properties) if (!ignore.has(name)) names.add(name);
  const rateAll = outcomes.filter(Boolean).length / Math.max(1, outcomes.length);
  const columns: Column[] = [];
  for (const property of [...names].sort()) {
    const texts = contacts.map((c) => textOf(c.properties[property]));
    const known = texts.filter((t): t is string => t !== undefined);
    if (known.length === 0) continue;
    if (known.filter((t) => Number.isFinite(Number(t))).length >= known.length * 0.95) {
      columns.push({ property, kind: 'number' });
      continue;
    }
    const tally = new Map<string, { n: number; y: number }>();
    texts.forEach((t, i) => {
      const key = t ?? '(not given)';
      const entry = tally.get(key) ?? { n: 0, y: 0 };
      entry.n++;
      if (outcomes[i]) entry.y++;
      tally.set(key, entry);
    });
    const rate = new Map<string, number>();
    let other = { n: 0, y: 0 };
    for (const [key, { n, y }] of tally) {
      if (n >= MIN_VALUE_COUNT) rate.set(key, (y + SMOOTHING * rateAll) / (n + SMOOTHING));
      else other = { n: other.n + n, y: other.y + y };
    }
    columns.push({
      property,
      kind: 'text',
      rate,
      other: (other.y + SMOOTHING * rateAll) / (other.n + SMOOTHING),
    });
  }
  return columns;
}

function textOf(value: ContactProperties[string]): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : String(value);
}
