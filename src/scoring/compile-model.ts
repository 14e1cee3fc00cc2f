import {
  CHANNELS,
  DISQUALIFIED_TIER,
  type Condition,
  type Criterion,
  type FitGroup,
  type ScoringModel,
} from '../model/model-schema.ts';
import {
  READ_AS,
  type CompiledCriterion,
  type CompiledFitGroup,
  type CompiledModel,
  type ValueReading,
} from './compiled-model.ts';
import { compileDecay, describeDecayRule } from './decay.ts';
import { compileHistoryTouchpoint } from './history-touchpoint.ts';
import type { PropertyValue } from './hubspot-values.ts';
import { compilePropertyReader } from './property-reader.ts';
import { compileQuantity } from './quantity-curve.ts';
import {
  buildAliasTable,
  buildKeywordMatcher,
  buildValueSet,
  canonicalValue,
  memoizeTextTest,
  normalizeText,
  type AliasTable,
} from './text-matching.ts';

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

  const compileGroups = (groups: readonly FitGroup[]): CompiledFitGroup[] =>
    groups.map((group) => ({
      id: group.id,
      label: group.label,
      min: group.min,
      max: group.max,
      criteria: group.criteria.map((criterion) =>
        compileCriterion(criterion, aliases, slotFor, verdictFor),
      ),
    }));
  const fitGroups = compileGroups(model.fit.groups);
  // Every profile's criteria share the fit slots: a property is read once, whatever the profiles.
  const profiles = model.fit.profiles?.map((profile) => ({
    id: profile.id,
    label: profile.label,
    fitGroups: compileGroups(profile.groups),
  }));
  const pinnedBy = model.fit.pinnedBy;

  const properties = new Set<string>(fitSlots.map((s) => s.property));
  if (pinnedBy) properties.add(pinnedBy.property);
  for (const t of model.engagement.touchpoints) {
    if (t.count) properties.add(t.count);
    if (t.contentName) properties.add(t.contentName);
    t.history?.forEach((p) => properties.add(p));
    t.lastActivity?.forEach((p) => properties.add(p));
  }
  model.engagement.inactivity?.lastEngagement.forEach((p) => properties.add(p));
  const sorted = [...properties].sort();
  const reader = compilePropertyReader(sorted);
  const source = (property: string | undefined): number =>
    property === undefined ? -1 : reader.slotOf(property)!;
  for (const group of [...fitGroups, ...(profiles ?? []).flatMap((p) => p.fitGroups)]) {
    for (const criterion of group.criteria) {
      criterion.source = source(criterion.property);
      if (criterion.and) criterion.and.source = source(criterion.and.property);
    }
  }

  const engagementDates: string[] = [];
  const dateSlot = (property: string): number => {
    const known = engagementDates.indexOf(property);
    return known >= 0 ? known : engagementDates.push(property) - 1;
  };
  const historyTouchpoints = model.engagement.touchpoints
    .filter((touchpoint) => touchpoint.history !== undefined)
    .map((touchpoint) =>
      compileHistoryTouchpoint(touchpoint, CHANNELS.indexOf(touchpoint.channel), source, dateSlot),
    );
  const touchpoints = model.engagement.touchpoints
    .filter((t) => t.history === undefined)
    .map((touchpoint) => {
      const content = touchpoint.content?.map((item) => ({
        label: item.label,
        points: item.points,
        matches: buildKeywordMatcher(item.match ?? []),
      }));
      const lastActivity = touchpoint.lastActivity ?? [];
      return {
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
    profiles,
    pinSource: pinnedBy ? source(pinnedBy.property) : -1,
    pinnedProfileOf:
      pinnedBy && profiles ? compilePinning(pinnedBy.profiles, profiles, aliases) : undefined,
    fitSlots: fitSlots.map((slot, i) => ({
      property: slot.property,
      source: source(slot.property),
      reading: slot.reading,
      unknownWarning: slot.unknownWarning,
      judge: slot.reading === READ_AS.text ? textJudge(textTests[i]!) : undefined,
    })),
    touchpoints,
    historyTouchpoints,
    historyProperties: [...new Set(historyTouchpoints.flatMap((t) => t.history))].sort(),
    channelCaps: CHANNELS.map((channel) => {
      const limit = model.engagement.channels[channel];
      const max = limit?.max ?? Infinity;
      return { channel, label: limit?.label ?? channel, max, maxCents: Math.round(max * 100) };
    }),
    engagementDates,
    engagementDateSources: engagementDates.map(source),
    inactivityDateSlots,
    tierNames: [...model.tiers.map((t) => t.name), DISQUALIFIED_TIER],
    scratch: {
      values: new Array<PropertyValue>(sorted.length).fill(undefined),
      readings: new Array<unknown>(fitSlots.length).fill(undefined),
      dates: new Float64Array(engagementDates.length),
      channelCents: new Float64Array(CHANNELS.length),
      profileCents: new Float64Array(profiles?.length ?? 0),
      profileKnockedOut: new Uint8Array(profiles?.length ?? 0),
      pass: {
        reviewAt: Infinity,
        knockedOut: false,
        profile: -1,
        pinnedProfile: -1,
        latestActivity: -Infinity,
      },
    },
  };
}

/** Pinning values compare like `oneOf`: case, accents and punctuation ignored, after aliases. */
function compilePinning(
  pins: Readonly<Record<string, readonly string[]>>,
  profiles: readonly { id: string }[],
  aliases: AliasTable,
): (text: string) => number {
  const profileOfValue = new Map<string, number>();
  for (const [id, values] of Object.entries(pins)) {
    const index = profiles.findIndex((profile) => profile.id === id);
    for (const value of buildValueSet(values, aliases)) {
      if (!profileOfValue.has(value)) profileOfValue.set(value, index);
    }
  }
  return memoizeTextTest(
    (text) => profileOfValue.get(canonicalValue(normalizeText(text), aliases)) ?? -1,
  );
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
  aliases: AliasTable,
  slotFor: (property: string, reading: ValueReading) => number,
  verdictFor: (slot: number, test: (normalized: string) => boolean) => number,
): CompiledCriterion {
  const compiled = compileCondition(
    criterion,
    criterion.property,
    criterion.when,
    aliases,
    slotFor,
    verdictFor,
  );
  // A combined criterion: its second condition compiled like a criterion of its own, read from
  // the shared slots, and tested after the first (criterionMatches in fit-score.ts).
  if (criterion.and) {
    compiled.and = compileCondition(
      criterion,
      criterion.and.property,
      criterion.and.when,
      aliases,
      slotFor,
      verdictFor,
    );
  }
  return compiled;
}

function compileCondition(
  criterion: Criterion,
  property: string,
  when: Condition,
  aliases: AliasTable,
  slotFor: (property: string, reading: ValueReading) => number,
  verdictFor: (slot: number, test: (normalized: string) => boolean) => number,
): CompiledCriterion {
  const compiled: CompiledCriterion = {
    id: criterion.id,
    label: criterion.label,
    property,
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
    and: undefined,
  };
  const text = (test: (normalized: string) => boolean): CompiledCriterion => {
    compiled.reading = READ_AS.text;
    compiled.slot = slotFor(property, READ_AS.text);
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
    compiled.slot = slotFor(property, READ_AS.number);
    compiled.min = when.range.min;
    compiled.max = when.range.max;
  } else if (when.withinDays !== undefined || when.olderThanDays !== undefined) {
    compiled.reading = READ_AS.date;
    compiled.slot = slotFor(property, READ_AS.date);
    compiled.days = when.withinDays ?? when.olderThanDays;
    compiled.within = when.withinDays !== undefined;
  } else {
    compiled.slot = slotFor(property, READ_AS.presence);
    compiled.wantsKnown = when.known;
  }
  return compiled;
}

export { normalizeText };
