import {
  CHANNELS,
  DISQUALIFIED_TIER,
  type Condition,
  type Criterion,
  type ScoringModel,
  type Touchpoint,
} from '../model/model-schema.ts';
import { describeDecayRule } from './decay.ts';
import {
  buildAliasTable,
  buildKeywordMatcher,
  buildValueSet,
  canonicalValue,
  memoizeTextTest,
  normalizeText,
  type AliasTable,
} from './text-matching.ts';

/** How a criterion reads its property: as text, a number or a date. */
export type ValueReading = 'text' | 'number' | 'date' | 'presence';

export interface CompiledCriterion {
  criterion: Criterion;
  groupId: string;
  reading: ValueReading;
  /** Index into the contact's per-property readings. */
  slot: number;
  /** Text criteria: normalised text -> match. */
  matchesText?: (normalized: string) => boolean;
  /** Number criteria. */
  min?: number;
  max?: number;
  /** Date criteria: window in days and direction. */
  days?: number;
  within?: boolean;
  /** known / unknown criteria. */
  wantsKnown?: boolean;
}

export interface CompiledFitGroup {
  id: string;
  label: string;
  min: number | undefined;
  max: number | undefined;
  criteria: CompiledCriterion[];
}

export interface CompiledContentItem {
  label: string;
  points: number;
  matches: (normalized: string) => boolean;
}

export interface CompiledTouchpoint {
  touchpoint: Touchpoint;
  content: CompiledContentItem[] | undefined;
  /** The content item a normalised content name matches, if any. */
  contentFor: ((normalizedName: string) => CompiledContentItem | undefined) | undefined;
  lastActivity: readonly string[];
  /** Slots of `lastActivity` in `engagementDates`, same order. */
  dateSlots: readonly number[];
  channelIndex: number;
  decayRule: string | undefined;
}

export interface CompiledModel {
  model: ScoringModel;
  /** Every property the model reads, sorted: what a batch read must ask HubSpot for. */
  properties: readonly string[];
  fitGroups: CompiledFitGroup[];
  /** Fit properties, one slot each, in slot order; each with how it is read. */
  fitSlots: { property: string; reading: ValueReading; unknownWarning: string | undefined }[];
  touchpoints: CompiledTouchpoint[];
  /** Every date property engagement reads, each parsed once per contact. */
  engagementDates: readonly string[];
  /** Slots of `engagement.inactivity.lastEngagement` in `engagementDates`. */
  inactivityDateSlots: readonly number[];
  /** Tier names, highest first, then `disqualified`: the options of `recruitment_tier`. */
  tierNames: readonly string[];
  aliases: AliasTable;
}

/** Compile once; scoring a contact then does no parsing of the model. */
export function compileModel(model: ScoringModel): CompiledModel {
  const aliases = buildAliasTable(model.aliases);
  const slots = new Map<string, number>();
  const fitSlots: CompiledModel['fitSlots'] = [];
  const slotFor = (property: string, reading: ValueReading): number => {
    const key = `${property}\u0000${reading}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = fitSlots.length;
      slots.set(key, slot);
      // "years_of_experience is unknown" once per property, and not for known/unknown tests.
      const reportUnknown =
        reading !== 'presence' &&
        !fitSlots.some((s) => s.property === property && s.unknownWarning);
      fitSlots.push({
        property,
        reading,
        unknownWarning: reportUnknown ? `${property} is unknown` : undefined,
      });
    }
    return slot;
  };

  const fitGroups = model.fit.groups.map((group) => ({
    id: group.id,
    label: group.label,
    min: group.min,
    max: group.max,
    criteria: group.criteria.map((criterion) =>
      compileCriterion(criterion, group.id, aliases, slotFor),
    ),
  }));

  const engagementDates: string[] = [];
  const dateSlot = (property: string): number => {
    const known = engagementDates.indexOf(property);
    return known >= 0 ? known : engagementDates.push(property) - 1;
  };
  const touchpoints = model.engagement.touchpoints.map((touchpoint) => {
    const content = touchpoint.content?.map((item) => ({
      label: item.label,
      points: item.points,
      matches: buildKeywordMatcher(item.match),
    }));
    return {
      touchpoint,
      content,
      contentFor: content && memoizeTextTest((name) => content.find((item) => item.matches(name))),
      lastActivity: touchpoint.lastActivity ?? [],
      dateSlots: (touchpoint.lastActivity ?? []).map(dateSlot),
      channelIndex: CHANNELS.indexOf(touchpoint.channel),
      decayRule: touchpoint.decay ? describeDecayRule(touchpoint.decay) : undefined,
    };
  });
  const inactivityDateSlots = (model.engagement.inactivity?.lastEngagement ?? []).map(dateSlot);

  const properties = new Set<string>(fitSlots.map((s) => s.property));
  for (const t of model.engagement.touchpoints) {
    if (t.count) properties.add(t.count);
    if (t.contentName) properties.add(t.contentName);
    t.lastActivity?.forEach((p) => properties.add(p));
  }
  model.engagement.inactivity?.lastEngagement.forEach((p) => properties.add(p));

  return {
    model,
    properties: [...properties].sort(),
    fitGroups,
    fitSlots,
    touchpoints,
    engagementDates,
    inactivityDateSlots,
    tierNames: [...model.tiers.map((t) => t.name), DISQUALIFIED_TIER],
    aliases,
  };
}

function compileCriterion(
  criterion: Criterion,
  groupId: string,
  aliases: AliasTable,
  slotFor: (property: string, reading: ValueReading) => number,
): CompiledCriterion {
  const when: Condition = criterion.when;
  const base = { criterion, groupId };
  const text = (matchesText: (normalized: string) => boolean): CompiledCriterion => ({
    ...base,
    reading: 'text',
    slot: slotFor(criterion.property, 'text'),
    matchesText: memoizeTextTest(matchesText),
  });
  if (when.equals !== undefined || when.oneOf || when.notOneOf) {
    const values = when.equals !== undefined ? [when.equals] : (when.oneOf ?? when.notOneOf)!;
    const set = buildValueSet(values, aliases);
    const negate = when.notOneOf !== undefined;
    return text((normalized) => set.has(canonicalValue(normalized, aliases)) !== negate);
  }
  if (when.keywords) return text(buildKeywordMatcher(when.keywords));
  if (when.range) {
    return {
      ...base,
      reading: 'number',
      slot: slotFor(criterion.property, 'number'),
      min: when.range.min,
      max: when.range.max,
    };
  }
  if (when.withinDays !== undefined || when.olderThanDays !== undefined) {
    return {
      ...base,
      reading: 'date',
      slot: slotFor(criterion.property, 'date'),
      days: when.withinDays ?? when.olderThanDays,
      within: when.withinDays !== undefined,
    };
  }
  return {
    ...base,
    reading: 'presence',
    slot: slotFor(criterion.property, 'presence'),
    wantsKnown: when.known,
  };
}

export { normalizeText };
