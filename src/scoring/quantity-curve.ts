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
}

export function compileQuantity(quantity: Quantity): QuantityCurve {
  return {
    curve: quantity.curve,
    cap: (quantity.curve === 'linear' ? quantity.cap : undefined) ?? Infinity,
    ratio: quantity.curve === 'geometric' ? quantity.ratio : 0,
  };
}

/**
 * How many "occurrences' worth" of points n occurrences earn. Every curve is non-decreasing in n,
 * so more of the same touchpoint never lowers a score.
 */
export function occurrenceWeight(quantity: QuantityCurve, occurrences: number): number {
  if (!(occurrences > 0)) return 0;
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
