import type { CalibrationReport } from './calibration-report.ts';
import { discoveryHtml, tierSuggestionHtml, touchpointShapesHtml } from './discovery-html.ts';
import type { ModelEvaluation } from './evaluation.ts';
import { CUT_SHARE } from './suggested-limits.ts';
import {
  distributionChart,
  escapeHtml as e,
  groupedBarChart,
  intervalChart,
} from './svg-charts.ts';

/**
 * The calibration report as one self-contained HTML file (inline CSS and SVG, no script, no
 * external asset): what a recruiter or admin reads before publishing the suggested model.
 */
export function reportHtml(report: CalibrationReport): string {
  const { holdout } = report;
  const models: [string, ModelEvaluation][] = [
    ['Current model', holdout.current],
    ['Suggested model', holdout.suggested],
    ['Plain logistic regression (reference)', holdout.reference],
  ];
  const outcome = `${report.input.outcome.property} = ${report.input.outcome.values.join(' or ')}`;
  const deciles = holdout.current.calibration.map((b) => `${b.band * 10}%`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calibration report</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:62rem;color:#1d2330;line-height:1.45;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #e3e6eb;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f4f6f8}.warn{background:#fff6e0;border-left:4px solid #c77d12;padding:.5rem 1rem}
.muted{color:#7a869a}.up{color:#0b7a75}.down{color:#b3261e}svg{max-width:100%;height:auto;display:block;margin:.5rem 0 1rem}
</style></head><body>
<h1>Calibration report</h1>
<p>Model <b>${e(report.input.model)}</b>, calibrated at ${e(report.calibratedAt)} on ${report.input.candidates} candidates
(${report.input.withOutcome} with ${e(outcome)}); scores computed at ${e(report.scoredAt)}.<br>
Backtest: ${e(report.split.description)}. Learnt from ${report.split.learning.candidates} candidates
(${report.split.learning.withOutcome} with the outcome), tested on ${report.split.holdout.candidates} (${report.split.holdout.withOutcome}).</p>
${report.warnings.length > 0 ? `<div class="warn"><b>Read first</b><ul>${report.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></div>` : ''}
<p class="muted">Scores are computed at one moment from the properties as they are now. Activity that
followed the outcome (interviews booked, replies to a recruiter after applying) makes candidates
with the outcome look more engaged than they were before it: leave such properties out with
--exclude, or calibrate on an export taken when the outcomes were recorded.</p>
<h2>Held-out results</h2>
${metricsTable(models)}
${groupedBarChart(
  'Lift by decile (held-out candidates, highest scores first)',
  deciles,
  models.map(([name, m]) => ({ name, values: m.calibration.map((b) => b.lift) })),
  { referenceLine: 1, yLabel: 'lift' },
)}
${distributionChart('Score distribution by outcome: current model', holdout.current.distribution)}
${distributionChart('Score distribution by outcome: suggested model', holdout.suggested.distribution)}
${tierTable(holdout)}
<h2>Points: current and suggested</h2>
<p>Points are learnt with an L2-regularised logistic regression on the model's own criteria and
touchpoints. The penalty (${report.scale.penalty}, chosen by 3-fold cross-validation) pulls each
weight towards its current points, so thin evidence moves a point little. Weights become points at
${report.scale.logOddsPerPoint.toFixed(4)} log-odds per point, so the suggested scores spread as
widely as the current ones (the current model's scores carry ${report.scale.currentLogOddsPerPoint.toFixed(4)}).
Criteria without enough examples keep their points.</p>
${pointsTable(report)}
${limitsTable(report)}
${discoveryHtml(report.discovery)}
${touchpointShapesHtml(report.touchpointShapes, report.discovery.on)}
${tierSuggestionHtml(report.tiers)}
<h2>Content</h2>
<p>Outcome rate of candidates who touched each content item, against all candidates (lift 1 = no
difference), with a 95% Wilson interval. With property history every conversion, email and page
counts, and only what happened before the candidate reached the outcome; without it, the first
and latest conversion, the last email and the first and last page. These are associations, not
effects. Grey: small sample.</p>
${intervalChart(
  'Content lift with 95% intervals',
  report.content.slice(0, 40).map((c) => ({
    label: `${c.kind}: ${c.name}`,
    value: c.lift,
    low: c.liftInterval.low,
    high: c.liftInterval.high,
    muted: c.smallSample,
  })),
)}
${contentTable(report)}
<h2>Calibration tables (held-out candidates)</h2>
${models.map(([name, m]) => `<h3>${e(name)}</h3>${calibrationTable(m)}`).join('\n')}
<h2>Left out of learning</h2>
${
  report.leakage.leftOut.length === 0
    ? '<p>Nothing.</p>'
    : `<table><thead><tr><th>Property</th><th>Why</th></tr></thead><tbody>${report.leakage.leftOut
        .map(
          (l) =>
            `<tr><td>${e(l.property)}</td><td>${e(l.reason)}${l.ground ? ` (${e(l.ground)})` : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
}
<h3>Reference regression columns</h3>
<p>Used: ${report.reference.used.map((u) => `${e(u.property)} (${u.as})`).join(', ') || 'none'}.</p>
<p class="muted">Not used: ${report.reference.skipped.map((s) => `${e(s.property)} (${e(s.reason)})`).join(', ') || 'none'}.</p>
</body></html>
`;
}

const number = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

function metricsTable(models: [string, ModelEvaluation][]): string {
  const rows: [string, (m: ModelEvaluation) => string][] = [
    ['ROC-AUC', (m) => number(m.auc)],
    ['PR-AUC', (m) => number(m.prAuc)],
    ['Lift, top 10%', (m) => number(m.top10.lift, 2)],
    ['Recall, top 10%', (m) => percent(m.top10.recall)],
    ['Lift, top 20%', (m) => number(m.top20.lift, 2)],
    ['Recall, top 20%', (m) => percent(m.top20.recall)],
  ];
  return `<table><thead><tr><th></th>${models.map(([name]) => `<th>${e(name)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      ([label, cell]) =>
        `<tr><td>${label}</td>${models.map(([, m]) => `<td>${cell(m)}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

function tierTable(holdout: CalibrationReport['holdout']): string {
  const before = holdout.current.tiers ?? {};
  const after = holdout.suggested.tiers ?? {};
  const tiers = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (tiers.length === 0) return '';
  return `<table><thead><tr><th>Tier (held-out)</th><th>Current</th><th>Suggested</th></tr></thead><tbody>${tiers
    .map(
      (t) =>
        `<tr><td>${e(t)}</td><td>${percent(before[t] ?? 0)}</td><td>${percent(after[t] ?? 0)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function pointsTable(report: CalibrationReport): string {
  return `<table><thead><tr><th>Criterion, touchpoint or content</th><th>Current</th><th>Suggested</th><th>Matches</th><th>With outcome</th><th>Status</th></tr></thead><tbody>${report.points
    .map((p) => {
      const change = p.suggestedPoints - p.currentPoints;
      const style = change > 0 ? 'up' : change < 0 ? 'down' : 'muted';
      return `<tr><td>${e(p.label)}</td><td>${p.currentPoints}</td><td class="${style}">${p.suggestedPoints}</td><td>${p.matches}</td><td>${p.outcomesAmongMatches}</td><td>${e(p.status)}${p.note ? `<br><span class="muted">${e(p.note)}</span>` : ''}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

function contentTable(report: CalibrationReport): string {
  return `<table><thead><tr><th>Content</th><th>Touched</th><th>Rate touched</th><th>Rate not</th><th>Lift (95%)</th><th>Points now → suggested</th></tr></thead><tbody>${report.content
    .map((c) => {
      const points = c.points
        .map((p) => `${e(p.item)}: ${p.current ?? '–'} → ${p.suggested ?? '–'}`)
        .join('<br>');
      return `<tr${c.smallSample ? ' class="muted"' : ''}><td>${e(c.kind)}: ${e(c.name)}${c.smallSample ? ' (small sample)' : ''}</td><td>${c.touched}${c.occurrences > c.touched ? ` (${c.occurrences} times)` : ''}</td><td>${percent(c.rateTouched)}</td><td>${percent(c.rateNotTouched)}</td><td>${number(c.lift, 2)} (${number(c.liftInterval.low, 2)}–${number(c.liftInterval.high, 2)})</td><td>${points || '<span class="muted">not scored</span>'}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

function calibrationTable(m: ModelEvaluation): string {
  return `<table><thead><tr><th>Band</th><th>Scores</th><th>Candidates</th><th>Predicted rate</th><th>Observed rate</th><th>Lift</th></tr></thead><tbody>${m.calibration
    .map(
      (b) =>
        `<tr><td>${b.band}</td><td>${number(b.scoreFrom, 2)} – ${number(b.scoreTo, 2)}</td><td>${b.candidates}</td><td>${percent(b.predictedRate)}</td><td>${percent(b.observedRate)}</td><td>${number(b.lift, 2)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/** Limits and caps: the fit ignores them, so each is checked against the learnt points. */
function limitsTable(report: CalibrationReport): string {
  if (report.limits.length === 0) return '';
  const rows = report.limits
    .map(
      (l) =>
        `<tr><td>${e(l.label)}</td><td>${e(l.kind)}</td><td>${l.currentLimit}</td><td>${l.moved ? `<b>${l.suggestedLimit}</b>` : l.suggestedLimit}</td><td>${l.cutByCurrent} (${percent(l.cutByCurrent / l.candidates)})</td><td>${l.cutBySuggested} (${percent(l.cutBySuggested / l.candidates)})</td></tr>`,
    )
    .join('');
  return `<h3>Limits and caps</h3>
<p>The points are learnt as if no group limit, channel cap or content cap existed. Each limit is
checked against the learning candidates scored with the learnt points; one that would cut more
than ${percent(CUT_SHARE)} of them is moved out to where it cuts that share, so it still stops outliers and the scores are
the ones the fit meant.</p>
<table><thead><tr><th>Limit</th><th>Kind</th><th>Current</th><th>Suggested</th><th>Cut by current</th><th>Cut by suggested</th></tr></thead><tbody>${rows}</tbody></table>`;
}
