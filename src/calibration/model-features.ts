import { criterionProperties, type ScoringModel, type Touchpoint } from '../model/index.ts';
import {
  compileModel,
  scoreContact,
  type ContactHistory,
  type ContactProperties,
} from '../scoring/index.ts';

/**
 * The model's own structure as learning features, so that learnt weights ARE points:
 * - a fit criterion is 1 when it matches, else 0 (its weight: the criterion's points);
 * - a touchpoint is its quantity-weighted, decayed exposure, in "occurrences' worth" after the
 *   inactivity fade (its weight: points per occurrence);
 * - a content table gets one feature per item, and one for content matching no item when the
 *   model gives such content points.
 * The exposures come from the scoring engine itself, run on a "probe" copy of the model in which
 * every criterion and touchpoint is worth a fixed unit and no limit or cap applies, so each
 * breakdown entry reads back as its exposure. Limits and caps stay in the suggested model.
 */
export type FeatureKind = 'criterion' | 'touchpoint' | 'content item' | 'other content';

export interface ModelFeature {
  /** `software-role`, `latest-content/Salary guide`, `latest-content/(other)`. */
  key: string;
  kind: FeatureKind;
  /** The criterion or touchpoint id. */
  id: string;
  label: string;
  /** Where the points live in the model file. */
  path: readonly (string | number)[];
  currentPoints: number;
  /** Properties it reads. */
  properties: readonly string[];
  /** Decayed points may not be negative (decay must never raise a score). */
  nonNegative: boolean;
  knockout: boolean;
}

/** A probe touchpoint earns this many points per occurrence: entries read back to 0.00001. */
const PROBE_UNIT = 1000;
const OTHER = '(other)';

export function modelFeatures(model: ScoringModel): ModelFeature[] {
  const features: ModelFeature[] = [];
  model.fit.groups.forEach((group, g) =>
    group.criteria.forEach((criterion, c) =>
      features.push({
        key: criterion.id,
        kind: 'criterion',
        id: criterion.id,
        label: criterion.label,
        path: ['fit', 'groups', g, 'criteria', c, 'points'],
        currentPoints: criterion.points,
        properties: criterionProperties(criterion),
        nonNegative: false,
        knockout: criterion.knockout,
      }),
    ),
  );
  model.engagement.touchpoints.forEach((t, i) => {
    const base = ['engagement', 'touchpoints', i] as const;
    const common = {
      id: t.id,
      properties: touchpointProperties(t),
      nonNegative: t.decay !== undefined,
      knockout: false,
    };
    if (!t.content) {
      features.push({
        ...common,
        key: t.id,
        kind: 'touchpoint',
        label: t.label,
        path: [...base, 'points'],
        currentPoints: t.points ?? 0,
      });
      return;
    }
    t.content.forEach((item, j) =>
      features.push({
        ...common,
        key: `${t.id}/${item.label}`,
        kind: 'content item',
        label: `${t.label}: ${item.label}`,
        path: [...base, 'content', j, 'points'],
        currentPoints: item.points,
      }),
    );
    if (t.otherContentPoints !== undefined) {
      features.push({
        ...common,
        key: `${t.id}/${OTHER}`,
        kind: 'other content',
        label: `${t.label}: other content`,
        path: [...base, 'otherContentPoints'],
        currentPoints: t.otherContentPoints,
      });
    }
  });
  return features;
}

/**
 * Row-major candidates x features exposures, one row per contact. `inactivity`, when given,
 * receives each contact's inactivity factor (1 without one): a touchpoint's shape can then be
 * tried on its own and still fade as the whole model makes it fade (touchpoint-shapes.ts).
 */
export function extractFeatures(
  model: ScoringModel,
  features: readonly ModelFeature[],
  contacts: readonly { properties: ContactProperties; propertiesWithHistory?: ContactHistory }[],
  now: number,
  inactivity?: Float64Array,
): Float64Array {
  const probe = compileModel(probeModel(model));
  const column = new Map(features.map((f, j) => [f.key, j]));
  const tables = new Map(model.engagement.touchpoints.map((t) => [t.id, t.content !== undefined]));
  const p = features.length;
  const x = new Float64Array(contacts.length * p);
  contacts.forEach(({ properties, propertiesWithHistory }, i) => {
    const { breakdown } = scoreContact(probe, properties, now, propertiesWithHistory);
    const faded = breakdown.find((e) => e.kind === 'inactivity')?.decay?.factor ?? 1;
    if (inactivity) inactivity[i] = faded;
    for (const entry of breakdown) {
      if (entry.kind === 'criterion' || entry.kind === 'knockout') {
        const j = column.get(entry.id);
        if (j !== undefined) x[i * p + j] = 1;
      } else if (entry.kind === 'touchpoint') {
        // A history touchpoint has a line per content item: `downloads:2`, `downloads:other`.
        const id = entry.events ? entry.id.replace(/:[^:]*$/, '') : entry.id;
        const key = tables.get(id) ? `${id}/${entry.matched ?? OTHER}` : id;
        const j = column.get(key);
        // History lines of one item add up (one per item and contact); others are one line.
        if (j !== undefined) x[i * p + j] = x[i * p + j]! + (entry.points / PROBE_UNIT) * faded;
      }
    }
  });
  return x;
}

/** Every criterion and touchpoint worth a unit; no group limit, channel cap or score range. */
export function probeModel(model: ScoringModel): ScoringModel {
  const probe = structuredClone(model);
  for (const group of probe.fit.groups) {
    group.min = undefined;
    group.max = undefined;
    for (const criterion of group.criteria) criterion.points = 1;
  }
  probe.engagement.channels = {};
  probe.engagement.touchpoints = probe.engagement.touchpoints.map((t) => probeTouchpoint(t));
  probe.score = { min: -1e12, max: 1e12 };
  return probe;
}

function probeTouchpoint(t: Touchpoint): Touchpoint {
  const probe: Touchpoint = { ...t };
  if (t.content) {
    probe.content = t.content.map((item) => ({ ...item, points: PROBE_UNIT }));
    if (t.otherContentPoints !== undefined) probe.otherContentPoints = PROBE_UNIT;
    if (t.points !== undefined) probe.points = PROBE_UNIT;
    delete probe.maxPoints;
    return probe;
  }
  probe.points = PROBE_UNIT;
  // A cap in points is a cap in occurrences' worth: keep that, at the probe's unit.
  if (t.maxPoints !== undefined && t.points !== undefined && t.points > 0) {
    probe.maxPoints = (PROBE_UNIT * t.maxPoints) / t.points;
  } else delete probe.maxPoints;
  return probe;
}

function touchpointProperties(t: Touchpoint): string[] {
  return [
    ...(t.count ? [t.count] : []),
    ...(t.contentName ? [t.contentName] : []),
    ...(t.history ?? []),
    ...(t.lastActivity ?? []),
  ];
}
