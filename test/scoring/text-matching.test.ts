import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreContact } from '../../src/scoring/index.ts';
import {
  buildAliasTable,
  buildKeywordMatcher,
  buildValueSet,
  normalizeText,
} from '../../src/scoring/text-matching.ts';
import { MINIMAL_MODEL_HEAD, modelFrom, NOW } from '../helpers/scoring-fixtures.ts';

const noAliases = buildAliasTable({});
const inSet = (values: string[], text: string) =>
  buildValueSet(values, noAliases).has(normalizeText(text));
const hasKeyword = (keywords: string[], text: string) =>
  buildKeywordMatcher(keywords)(normalizeText(text));

describe('text matching: marks that carry meaning stay with their word', () => {
  it.each([
    ['>4', '4'],
    ['<1', '1'],
    ['C++', 'C'],
    ['C#', 'C'],
    ['.NET', 'NET'],
    ['20+', '20'],
  ])('"%s" does not equal "%s"', (value, other) => {
    expect(inSet([value], other)).toBe(false);
    expect(inSet([other], value)).toBe(false);
    expect(inSet([value], value)).toBe(true);
  });

  it.each([
    ['>4', '> 4'],
    ['<1', '< 1'],
    ['>=5', '>= 5'],
    ['C++', 'c++'],
    ['C#', 'c#'],
    ['.NET', '.net'],
    ['Développeur C++', 'developpeur c++'],
  ])('still folds case, accents and the space after < or >: "%s" equals "%s"', (a, b) => {
    expect(normalizeText(a)).toBe(normalizeText(b));
  });

  it.each([
    ['Back-End Developer', 'back end developer'],
    ['COMPUTER_SOFTWARE', 'computer software'],
    ['Nederland.', 'nederland'],
    ['Sales + Marketing', 'sales marketing'],
    ['ASP.NET, C# & SQL', 'asp .net c# sql'],
    ['v4.5', 'v4 5'],
    ['C/C++ (embedded)', 'c c++ embedded'],
    ['#1 recruiter!', '1 recruiter'],
    ['5 > 4', '5 >4'],
  ])('ordinary punctuation is still a space: "%s" -> "%s"', (text, normalized) => {
    expect(normalizeText(text)).toBe(normalized);
  });

  it('finds C++ and .NET as keywords, and not C in C++ nor C++ in C', () => {
    expect(hasKeyword(['c++'], 'Senior C++ Developer')).toBe(true);
    expect(hasKeyword(['c'], 'Senior C++ Developer')).toBe(false);
    expect(hasKeyword(['c++'], 'Senior C Developer')).toBe(false);
    expect(hasKeyword(['.net'], 'Lead .NET engineer')).toBe(true);
    expect(hasKeyword(['.net'], 'Lead net engineer')).toBe(false);
    expect(hasKeyword(['.net'], 'ASP.NET developer')).toBe(true);
    expect(hasKeyword(['.net'], 'VB.NET')).toBe(true);
    expect(hasKeyword(['werkenbij'], 'werkenbij.nl newsletter')).toBe(true);
    expect(hasKeyword(['c#', 'java'], 'C# developer')).toBe(true);
    expect(hasKeyword(['back end'], 'Back-End Developer')).toBe(true);
  });

  it('scores oneOf [">4"] for ">4" years and not for "4"', () => {
    const model = modelFrom(`${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: senior, label: More than 4 years, property: years_band, points: 9, when: { oneOf: ['>4'] } }
        - { id: starter, label: Under a year, property: years_band, points: 2, when: { oneOf: ['<1'] } }
engagement: {}
`);
    expect(scoreContact(model, { years_band: '>4' }, NOW).fit).toBe(9);
    expect(scoreContact(model, { years_band: '4' }, NOW).fit).toBe(0);
    expect(scoreContact(model, { years_band: '< 1' }, NOW).fit).toBe(2);
    expect(scoreContact(model, { years_band: '1' }, NOW).fit).toBe(0);
  });
});

describe('text matching: invariants', () => {
  const words = fc.stringMatching(/^[A-Za-z0-9+#<>.éüÅ]{1,8}$/);
  const separator = fc.constantFrom(' ', '-', '_', '/', ', ', '  ', ' - ');

  it('normalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('words joined by any ordinary separator normalise alike', () => {
    fc.assert(
      fc.property(fc.array(words, { minLength: 1, maxLength: 4 }), separator, (parts, sep) => {
        // Only a space may stand between < or > and its number ("< 1"); "<-1" is no "<1".
        fc.pre(parts.every((part) => !/[<>]=?$/.test(part)));
        expect(normalizeText(parts.join(sep))).toBe(normalizeText(parts.join(' ')));
      }),
      { numRuns: 1000 },
    );
  });

  it('a text without + # < > . normalises as before: letters and digits, one space between', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 ,;:!?()\-_/'"]{0,30}$/), (text) => {
        const plain = text
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, ' ')
          .trim();
        expect(normalizeText(text)).toBe(plain);
      }),
      { numRuns: 1000 },
    );
  });

  it('a keyword is found in any text that contains its normalised words', () => {
    fc.assert(
      fc.property(words, words, words, (before, keyword, after) => {
        // "< 5" is "<5": a text ending in < or > before the keyword changes its meaning.
        fc.pre(normalizeText(keyword) !== '' && !/[<>]=?$/.test(before));
        expect(hasKeyword([keyword], `${before} ${keyword} ${after}`)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
