import { z } from 'zod';
import { checkTranslationKeys, translationsSchema } from './translations.ts';

/**
 * The scoring model file, as a recruiter or admin writes it (YAML). Every boundary is parsed
 * once with zod; messages say what was expected so `validate-model` can name each error by path.
 */

const finiteNumber = (what = 'a number') =>
  z.number({ error: `expected ${what}` }).refine(Number.isFinite, { error: `expected ${what}` });
const positiveNumber = () =>
  z
    .number({ error: 'expected a positive number' })
    .positive({ error: 'expected a positive number' })
    .refine(Number.isFinite, { error: 'expected a positive number' });
const nonNegativeNumber = () =>
  z
    .number({ error: 'expected a number of 0 or more' })
    .min(0, { error: 'expected a number of 0 or more' });
const fraction = () =>
  z
    .number({ error: 'expected a fraction between 0 and 1' })
    .min(0, { error: 'expected a fraction between 0 and 1' })
    .max(1, { error: 'expected a fraction between 0 and 1' });
const text = (what = 'a non-empty text') =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `expected ${what}` });
const slug = () =>
  z
    .string({ error: 'expected an id such as "java-developer"' })
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
      error: 'expected an id of lowercase letters, digits, "-" and "_" (at most 64)',
    });
/** HubSpot internal property names: lowercase letters, digits and underscores. */
const propertyName = () =>
  z.string({ error: 'expected a HubSpot property name' }).regex(/^[a-z0-9_]{1,100}$/, {
    error: 'expected a HubSpot internal property name (lowercase letters, digits, "_")',
  });
const propertyList = () =>
  z.union([propertyName().transform((name) => [name]), z.array(propertyName()).min(1)], {
    error: 'expected a property name or a list of property names',
  });
const textList = () =>
  z.array(text(), { error: 'expected a list of texts' }).min(1, { error: 'expected at least one' });

export const CONDITION_KINDS = [
  'equals',
  'oneOf',
  'notOneOf',
  'keywords',
  'range',
  'known',
  'withinDays',
  'olderThanDays',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

const rangeSchema = z
  .strictObject({ min: finiteNumber().optional(), max: finiteNumber().optional() })
  .refine((range) => range.min !== undefined || range.max !== undefined, {
    error: 'expected min, max or both',
  })
  .refine((range) => range.min === undefined || range.max === undefined || range.min < range.max, {
    error: 'expected min to be below max',
  });

/** Exactly one kind of test per criterion keeps every criterion explainable in one sentence. */
export const conditionSchema = z
  .strictObject(
    {
      equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
      oneOf: textList().optional(),
      notOneOf: textList().optional(),
      keywords: textList().optional(),
      range: rangeSchema.optional(),
      known: z.boolean({ error: 'expected true or false' }).optional(),
      withinDays: positiveNumber().optional(),
      olderThanDays: positiveNumber().optional(),
    },
    { error: `expected an object with one of: ${CONDITION_KINDS.join(', ')}` },
  )
  .refine((c) => CONDITION_KINDS.filter((kind) => c[kind] !== undefined).length === 1, {
    error: `expected exactly one of: ${CONDITION_KINDS.join(', ')}`,
  });
export type Condition = z.infer<typeof conditionSchema>;

/**
 * The second condition of a combined criterion, on another property: the criterion matches
 * when both match ("Occupation is Working professional and lead source is Reference").
 */
export const secondConditionSchema = z.strictObject(
  { property: propertyName(), when: conditionSchema },
  { error: 'expected an object with property and when' },
);
export type SecondCondition = z.infer<typeof secondConditionSchema>;

export const criterionSchema = z
  .strictObject({
    id: slug(),
    label: text(),
    property: propertyName(),
    when: conditionSchema,
    /** Optional: a second condition on another property that must match too. */
    and: secondConditionSchema.optional(),
    points: finiteNumber('a number of points'),
    /** A knockout puts the candidate outside the profile: its points apply and the tier is `disqualified`. */
    knockout: z.boolean({ error: 'expected true or false' }).default(false),
  })
  .superRefine((criterion, ctx) => {
    // Two tests on one property are one test (oneOf, range): a combination joins two properties.
    if (criterion.and && criterion.and.property === criterion.property) {
      ctx.addIssue({
        code: 'custom',
        path: ['and', 'property'],
        message: `expected another property than "${criterion.property}" (two tests on one property are one test: use oneOf or range)`,
      });
    }
  });
export type Criterion = z.infer<typeof criterionSchema>;

/** The properties a criterion reads: its own, and its second condition's when combined. */
export function criterionProperties(criterion: Pick<Criterion, 'property' | 'and'>): string[] {
  return criterion.and ? [criterion.property, criterion.and.property] : [criterion.property];
}

export const fitGroupSchema = z
  .strictObject({
    id: slug(),
    label: text(),
    min: finiteNumber().optional(),
    max: finiteNumber().optional(),
    criteria: z.array(criterionSchema).min(1, { error: 'expected at least one criterion' }),
  })
  .refine((g) => g.min === undefined || g.max === undefined || g.min <= g.max, {
    error: 'expected min to be at most max',
    path: ['min'],
  });
export type FitGroup = z.infer<typeof fitGroupSchema>;

/** A job family or vacancy with its own fit criteria; engagement is shared by all profiles. */
export const fitProfileSchema = z.strictObject({
  id: slug(),
  label: text(),
  groups: z.array(fitGroupSchema).min(1, { error: 'expected at least one group' }),
});
export type FitProfile = z.infer<typeof fitProfileSchema>;

/**
 * A contact property (the job family or vacancy the candidate is linked to) whose value names
 * the profile that counts, compared like `oneOf`; any other value leaves the best profile.
 */
export const pinnedBySchema = z.strictObject({
  property: propertyName(),
  profiles: z.record(z.string(), textList(), { error: 'expected profile ids with their values' }),
});
export type PinnedBy = z.infer<typeof pinnedBySchema>;

/**
 * `groups` (one profile, as before) or `profiles`, never both. `groups` is always there (empty
 * with profiles), so code that reads `fit.groups` keeps working, even while a file has problems.
 */
export const fitSchema = z
  .strictObject({
    groups: z.array(fitGroupSchema).default([]),
    profiles: z
      .array(fitProfileSchema)
      .min(1, { error: 'expected at least one profile' })
      .optional(),
    pinnedBy: pinnedBySchema.optional(),
  })
  .superRefine((fit, ctx) => {
    if (fit.profiles && fit.groups.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['groups'],
        message: 'expected either groups or profiles, not both (put the groups in each profile)',
      });
    }
    const ids = (fit.profiles ?? []).map((profile) => profile.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['profiles', i, 'id'],
          message: `expected a unique profile id; "${id}" is used twice`,
        });
      }
    });
    if (!fit.pinnedBy) return;
    if (!fit.profiles) {
      ctx.addIssue({
        code: 'custom',
        path: ['pinnedBy'],
        message: 'expected fit.profiles: pinnedBy chooses one of them',
      });
      return;
    }
    const pinnedBy = new Map<string, string>();
    for (const [id, values] of Object.entries(fit.pinnedBy.profiles)) {
      if (!ids.includes(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['pinnedBy', 'profiles', id],
          message: `expected a profile id, one of: ${ids.join(', ')}`,
        });
      }
      for (const value of values) {
        // The engine compares case- and accent-insensitively; two profiles on one value is ambiguous.
        const key = value
          .normalize('NFKD')
          .replace(/\p{M}+/gu, '')
          .toLowerCase()
          .trim();
        const other = pinnedBy.get(key);
        if (other !== undefined && other !== id) {
          ctx.addIssue({
            code: 'custom',
            path: ['pinnedBy', 'profiles', id],
            message: `expected each value to pin one profile; "${value}" also pins "${other}"`,
          });
        }
        pinnedBy.set(key, id);
      }
    }
  });

export const CHANNELS = ['web', 'email', 'content', 'social', 'ads', 'recruiter'] as const;
export type Channel = (typeof CHANNELS)[number];
const channelSchema = z.enum(CHANNELS, { error: `expected one of: ${CHANNELS.join(', ')}` });

export const quantitySchema = z.discriminatedUnion(
  'curve',
  [
    /** Every occurrence earns full points, up to `cap` occurrences. */
    z.strictObject({ curve: z.literal('linear'), cap: positiveNumber().optional() }),
    /** points x log2(1 + n): the 1st earns 100%, the 3rd brings 2x, the 7th 3x. */
    z.strictObject({ curve: z.literal('logarithmic') }),
    /** Occurrence k earns ratio^(k-1): 100/50/25% for ratio 0.5. */
    z.strictObject({
      curve: z.literal('geometric'),
      ratio: z
        .number({ error: 'expected a ratio between 0 and 1 (exclusive)' })
        .gt(0, { error: 'expected a ratio between 0 and 1 (exclusive)' })
        .lt(1, { error: 'expected a ratio between 0 and 1 (exclusive)' }),
    }),
  ],
  { error: 'expected curve: linear, logarithmic or geometric' },
);
export type Quantity = z.infer<typeof quantitySchema>;

const decayStepSchema = z.strictObject({ afterDays: nonNegativeNumber(), keep: fraction() });
export const decaySchema = z.union(
  [
    z.strictObject({ halfLifeDays: positiveNumber() }),
    z.strictObject({
      steps: z
        .array(decayStepSchema)
        .min(1, { error: 'expected at least one step' })
        .refine(ascendingAfterDays, { error: 'expected afterDays in ascending order' })
        .refine((steps) => steps.every((s, i) => i === 0 || s.keep <= steps[i - 1]!.keep), {
          error: 'expected keep never to rise from one step to the next (decay never raises)',
        }),
    }),
  ],
  { error: 'expected either halfLifeDays or steps' },
);
export type Decay = z.infer<typeof decaySchema>;

function ascendingAfterDays(steps: readonly { afterDays: number }[]): boolean {
  return steps.every((s, i) => i === 0 || s.afterDays > steps[i - 1]!.afterDays);
}

/** A page pattern: a path (`/vacatures/`), with `*` for any run of characters. */
const urlPattern = () =>
  z
    .string({ error: 'expected a URL path pattern such as "/vacatures/*"' })
    .trim()
    .regex(/^\/[^\s]*$/, {
      error: 'expected a URL path pattern starting with "/", such as "/vacatures/*"',
    });

export const contentItemSchema = z
  .strictObject({
    label: text(),
    /** Case- and accent-insensitive words or phrases found in the conversion's name. */
    match: textList().optional(),
    /**
     * Pages: the URL's path starts with one of these (`/vacatures/`), `*` standing for any
     * characters (`/jobs/*-developer`). Host, query and case do not matter.
     */
    urls: z
      .array(urlPattern(), { error: 'expected a list of URL path patterns' })
      .min(1)
      .optional(),
    points: finiteNumber('a number of points'),
  })
  .superRefine((item, ctx) => {
    if ((item.match === undefined) === (item.urls === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['match'],
        message: 'expected either match (words in a content name) or urls (page patterns)',
      });
    }
  });
export type ContentItem = z.infer<typeof contentItemSchema>;

export const touchpointSchema = z
  .strictObject({
    id: slug(),
    label: text(),
    channel: channelSchema,
    /** Counter property: how many times it happened (HubSpot sends it as a string). */
    count: propertyName().optional(),
    /** Property holding the name of the content (form or conversion) the candidate converted on. */
    contentName: propertyName().optional(),
    /** Content value table: the first item whose words appear in the name sets the points. */
    content: z.array(contentItemSchema).min(1).optional(),
    /** Points for content whose name matches no item. */
    otherContentPoints: finiteNumber('a number of points').optional(),
    /**
     * Every value the property ever had, each with its own date (HubSpot's property history):
     * every download of `recent_conversion_event_name`, every page of `hs_analytics_last_url`.
     * Each value is one occurrence, matched against `content`; each decays from its own date.
     */
    history: propertyList().optional(),
    /** Date of the last occurrence: the first known property in the list is used. */
    lastActivity: propertyList().optional(),
    /** Points per occurrence (or, for content, when no table is given). */
    points: finiteNumber('a number of points').optional(),
    quantity: quantitySchema.default({ curve: 'linear' }),
    maxPoints: positiveNumber().optional(),
    decay: decaySchema.optional(),
  })
  .superRefine((t, ctx) => {
    const sources = [t.count && 'count', t.contentName && 'contentName', t.history && 'history'];
    const given = sources.filter(Boolean);
    if (given.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [given[1] as string],
        message: `expected one of count, contentName or history, not ${given.join(' and ')}`,
      });
    }
    if (given.length === 0 && !t.lastActivity) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected count, contentName, history or lastActivity to say when it happened',
      });
    }
    if (t.content && !t.contentName && !t.history) {
      ctx.addIssue({
        code: 'custom',
        path: ['contentName'],
        message: 'expected contentName (or history): the property that holds the content name',
      });
    }
    if (t.content && t.contentName && t.content.some((item) => item.urls)) {
      ctx.addIssue({
        code: 'custom',
        path: ['content'],
        message: 'expected match on every item: urls patterns need a history of page URLs',
      });
    }
    if (t.points === undefined && !t.content) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'expected a number of points' });
    }
    const anyNegative =
      (t.points ?? 0) < 0 ||
      (t.content ?? []).some((c) => c.points < 0) ||
      (t.otherContentPoints ?? 0) < 0;
    if (anyNegative && t.decay) {
      ctx.addIssue({
        code: 'custom',
        path: ['decay'],
        message: 'expected no decay on negative points (decay must never raise a score)',
      });
    }
  });
export type Touchpoint = z.infer<typeof touchpointSchema>;

const inactivityStepSchema = z.strictObject({ afterDays: positiveNumber(), reduceBy: fraction() });
export const inactivitySchema = z.strictObject({
  /** Extra dates that count as engagement, next to every touchpoint's last activity. */
  lastEngagement: z.array(propertyName()).default([]),
  steps: z
    .array(inactivityStepSchema)
    .min(1, { error: 'expected at least one step' })
    .refine(ascendingAfterDays, { error: 'expected afterDays in ascending order' })
    .refine((steps) => steps.every((s, i) => i === 0 || s.reduceBy >= steps[i - 1]!.reduceBy), {
      error: 'expected reduceBy never to fall from one step to the next',
    }),
});

const channelLimitSchema = z.strictObject({ label: text().optional(), max: positiveNumber() });

export const tierSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, {
    error: 'expected a tier name of lowercase letters, digits and "_" (a HubSpot option value)',
  }),
  label: text().optional(),
  minScore: finiteNumber().optional(),
});

export const DISQUALIFIED_TIER = 'disqualified';

/** Highest first; the last tier has no minScore and catches the rest. */
export const tiersSchema = z
  .array(tierSchema)
  .min(1, { error: 'expected at least one tier' })
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (!last && tier.minScore === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'minScore'],
          message: 'expected a minScore (only the last tier catches the rest)',
        });
      }
      if (last && tier.minScore !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'minScore'],
          message: 'expected no minScore on the last tier: it catches the rest',
        });
      }
      const previous = tiers[i - 1]?.minScore;
      if (tier.minScore !== undefined && previous !== undefined && tier.minScore >= previous) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'minScore'],
          message: 'expected tiers from highest minScore to lowest',
        });
      }
      if (tier.name === DISQUALIFIED_TIER) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `expected another name: "${DISQUALIFIED_TIER}" is reserved for knockouts`,
        });
      }
      if (tiers.findIndex((t) => t.name === tier.name) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `expected a unique tier name; "${tier.name}" is used twice`,
        });
      }
    });
  });

export const scoringModelSchema = z
  .strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    name: text(),
    description: z.string().optional(),
    /** Canonical value -> other spellings, for equals / oneOf / notOneOf ("NL", "Nederland"). */
    aliases: z.record(z.string(), textList()).default({}),
    fit: fitSchema,
    engagement: z.strictObject({
      channels: z.partialRecord(channelSchema, channelLimitSchema).default({}),
      touchpoints: z.array(touchpointSchema).default([]),
      inactivity: inactivitySchema.optional(),
    }),
    score: z
      .strictObject({ min: finiteNumber(), max: finiteNumber() })
      .refine((s) => s.min < s.max, { error: 'expected min to be below max' }),
    tiers: tiersSchema,
    review: z
      .strictObject({
        /** A half-life is continuous: review when a touchpoint will have lost this many points. */
        minPointsChange: positiveNumber().default(1),
      })
      .default({ minPointsChange: 1 }),
    fairness: z
      .strictObject({
        /**
         * The documented override: a property whose NAME looks protected but is not (for example
         * `race_event_attended` for a marathon), with the reason. It cannot make a protected
         * attribute a criterion; it corrects a false alarm, and the reason is shown in reports.
         */
        notProtected: z
          .array(z.strictObject({ property: propertyName(), reason: text() }))
          .default([]),
      })
      .default({ notProtected: [] }),
    /** Dutch labels by key (ids, tier names, `channel:web`, ...): see translations.ts. */
    translations: translationsSchema.optional(),
  })
  .superRefine((model, ctx) => {
    const seen = new Map<string, string>();
    const claim = (id: string, path: (string | number)[]) => {
      const where = seen.get(id);
      if (where)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `expected a unique id; "${id}" is also used at ${where}`,
        });
      else seen.set(id, formatPath(path));
    };
    model.fit.groups.forEach((group, g) =>
      group.criteria.forEach((c, i) => claim(c.id, ['fit', 'groups', g, 'criteria', i, 'id'])),
    );
    // Across profiles too: a criterion id names one line of the breakdown and of calibration.
    model.fit.profiles?.forEach((profile, p) =>
      profile.groups.forEach((group, g) =>
        group.criteria.forEach((c, i) =>
          claim(c.id, ['fit', 'profiles', p, 'groups', g, 'criteria', i, 'id']),
        ),
      ),
    );
    model.engagement.touchpoints.forEach((t, i) =>
      claim(t.id, ['engagement', 'touchpoints', i, 'id']),
    );
  })
  .superRefine(checkTranslationKeys);

export type ScoringModel = z.infer<typeof scoringModelSchema>;
export type ScoringModelInput = z.input<typeof scoringModelSchema>;

/** `engagement.touchpoints[2].decay.halfLifeDays` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(model)';
}
