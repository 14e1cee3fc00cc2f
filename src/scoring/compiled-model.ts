/**
 * What `compileModel` (compile-model.ts) makes of a scoring model: everything the engine needs
 * per contact, worked out once.
 */
import type { Channel, ScoringModel, Touchpoint } from '../model/model-schema.ts';
import type { DecaySchedule } from './decay.ts';
import type { PropertyValue } from './hubspot-values.ts';
import type { PropertyReader } from './property-reader.ts';
import type { QuantityCurve } from './quantity-curve.ts';

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
  id: string;
  label: string;
  property: string;
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
  /** A combined criterion's second condition (on another property); it must match too. */
  and: CompiledCriterion | undefined;
}

export interface CompiledFitGroup {
  id: string;
  label: string;
  min: number | undefined;
  max: number | undefined;
  criteria: CompiledCriterion[];
}

/** A fit profile (job family, vacancy): its own groups, read from the shared fit slots. */
export interface CompiledProfile {
  id: string;
  label: string;
  fitGroups: CompiledFitGroup[];
}

/** What one profile gave a contact; `fit` in points. */
export interface ProfileFit {
  id: string;
  label: string;
  fit: number;
  knockedOut: boolean;
  /** The model's `pinnedBy` property named this profile. */
  pinned: boolean;
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

/** A content item of a history touchpoint, or its "other content" / "each occurrence" points. */
export interface CompiledHistoryItem {
  /** Part of the breakdown line's id: the item's number, "other", or "" (no content table). */
  key: string;
  /** Its place among the touchpoint's items (the "other" or "each" points come last). */
  index: number;
  label: string | undefined;
  points: number;
}

/** A touchpoint that counts every value of a property's history (see history-touchpoint.ts). */
export interface CompiledHistoryTouchpoint {
  id: string;
  label: string;
  channel: Touchpoint['channel'];
  channelIndex: number;
  /** The properties whose history is read. */
  history: readonly string[];
  /** Their slots in the contact's values: the latest value, when no history is given. */
  currentSources: readonly number[];
  /** The item a value matches, else the "other" points, else undefined (does not count). */
  itemFor: (value: string) => CompiledHistoryItem | undefined;
  /** Content items plus one for the "other" or "each" points. */
  itemCount: number;
  quantity: QuantityCurve;
  maxPoints: number | undefined;
  /** In hundredths; Infinity when none. */
  maxCents: number;
  decay: DecaySchedule | undefined;
  decayRule: string | undefined;
  /** Slots of `lastActivity` in `engagementDates`: dates the latest value when no history. */
  dateSlots: readonly number[];
  undatedWarning: string;
  latestOnlyWarning: string;
  /** Working memory of one scoring call (scoring is synchronous and never re-entered). */
  scratch: HistoryScratch;
}

/**
 * A history touchpoint's working memory, reused from contact to contact: most contacts have no
 * or one occurrence, and allocating lists, maps and sets for each was most of its cost.
 */
export interface HistoryScratch {
  count: number;
  values: string[];
  items: CompiledHistoryItem[];
  /** Epoch ms, NaN when unknown. */
  ats: number[];
  order: number[];
  /** Per item (by `index`): occurrences seen so far, cents, base cents, first occurrence. */
  seen: Int32Array;
  cents: Float64Array;
  baseCents: Float64Array;
  newest: Int32Array;
  /** Items in the order of their newest occurrence. */
  itemOrder: number[];
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
  /** The fit groups of a model without profiles (empty for a model with profiles). */
  fitGroups: CompiledFitGroup[];
  /** The model's fit profiles; undefined for a model without them (which then pays nothing). */
  profiles: CompiledProfile[] | undefined;
  /** Slot of `fit.pinnedBy.property` in the contact's values, or -1. */
  pinSource: number;
  /** The index of the profile a pinning value names, or -1 (none, or not a pinning value). */
  pinnedProfileOf: ((text: string) => number) | undefined;
  /** Fit properties, one slot per property and way of reading it, in slot order. */
  fitSlots: CompiledFitSlot[];
  touchpoints: CompiledTouchpoint[];
  /** Touchpoints that read property history; empty for most models (then no cost at all). */
  historyTouchpoints: CompiledHistoryTouchpoint[];
  /** The properties whose history a batch read must ask for (`propertiesWithHistory`). */
  historyProperties: readonly string[];
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
  /**
   * Working memory of one scoring call, reused so that scoring allocates little. Scoring is
   * synchronous and never re-entered, so one set per compiled model is enough.
   */
  scratch: {
    values: PropertyValue[];
    readings: unknown[];
    dates: Float64Array;
    channelCents: Float64Array;
    /** Per profile: fit in hundredths, and whether a knockout matched (1) or not (0). */
    profileCents: Float64Array;
    profileKnockedOut: Uint8Array;
    pass: ScoringPass;
  };
}

/** What one scoring call learns along the way, besides points. */
export interface ScoringPass {
  /** The earliest moment decay or a date window will change the score (epoch ms). */
  reviewAt: number;
  /** A knockout matched: the candidate is outside the profile (the counting one). */
  knockedOut: boolean;
  /** Index of the profile that counts, or -1 for a model without profiles. */
  profile: number;
  /** Index of the profile `pinnedBy` named, or -1. */
  pinnedProfile: number;
  /** The newest dated occurrence of any history touchpoint (epoch ms), -Infinity when none. */
  latestActivity: number;
}
