import type { DiscoveryReport } from './discovery-report.ts';
import type { TierSuggestion } from './suggested-tiers.ts';
import type { ShapeVerdict, TouchpointShape } from './touchpoint-shapes.ts';
import { escapeHtml as e } from './svg-charts.ts';

/** The report's section on proposed criteria: what each tests, its support, its points. */
export function discoveryHtml(discovery: DiscoveryReport): string {
  if (!discovery.on) {
    return "<h2>Discovered criteria</h2><p>Discovery was off (--no-discovery): only the model's own points were learnt.</p>";
  }
  const intro = `<h2>Discovered criteria</h2>
<p>Criteria the model does not have, proposed from the data: "not given" per property, frequent
values of text, steps of numbers and recency of dates. Each needs the same support as any learnt
criterion; forward stepwise selection with 3-fold cross-validation kept the ones that improve the
held-out fit beyond what the model's own criteria and touchpoints explain (${discovery.proposed.length}
of ${discovery.candidatesTried} with enough support, at most ${discovery.maxCriteria}). They are in the
fit group "Discovered" of the suggested model${discovery.dutchInModel ? ', with their Dutch labels in translations.nl' : ''}.
${combinedHtml(discovery)}${discovery.unweighted > 0 ? `${discovery.unweighted} more were given 0 points by the fit and left out of the file. ` : ''}Protected attributes and fields left out of learning are never proposed. Associations, not
effects: read each one before publishing.</p>`;
  if (discovery.proposed.length === 0) {
    return `${intro}<p>Nothing the data supports beyond the model's own criteria.</p>`;
  }
  const rows = discovery.proposed
    .map(
      (p) =>
        `<tr><td>${e(p.label)}<br><span class="muted">${e(p.labelNl)}</span></td><td>${e(p.and ? `${p.property} + ${p.and.property}` : p.property)}</td><td>${p.matches}</td><td>${p.outcomesAmongMatches}</td><td>${Number.isFinite(p.outcomeRate) ? `${(p.outcomeRate * 100).toFixed(1)}%` : '–'}</td><td class="${p.points > 0 ? 'up' : p.points < 0 ? 'down' : ''}">${p.points}</td></tr>`,
    )
    .join('');
  return `${intro}
<table><thead><tr><th>Criterion (English, Dutch)</th><th>Property</th><th>Matching</th><th>With outcome</th><th>Outcome rate</th><th>Points</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** What the pairs were, when discovery looked at any. */
function combinedHtml(discovery: DiscoveryReport): string {
  if (discovery.combinationsTried === 0) return '';
  const combined = discovery.proposed.filter((p) => p.kind === 'combined').length;
  return `Combined criteria (two conditions on two properties, both must match) were then looked for among pairs of the model's criteria and the proposed ones: ${combined} of the ${discovery.combinationsTried} best-ranked pairs improved the cross-validated fit beyond the single criteria and are proposed, within the same limit. `;
}

/** Suggested tier thresholds, with each tier's share of the learning candidates before and after. */
export function tierSuggestionHtml(tiers: TierSuggestion): string {
  const share = (v: number) => `${(v * 100).toFixed(1)}%`;
  const rows = tiers.tiers
    .map(
      (t) =>
        `<tr><td>${e(t.name)}</td><td>${t.currentMinScore ?? '–'}</td><td>${t.suggestedMinScore ?? '–'}</td><td>${share(t.shareBefore)}</td><td>${share(t.shareAfter)}</td><td>${Number.isFinite(t.outcomeRateAfter) ? share(t.outcomeRateAfter) : '–'}</td></tr>`,
    )
    .join('');
  return `<h3>Tier thresholds from the data</h3>
<p>${e(tiers.basis)}. ${tiers.written ? 'The suggested model uses these thresholds.' : 'Not written into the suggested model (--no-discovery): its tiers are as they were.'}
Shares of the learning candidates: before with the current model, after with the suggested points and thresholds.</p>
<table><thead><tr><th>Tier</th><th>Minimum now</th><th>Suggested minimum</th><th>Share before</th><th>Share after</th><th>Outcome rate after</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const VERDICTS: Record<ShapeVerdict, string> = {
  changed: 'changed',
  'current is best': 'kept: the current shape fits best',
  'data cannot decide': 'kept: the data cannot decide',
  'too few candidates': 'kept: too few candidates have it',
  'no dates': 'kept: no dates to learn a decay from',
};

/** Each touchpoint's decay and each count's quantity curve, as the cross-validation chose them. */
export function touchpointShapesHtml(shapes: readonly TouchpointShape[], on: boolean): string {
  const title = '<h2>Touchpoint decay and quantity curves</h2>';
  if (!on)
    return `${title}<p>Not chosen (--no-discovery): decay and quantity curves are as they were.</p>`;
  if (shapes.length === 0)
    return `${title}<p>No touchpoint with dates or a count to choose a shape for.</p>`;
  const rows = shapes
    .map((s) => {
      const best = s.tried.reduce<number | undefined>(
        (a, t) => (a === undefined || t.logLikelihood > a ? t.logLikelihood : a),
        undefined,
      );
      const tried = s.tried
        .map(
          (t) =>
            `${e(t.shape)}: ${t.logLikelihood.toFixed(4)}${t.logLikelihood === best ? ' (best)' : ''}`,
        )
        .join('<br>');
      return `<tr><td>${e(s.label)}</td><td>${s.aspect}</td><td>${e(s.current)}</td><td class="${s.changed ? 'up' : ''}">${e(s.suggested)}</td><td>${e(VERDICTS[s.verdict])}</td><td>${s.tried.length > 0 ? `${s.gain.toFixed(4)} ± ${s.gainError.toFixed(4)}` : '–'}</td><td class="muted">${tried || '–'}</td></tr>`;
    })
    .join('');
  return `${title}
<p>Where touchpoints have dates, a half-life of 7, 14, 30, 60, 120 or 365 days (or the current rule);
for counts, each occurrence alike, capped at a typical count, diminishing or saturating. Each shape is
scored by its held-out log-likelihood per candidate in a 3-fold cross-validation on the learning
candidates; a new shape is suggested only when it beats the current one by more than twice the
standard error of the gain, otherwise the data cannot decide and the shape stays.</p>
<table><thead><tr><th>Touchpoint</th><th>Aspect</th><th>Current</th><th>Suggested</th><th>Verdict</th><th>Gain per candidate</th><th>Shapes tried (held-out log-likelihood)</th></tr></thead><tbody>${rows}</tbody></table>`;
}
