/**
 * Case- and accent-insensitive matching of HubSpot free-text values ("Nederland", "Back-End
 * Developer", "COMPUTER_SOFTWARE"). Values repeat a lot across contacts (countries, industries,
 * job titles), so normalised forms are memoised.
 *
 * Punctuation is mostly spelling ("Back-End", "COMPUTER_SOFTWARE", "Nederland."), but a few
 * marks carry the meaning: `>4` and `<1` (years of experience as HubSpot picklists give them),
 * `C++`, `C#`, `.NET`, `20+`. Those stay part of their word; every other mark is a space.
 */

const NON_ASCII = /[^\u0020-\u007e]/;
const COMBINING_MARKS = /\p{M}+/gu;
const SEPARATORS = /[^a-z0-9]+/g;
/** Texts without these marks take the plain path: most values, and the fastest. */
const MEANINGFUL_MARKS = /[+#<>.]/;
/**
 * A word: letters and digits, with the marks that change its meaning attached:
 * `<`, `>`, `<=`, `>=` before a number (`< 1` is `<1`); a `.` before a letter starts a word
 * (`.net`, and `asp.net` is `asp .net`, so the keyword `.net` finds ASP.NET and VB.NET; the
 * full stop of `nederland.` goes); `+` and `#` straight after it (`c++`, `c#`, `20+`; a lone
 * `+` as in "Sales + Marketing" is a separator).
 */
const MEANINGFUL_WORD = /(?:[<>]=?[ \t]*(?=[0-9]))?(?:\.(?=[a-z]))?[a-z0-9]+[+#]*/g;
const INNER_SPACE = /[ \t]+/g;

const MEMO_LIMIT = 50_000;
const memo = new Map<string, string>();

/**
 * Lowercase, accents removed, words separated by one space, trimmed; the marks above stay with
 * their word. Normalising twice changes nothing (values and keywords are both normalised).
 */
export function normalizeText(value: string): string {
  const known = memo.get(value);
  if (known !== undefined) return known;
  let text = value;
  if (NON_ASCII.test(text)) text = text.normalize('NFKD').replace(COMBINING_MARKS, '');
  text = text.toLowerCase();
  const normalized = MEANINGFUL_MARKS.test(text)
    ? wordsWithMarks(text)
    : text.replace(SEPARATORS, ' ').trim();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(value, normalized);
  return normalized;
}

function wordsWithMarks(text: string): string {
  const words = text.match(MEANINGFUL_WORD);
  if (!words) return '';
  return words
    .map((word) => (word[0] === '<' || word[0] === '>' ? word.replace(INNER_SPACE, '') : word))
    .join(' ');
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
  // Normalised words may hold + # < > . (c++, .net, >4): escaped, they match only themselves.
  const pattern = new RegExp(`(?:^| )(?:${phrases.map(escapeRegExp).join('|')})(?= |$)`);
  return (normalizedText) => pattern.test(normalizedText);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
