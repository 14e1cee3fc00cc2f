import {
  CHANNELS,
  DISQUALIFIED_TIER,
  type Channel,
  type Condition,
  type Criterion,
  type ScoringModel,
  type Touchpoint,
} from '../model/model-schema.ts';
import { compileDecay, describeDecayRule, type DecaySchedule } from './decay.ts';
import type { PropertyValue } from './hubspot-values.ts';
import { compilePropertyReader, type PropertyReader } from './property-reader.ts';
import { compileQuantity, type QuantityCurve } from './quantity-curve.ts';
import {
  buildAliasTable,
  buildKeywordMatcher,
  buildValueSet,
  canonicalValue,
  memoizeTextTest,
  normalizeText,
  type AliasTable,
} from './text-matching.ts';

/**
 * How a criterion reads its property: as text, a number, a date, or only whether it is known.
 * Small numbers rather than names: the engine switches on them for every criterion of every
 * contact, and comparing numbers is cheaper than comparing strings.
 */
export const READ_AS = { text: 0, number: 1, date: 2, presence: 3 } as const;
export type ValueReading = (typeof READ_AS)[keyof typeof READ_AS];

/**
 * A criterion ready to test. Every compiled criterion has every field (unused ones undefined),
 * and every compiled touchpoint too: the engine reads them for each contact, and objects of
 * one shape are what V8 reads fastest.
 */
export interface CompiledCriterion {
  criterion: Criterion;
  id: string;
  label: string;
  property: string;
  groupId: string;
  /** Its points in hundredths. */
  cents: number;
  knockout: boolean;
  reading: ValueReading;
  /** Index into the contact's per-property readings. */
  slot: number;
  /** Slot of the property in the contact's values (see `reader`); set once all are known. */
  source: number;
  /** Text criteria: index of this criterion's answer in its slot's text verdicts. */
  verdict: number;
  /** Number criteria. */
  min: number | undefined;
  max: number | undefined;
  /** Date criteria: window in days and direction. */
  days: number | undefined;
  within: boolean;
  /** known / unknown criteria. */
  wantsKnown: boolean | undefined;
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

/** How one fit property is read; text properties answer all their criteria in one look-up. */
export interface CompiledFitSlot {
  property: string;
  /** Slot of the property in the contact's values (see `reader`). */
  source: number;
  reading: ValueReading;
  unknownWarning: string | undefined;
  /** Text: the answer of each of the slot's criteria for a (non-blank) value, remembered. */
  judge: ((text: string) => readonly boolean[]) | undefined;
}

export interface CompiledTouchpoint {
  touchpoint: Touchpoint;
  id: string;
  label: string;
  channel: Touchpoint['channel'];
  count: string | undefined;
  contentName: string | undefined;
  /** Slots in the contact's values of `count` and `contentName`, or -1. */
  countSource: number;
  contentSource: number;
  points: number | undefined;
  otherContentPoints: number | undefined;
  /** Infinity when the touchpoint has no maximum. */
  maxPoints: number;
  quantity: QuantityCurve;
  decay: DecaySchedule | undefined;
  /** Slots in the contact's values of `lastActivity`, same order. */
  lastActivitySources: readonly number[];
  content: CompiledContentItem[] | undefined;
  /** The content item a content name (as HubSpot sent it) matches, if any. */
  contentFor: ((name: string) => CompiledContentItem | undefined) | undefined;
  lastActivity: readonly string[];
  /** Slots of `lastActivity` in `engagementDates`, same order. */
  dateSlots: readonly number[];
  channelIndex: number;
  decayRule: string | undefined;
  /** The warning when the touchpoint decays but its date is unknown. */
  undatedWarning: string;
}

/** An engagement channel's maximum, in the order of CHANNELS. */
export interface ChannelCap {
  channel: Channel;
  label: string;
  /** The maximum in points (Infinity when none), and in hundredths. */
  max: number;
  maxCents: number;
}

export interface CompiledModel {
  model: ScoringModel;
  /** Every property the model reads, sorted: what a batch read must ask HubSpot for. */
  properties: readonly string[];
  /** Reads `properties` out of a contact, each once, into numbered slots. */
  reader: PropertyReader;
  fitGroups: CompiledFitGroup[];
  /** Fit properties, one slot per property and way of reading it, in slot order. */
  fitSlots: CompiledFitSlot[];
  touchpoints: CompiledTouchpoint[];
  /** One per channel, in the order of CHANNELS (read by index, not by name, per contact). */
  channelCaps: readonly ChannelCap[];
  /** Every date property engagement reads, each parsed once per contact. */
  engagementDates: readonly string[];
  /** Slots of `engagementDates` in the contact's values. */
  engagementDateSources: readonly number[];
  /** Slots of `engagement.inactivity.lastEngagement` in `engagementDates`. */
  inactivityDateSlots: readonly number[];
  /** Tier names, highest first, then `disqualified`: the options of `recruitment_tier`. */
  tierNames: readonly string[];
  aliases: AliasTable;
  /**
   * Working memory of one scoring call, reused so that scoring allocates little. Scoring is
   * synchronous and never re-entered, so one set per compiled model is enough.
   */
  scratch: {
    values: PropertyValue[];
    readings: unknown[];
    dates: Float64Array;
    channelCents: Float64Array;
    pass: ScoringPass;
  };
}

/** What one scoring call learns along the way, besides points. */
export interface ScoringPass {
  /** The earliest moment decay or a date window will change the score (epoch ms). */
  reviewAt: number;
  /** A knockout matched: the candidate is outside the profile. */
  knockedOut: boolean;
}

/** Compile once; scoring a contact then does no parsing of the model. */
export function compileModel(model: ScoringModel): CompiledModel {
  const aliases = buildAliasTable(model.aliases);
  const slots = new Map<string, number>();
  const fitSlots: { property: string; reading: ValueReading; unknownWarning?: string }[] = [];
  const textTests: ((normalized: string) => boolean)[][] = [];
  const slotFor = (property: string, reading: ValueReading): number => {
    const key = `${property}\u0000${reading}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = fitSlots.length;
      slots.set(key, slot);
      // "years_of_experience is unknown" once per property, and not for known/unknown tests.
      const reportUnknown =
        reading !== READ_AS.presence &&
        !fitSlots.some((s) => s.property === property && s.unknownWarning);
      fitSlots.push({
        property,
        reading,
        unknownWarning: reportUnknown ? `${property} is unknown` : undefined,
      });
      textTests.push([]);
    }
    return slot;
  };
  /** A text test joins its slot's verdicts; returns its index there. */
  const verdictFor = (slot: number, test: (normalized: string) => boolean): number =>
    textTests[slot]!.push(test) - 1;

  const fitGroups = model.fit.groups.map((group) => ({
    id: group.id,
    label: group.label,
    min: group.min,
    max: group.max,
    criteria: group.criteria.map((criterion) =>
      compileCriterion(criterion, group.id, aliases, slotFor, verdictFor),
    ),
  }));

  const properties = new Set<string>(fitSlots.map((s) => s.property));
  for (const t of model.engagement.touchpoints) {
    if (t.count) properties.add(t.count);
    if (t.contentName) properties.add(t.contentName);
    t.lastActivity?.forEach((p) => properties.add(p));
  }
  model.engagement.inactivity?.lastEngagement.forEach((p) => properties.add(p));
  const sorted = [...properties].sort();
  const reader = compilePropertyReader(sorted);
  const source = (property: string | undefined): number =>
    property === undefined ? -1 : reader.slotOf(property)!;
  for (const group of fitGroups) {
    for (const criterion of group.criteria) criterion.source = source(criterion.property);
  }

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
    const lastActivity = touchpoint.lastActivity ?? [];
    return {
      touchpoint,
      id: touchpoint.id,
      label: touchpoint.label,
      channel: touchpoint.channel,
      count: touchpoint.count,
      contentName: touchpoint.contentName,
      countSource: source(touchpoint.count),
      contentSource: source(touchpoint.contentName),
      points: touchpoint.points,
      otherContentPoints: touchpoint.otherContentPoints,
      maxPoints: touchpoint.maxPoints ?? Infinity,
      quantity: compileQuantity(touchpoint.quantity),
      decay: touchpoint.decay && compileDecay(touchpoint.decay),
      lastActivitySources: lastActivity.map(source),
      content,
      contentFor:
        content &&
        memoizeTextTest((name) => {
          const normalized = normalizeText(name);
          return content.find((item) => item.matches(normalized));
        }),
      lastActivity,
      dateSlots: lastActivity.map(dateSlot),
      channelIndex: CHANNELS.indexOf(touchpoint.channel),
      decayRule: touchpoint.decay ? describeDecayRule(touchpoint.decay) : undefined,
      undatedWarning: `${touchpoint.id}: date of last activity unknown; not decayed`,
    };
  });
  const inactivityDateSlots = (model.engagement.inactivity?.lastEngagement ?? []).map(dateSlot);

  return {
    model,
    properties: sorted,
    reader,
    fitGroups,
    fitSlots: fitSlots.map((slot, i) => ({
      property: slot.property,
      source: source(slot.property),
      reading: slot.reading,
      unknownWarning: slot.unknownWarning,
      judge: slot.reading === READ_AS.text ? textJudge(textTests[i]!) : undefined,
    })),
    touchpoints,
    channelCaps: CHANNELS.map((channel) => {
      const limit = model.engagement.channels[channel];
      const max = limit?.max ?? Infinity;
      return { channel, label: limit?.label ?? channel, max, maxCents: Math.round(max * 100) };
    }),
    engagementDates,
    engagementDateSources: engagementDates.map(source),
    inactivityDateSlots,
    tierNames: [...model.tiers.map((t) => t.name), DISQUALIFIED_TIER],
    aliases,
    scratch: {
      values: new Array<PropertyValue>(sorted.length).fill(undefined),
      readings: new Array<unknown>(fitSlots.length).fill(undefined),
      dates: new Float64Array(engagementDates.length),
      channelCents: new Float64Array(CHANNELS.length),
      pass: { reviewAt: Infinity, knockedOut: false },
    },
  };
}

/**
 * All text criteria on one property answered at once, per distinct value: job titles,
 * countries and industries repeat across contacts, so one Map look-up replaces normalising
 * the text and testing each criterion's regular expression or set.
 */
function textJudge(
  tests: readonly ((normalized: string) => boolean)[],
): (text: string) => readonly boolean[] {
  return memoizeTextTest((text) => {
    const normalized = normalizeText(text);
    return tests.map((test) => test(normalized));
  });
}

function compileCriterion(
  criterion: Criterion,
  groupId: string,
  aliases: AliasTable,
  slotFor: (property: string, reading: ValueReading) => number,
  verdictFor: (slot: number, test: (normalized: string) => boolean) => number,
): CompiledCriterion {
  const when: Condition = criterion.when;
  const compiled: CompiledCriterion = {
    criterion,
    id: criterion.id,
    label: criterion.label,
    property: criterion.property,
    groupId,
    cents: Math.round(criterion.points * 100),
    knockout: criterion.knockout === true,
    reading: READ_AS.presence,
    slot: -1,
    source: -1,
    verdict: -1,
    min: undefined,
    max: undefined,
    days: undefined,
    within: false,
    wantsKnown: undefined,
  };
  const text = (test: (normalized: string) => boolean): CompiledCriterion => {
    compiled.reading = READ_AS.text;
    compiled.slot = slotFor(criterion.property, READ_AS.text);
    compiled.verdict = verdictFor(compiled.slot, test);
    return compiled;
  };
  if (when.equals !== undefined || when.oneOf || when.notOneOf) {
    const values = when.equals !== undefined ? [when.equals] : (when.oneOf ?? when.notOneOf)!;
    const set = buildValueSet(values, aliases);
    const negate = when.notOneOf !== undefined;
    return text((normalized) => set.has(canonicalValue(normalized, aliases)) !== negate);
  }
  if (when.keywords) return text(buildKeywordMatcher(when.keywords));
  if (when.range) {
    compiled.reading = READ_AS.number;
    compiled.slot = slotFor(criterion.property, READ_AS.number);
    compiled.min = when.range.min;
    compiled.max = when.range.max;
  } else if (when.withinDays !== undefined || when.olderThanDays !== undefined) {
    compiled.reading = READ_AS.date;
    compiled.slot = slotFor(criterion.property, READ_AS.date);
    compiled.days = when.withinDays ?? when.olderThanDays;
    compiled.within = when.withinDays !== undefined;
  } else {
    compiled.slot = slotFor(criterion.property, READ_AS.presence);
    compiled.wantsKnown = when.known;
  }
  return compiled;
}

export { normalizeText };
