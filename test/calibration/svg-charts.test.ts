import { describe, expect, it } from 'vitest';
import {
  distributionChart,
  groupedBarChart,
  intervalChart,
} from '../../src/calibration/svg-charts.ts';

describe('report charts', () => {
  it('escape content names, which come from the account', () => {
    const chart = intervalChart('Content lift', [
      { label: '<script>alert(1)</script> & "guide"', value: 2, low: 1.5, high: 2.5, muted: false },
    ]);
    expect(chart).not.toContain('<script>');
    expect(chart).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;guide&quot;');
  });

  it('draw one bar per decile and model', () => {
    const chart = groupedBarChart(
      'Lift by decile',
      ['10%', '20%'],
      [
        { name: 'Current', values: [3, 1] },
        { name: 'Suggested', values: [4, 0.5] },
      ],
    );
    expect(chart.match(/<rect [^>]*><title>/g)).toHaveLength(4);
    expect(chart).toContain('Suggested, 10%: 4.00');
  });

  it('draw each outcome group as shares of its own size', () => {
    const chart = distributionChart('Scores', [
      { from: 0, to: 10, withOutcome: 1, withoutOutcome: 90 },
      { from: 10, to: 20, withOutcome: 3, withoutOutcome: 10 },
    ]);
    expect(chart).toContain('75.0% of candidates with the outcome');
    expect(chart).toContain('90.0% of candidates without the outcome');
  });
});
