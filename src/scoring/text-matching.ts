/**
 * Case- and accent-insensitive matching of HubSpot free-text values ("Nederland", "Back-End
 * Developer", "COMPUTER_SOFTWARE"). Values repeat a lot across contacts (countries, industries,
 * job titles), so normalised forms are memoised.
 */

const NON_ASCII = /[^\u0020-\u007e]/;
const COMBINING_MARKS = /\p{M}+/gu;
const SEPARATORS = /[^a-z0-9]+/g;

const MEMO_LIMIT = 50_000;
const memo = new Map<string, string>();

/** Lowercase, accents removed, every run of non-alphanumerics one space, trimmed. */
export function normalizeText(value: string): string {
  const known = memo.get(value);
  if (known !== undefined) return known;
  let text = value;
  if (NON_ASCII.test(text)) text = text.normalize('NFKD').replace(COMBINING_MARKS, '');
  const normalized = text.toLowerCase().replace(SEPARATORS, ' ').trim();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(value, normalized);
  return normalized;
}

/** Canonical spelling for each alias: "nl" -> "netherlands". */
export type AliasTable = ReadonlyMap<string, string>;

export function buildAliasTable(aliases: Readonly<Record<string, readonly string[]>>): AliasTable {
  const table = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(aliases)) {
    const target = normalizeText(canonical);
    for (const spelling of spellings) table.set(normalizeText(spelling), target);
  }
  return table;
}

export function canonicalValue(normalized: string, aliases: AliasTable): string {
  return aliases.get(normalized) ?? normalized;
}

/** A set of values in canonical form, for equals / oneOf / notOneOf. */
export function buildValueSet(
  values: readonly (string | number | boolean)[],
  aliases: AliasTable,
): ReadonlySet<string> {
  return new Set(values.map((v) => canonicalValue(normalizeText(String(v)), aliases)));
}

/** Whole-word (or whole-phrase) search of keywords in a normalised text. */
export function buildKeywordMatcher(
  keywords: readonly string[],
): (normalizedText: string) => boolean {
  const phrases = [...new Set(keywords.map(normalizeText).filter(Boolean))];
  // Normalised text holds only [a-z0-9 ], so the phrases need no escaping.
  const pattern = new RegExp(`(?:^| )(?:${phrases.join('|')})(?= |$)`);
  return (normalizedText) => pattern.test(normalizedText);
}

/**
 * Remembers a text test's answers: job titles, countries and content names repeat across
 * contacts, and a Map lookup is cheaper than a regular expression.
 */
export function memoizeTextTest<T>(test: (text: string) => T): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined && !answers.has(text)) {
      answer = test(text);
      if (answers.size >= MEMO_LIMIT) answers.clear();
      answers.set(text, answer);
    }
    return answer as T;
  };
}
