import type { Quantity } from '../model/model-schema.ts';

/**
 * A quantity curve in one shape whatever the curve (cap Infinity when none, ratio 0 when not
 * geometric): the engine reads it for every touchpoint of every contact, and objects of one
 * shape are what V8 reads fastest.
 */
export interface QuantityCurve {
  curve: Quantity['curve'];
  cap: number;
  ratio: number;
  /** The weights of 0..TABLED whole occurrences, worked out once (log2 and ** are not cheap). */
  table: Float64Array;
}

const TABLED = 64;

export function compileQuantity(quantity: Quantity): QuantityCurve {
  const curve: QuantityCurve = {
    curve: quantity.curve,
    cap: (quantity.curve === 'linear' ? quantity.cap : undefined) ?? Infinity,
    ratio: quantity.curve === 'geometric' ? quantity.ratio : 0,
    table: new Float64Array(TABLED + 1),
  };
  for (let n = 1; n <= TABLED; n++) curve.table[n] = curveWeight(curve, n);
  return curve;
}

/**
 * How many "occurrences' worth" of points n occurrences earn. Every curve is non-decreasing in n,
 * so more of the same touchpoint never lowers a score.
 */
export function occurrenceWeight(quantity: QuantityCurve, occurrences: number): number {
  if (!(occurrences > 0)) return 0;
  if (occurrences <= TABLED && (occurrences | 0) === occurrences) {
    return quantity.table[occurrences]!;
  }
  return curveWeight(quantity, occurrences);
}

function curveWeight(quantity: QuantityCurve, occurrences: number): number {
  switch (quantity.curve) {
    case 'linear':
      return occurrences < quantity.cap ? occurrences : quantity.cap;
    case 'logarithmic':
      return Math.log2(1 + occurrences);
    case 'geometric':
      // 1 + r + r^2 + ... for n terms; fractional counts interpolate smoothly.
      return (1 - quantity.ratio ** occurrences) / (1 - quantity.ratio);
  }
}

export function describeQuantity(quantity: Quantity): string {
  switch (quantity.curve) {
    case 'linear':
      return quantity.cap === undefined ? 'each counts' : `each counts, up to ${quantity.cap}`;
    case 'logarithmic':
      return 'diminishing returns (log2(1 + n))';
    case 'geometric':
      return `each next one counts ${formatPercent(quantity.ratio)} of the one before`;
  }
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
