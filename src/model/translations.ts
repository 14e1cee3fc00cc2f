import { z } from 'zod';

/**
 * Labels in the recruiter's language. A model's `label` fields are English; `translations.nl`
 * gives the Dutch label per key, so the card and the settings page can speak the HubSpot user's
 * language without a second model file. Keys name things in the model:
 *
 * - `model` (the model's name), ids of fit profiles, fit groups, criteria and touchpoints;
 * - tiers by name (`hot`), and `disqualified`, the knockout tier every model has;
 * - channels as `channel:<name>` (`channel:web`);
 * - content items as `<touchpoint-id>/<item label>` (`content-downloads/Salary guide`).
 *
 * Kept free of runtime imports from model-schema.ts: that file imports this one.
 */

/** Languages a label can be shown in; English is the model's own `label` fields. */
export const LOCALES = ['en', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

/** Languages `translations` may hold: every one except English, which is the `label` itself. */
export const TRANSLATED_LOCALES = ['nl'] as const satisfies readonly Locale[];
type TranslatedLocale = (typeof TRANSLATED_LOCALES)[number];

const dutchLabel = z
  .string({ error: 'expected a Dutch label (a non-empty text)' })
  .trim()
  .min(1, { error: 'expected a Dutch label (a non-empty text)' });

export const translationsSchema = z.strictObject(
  {
    nl: z
      .record(z.string(), dutchLabel, { error: 'expected keys with their Dutch labels' })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `expected only nl (English is the label field itself), not ${issue.keys.join(', ')}`
        : 'expected nl: { <key>: <Dutch label> }',
  },
);
export type Translations = z.infer<typeof translationsSchema>;

/**
 * The parts of a parsed model that carry labels. Structural on purpose: it fits the parsed
 * model with or without fit profiles, and keeps this file free of a circular type.
 */
export interface TranslatableModel {
  name: string;
  fit: {
    groups: readonly LabelledGroup[];
    profiles?: readonly { id: string; label: string; groups: readonly LabelledGroup[] }[];
  };
  engagement: {
    channels: Partial<Record<string, { label?: string | undefined } | undefined>>;
    touchpoints: readonly {
      id: string;
      label: string;
      channel: string;
      content?: readonly { label: string }[] | undefined;
    }[];
  };
  tiers: readonly { name: string; label?: string | undefined }[];
  translations?: Translations | undefined;
}
interface LabelledGroup {
  id: string;
  label: string;
  criteria: readonly { id: string; label: string }[];
}

/** Channel and knockout labels every model shows, even when the model names none. */
const BUILT_IN_LABELS: Readonly<Record<string, Record<Locale, string>>> = {
  'channel:web': { en: 'Website', nl: 'Website' },
  'channel:email': { en: 'Marketing email', nl: 'Marketingmail' },
  'channel:content': { en: 'Content and forms', nl: 'Content en formulieren' },
  'channel:social': { en: 'Social media', nl: 'Social media' },
  'channel:ads': { en: 'Ads', nl: 'Advertenties' },
  'channel:recruiter': { en: 'Recruiter contact', nl: 'Contact met een recruiter' },
  disqualified: { en: 'Disqualified', nl: 'Uitgesloten' },
};

/** Every key a translation may use, with its English label, in the order of the model file. */
export function translationKeys(model: TranslatableModel): ReadonlyMap<string, string> {
  const cached = keysOf.get(model);
  if (cached) return cached;
  const keys = new Map<string, string>();
  const add = (key: string, label: string) => {
    if (!keys.has(key)) keys.set(key, label);
  };
  add('model', model.name);
  const addGroups = (groups: readonly LabelledGroup[]) => {
    for (const group of groups) {
      add(group.id, group.label);
      for (const criterion of group.criteria) add(criterion.id, criterion.label);
    }
  };
  for (const profile of model.fit.profiles ?? []) {
    add(profile.id, profile.label);
    addGroups(profile.groups);
  }
  addGroups(model.fit.groups);
  // A channel is named by a cap or by a touchpoint that uses it.
  const channels = new Set(Object.keys(model.engagement.channels));
  for (const touchpoint of model.engagement.touchpoints) channels.add(touchpoint.channel);
  for (const channel of channels) {
    const key = `channel:${channel}`;
    add(key, model.engagement.channels[channel]?.label ?? BUILT_IN_LABELS[key]?.en ?? channel);
  }
  for (const touchpoint of model.engagement.touchpoints) {
    add(touchpoint.id, touchpoint.label);
    for (const item of touchpoint.content ?? []) add(`${touchpoint.id}/${item.label}`, item.label);
  }
  for (const tier of model.tiers) add(tier.name, tier.label ?? tier.name);
  add('disqualified', BUILT_IN_LABELS['disqualified']!.en);
  keysOf.set(model, keys);
  return keys;
}
// Parsed models are never changed in place (an edit parses a new one), so identity is a safe key.
const keysOf = new WeakMap<TranslatableModel, ReadonlyMap<string, string>>();

/**
 * The label of `key` in `locale`: the model's translation, else (for built-in keys such as
 * `channel:web`) the app's own, else the English label; a key the model does not know comes
 * back as itself, so a view never shows an empty line.
 */
export function labelFor(model: TranslatableModel, key: string, locale: Locale): string {
  const english = translationKeys(model).get(key);
  if (locale !== 'en') {
    const translated = model.translations?.[locale]?.[key] ?? builtInLabel(key, english, locale);
    if (translated !== undefined) return translated;
  }
  return english ?? BUILT_IN_LABELS[key]?.en ?? key;
}

/** The app's own label, only while the model keeps the English one: a renamed channel needs its own. */
function builtInLabel(
  key: string,
  english: string | undefined,
  locale: Locale,
): string | undefined {
  const builtIn = BUILT_IN_LABELS[key];
  return builtIn && (english === undefined || english === builtIn.en) ? builtIn[locale] : undefined;
}

/** HubSpot sends a user's locale as `nl`, `nl-nl` or `nl-BE`; anything not Dutch reads English. */
export function localeFrom(userLocale: string | undefined | null): Locale {
  return /^nl(?:[-_]|$)/i.test(userLocale?.trim() ?? '') ? 'nl' : 'en';
}

/** Keys of the model that `locale` has no label for: a template must have none. */
export function missingTranslations(model: TranslatableModel, locale: TranslatedLocale): string[] {
  const given = model.translations?.[locale] ?? {};
  return [...translationKeys(model)].flatMap(([key, english]) =>
    Object.hasOwn(given, key) || builtInLabel(key, english, locale) !== undefined ? [] : [key],
  );
}

interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
}

/** Refines the whole model: every translation key must name something in it. */
export function checkTranslationKeys(model: TranslatableModel, ctx: IssueSink): void {
  const known = translationKeys(model);
  for (const locale of TRANSLATED_LOCALES) {
    for (const key of Object.keys(model.translations?.[locale] ?? {})) {
      if (known.has(key)) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['translations', locale, key],
        message: `"${key}" names nothing in this model; expected "model", the id of a profile, group, criterion or touchpoint, a tier name, "channel:<name>" or "<touchpoint-id>/<content label>"${suggestionFor(key, known)}`,
      });
    }
  }
}

/** A key that differs only in case or spacing is most likely a typo of that key. */
function suggestionFor(key: string, known: ReadonlyMap<string, string>): string {
  const squash = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');
  const close = [...known.keys()].find((candidate) => squash(candidate) === squash(key));
  return close ? ` (did you mean "${close}"?)` : '';
}
