/**
 * Inline SVG charts for the calibration report: no script, no external asset, readable when the
 * HTML file is mailed or opened offline.
 */

export const SERIES_COLOURS = ['#7a869a', '#0b7a75', '#c77d12'] as const;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

export interface Series {
  name: string;
  values: readonly number[];
}

/** Grouped bars: one group per category, one bar per series (lift by decile). */
export function groupedBarChart(
  title: string,
  categories: readonly string[],
  series: readonly Series[],
  options: { referenceLine?: number; yLabel?: string } = {},
): string {
  const width = 720;
  const height = 280;
  const left = 48;
  const bottom = 40;
  const top = 44;
  const plotWidth = width - left - 16;
  const plotHeight = height - top - bottom;
  const max = niceMax(Math.max(1, ...series.flatMap((s) => s.values.filter(Number.isFinite))));
  const y = (v: number) => top + plotHeight - (Math.max(0, v) / max) * plotHeight;
  const groupWidth = plotWidth / Math.max(1, categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, series.length);
  const bars = categories.flatMap((category, c) =>
    series.map((s, k) => {
      const v = s.values[c] ?? NaN;
      if (!Number.isFinite(v)) return '';
      const x = left + c * groupWidth + groupWidth * 0.1 + k * barWidth;
      return `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(top + plotHeight - y(v)).toFixed(1)}" fill="${SERIES_COLOURS[k % 3]}"><title>${escapeHtml(`${s.name}, ${category}: ${fmt(v)}`)}</title></rect>`;
    }),
  );
  const labels = categories.map(
    (category, c) =>
      `<text x="${(left + (c + 0.5) * groupWidth).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(category)}</text>`,
  );
  const line =
    options.referenceLine === undefined
      ? ''
      : `<line x1="${left}" x2="${left + plotWidth}" y1="${y(options.referenceLine)}" y2="${y(options.referenceLine)}" stroke="#333" stroke-dasharray="4 3"/>`;
  return svg(width, height, title, [
    axes(left, top, plotWidth, plotHeight, max, y, options.yLabel),
    ...bars,
    line,
    ...labels,
    legend(
      series.map((s) => s.name),
      left,
      height - 8,
    ),
  ]);
}

/** Two overlaid distributions (with and without the outcome), each as shares of its own group. */
export function distributionChart(
  title: string,
  bins: readonly { from: number; to: number; withOutcome: number; withoutOutcome: number }[],
): string {
  const width = 720;
  const height = 250;
  const left = 48;
  const top = 44;
  const bottom = 40;
  const plotWidth = width - left - 16;
  const plotHeight = height - top - bottom;
  const totalWith = bins.reduce((s, b) => s + b.withOutcome, 0) || 1;
  const totalWithout = bins.reduce((s, b) => s + b.withoutOutcome, 0) || 1;
  const shares = bins.map((b) => [b.withoutOutcome / totalWithout, b.withOutcome / totalWith]);
  const max = niceMax(Math.max(0.01, ...shares.flat()));
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const binWidth = plotWidth / Math.max(1, bins.length);
  const colours = ['#9aa5b8', '#0b7a75'];
  const bars = bins.flatMap((b, i) =>
    shares[i]!.map((share, k) => {
      const x = left + i * binWidth + (k * binWidth) / 2;
      return `<rect x="${x.toFixed(1)}" y="${y(share).toFixed(1)}" width="${(binWidth / 2 - 1).toFixed(1)}" height="${(top + plotHeight - y(share)).toFixed(1)}" fill="${colours[k]}"><title>${escapeHtml(`${fmt(b.from, 1)} to ${fmt(b.to, 1)}: ${(share * 100).toFixed(1)}% of candidates ${k === 1 ? 'with' : 'without'} the outcome`)}</title></rect>`;
    }),
  );
  const ticks = bins
    .filter((_, i) => i % Math.ceil(bins.length / 8) === 0)
    .map((b) => {
      const i = bins.indexOf(b);
      return `<text x="${(left + i * binWidth).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${fmt(b.from, 0)}</text>`;
    });
  return svg(width, height, title, [
    axes(left, top, plotWidth, plotHeight, max, y, 'share', (v) => `${Math.round(v * 100)}%`),
    ...bars,
    ...ticks,
    legend(['without the outcome', 'with the outcome'], left, height - 8, colours),
  ]);
}

export interface IntervalRow {
  label: string;
  value: number;
  low: number;
  high: number;
  muted: boolean;
}

/** A dot with a whisker per row (content lift with its 95% interval), and a line at 1. */
export function intervalChart(title: string, rows: readonly IntervalRow[], reference = 1): string {
  const width = 720;
  const rowHeight = 18;
  const left = 300;
  const top = 28;
  const plotWidth = width - left - 24;
  const height = top + rows.length * rowHeight + 30;
  const max = niceMax(
    Math.max(reference * 1.5, ...rows.map((r) => r.high).filter(Number.isFinite)),
  );
  const x = (v: number) => left + (Math.max(0, Math.min(v, max)) / max) * plotWidth;
  const marks = rows.map((r, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    const colour = r.muted ? '#a0a7b4' : '#0b7a75';
    const label = r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label;
    return [
      `<text x="${left - 8}" y="${cy + 4}" text-anchor="end"${r.muted ? ' fill="#7a869a"' : ''}>${escapeHtml(label)}</text>`,
      `<line x1="${x(r.low).toFixed(1)}" x2="${x(r.high).toFixed(1)}" y1="${cy}" y2="${cy}" stroke="${colour}" stroke-width="2"/>`,
      `<circle cx="${x(r.value).toFixed(1)}" cy="${cy}" r="4" fill="${colour}"><title>${escapeHtml(`${r.label}: lift ${fmt(r.value)} (${fmt(r.low)} to ${fmt(r.high)})`)}</title></circle>`,
    ].join('');
  });
  const bottomY = top + rows.length * rowHeight;
  const ticks = niceTicks(max).map(
    (v) =>
      `<text x="${x(v).toFixed(1)}" y="${bottomY + 16}" text-anchor="middle">${fmt(v, 1)}</text>`,
  );
  return svg(width, height, title, [
    `<line x1="${x(reference)}" x2="${x(reference)}" y1="${top}" y2="${bottomY}" stroke="#333" stroke-dasharray="4 3"/>`,
    ...marks,
    ...ticks,
  ]);
}

function svg(width: number, height: number, title: string, parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" font-family="system-ui, sans-serif" font-size="11"><title>${escapeHtml(title)}</title><text x="8" y="16" font-size="13" font-weight="600">${escapeHtml(title)}</text>${parts.join('')}</svg>`;
}

function axes(
  left: number,
  top: number,
  width: number,
  height: number,
  max: number,
  y: (v: number) => number,
  label = '',
  format: (v: number) => string = (v) => String(v),
): string {
  const ticks = niceTicks(max).map((v) => {
    return `<line x1="${left}" x2="${left + width}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e6eb"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${format(v)}</text>`;
  });
  return `${ticks.join('')}<line x1="${left}" x2="${left}" y1="${top}" y2="${top + height}" stroke="#333"/><text x="${left - 6}" y="${top - 14}" text-anchor="end" fill="#555">${escapeHtml(label)}</text>`;
}

function legend(
  names: readonly string[],
  x: number,
  y: number,
  colours: readonly string[] = SERIES_COLOURS,
): string {
  let at = x;
  return names
    .map((name, k) => {
      const item = `<rect x="${at}" y="${y - 9}" width="10" height="10" fill="${colours[k % colours.length]}"/><text x="${at + 14}" y="${y}">${escapeHtml(name)}</text>`;
      at += 24 + name.length * 6.5;
      return item;
    })
    .join('');
}

/** An axis maximum at a round step above `value`, with 3 to 6 steps. */
function niceMax(value: number): number {
  return niceTicks(value).at(-1)!;
}

function niceTicks(value: number): number[] {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10]
    .map((f) => f * magnitude)
    .find((candidate) => value / candidate <= 6)!;
  const count = Math.max(1, Math.ceil(value / step - 1e-9));
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1e9) / 1e9);
}
