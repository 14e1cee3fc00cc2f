import { describe, expect, it } from 'vitest';
import {
  labelFor,
  localeFrom,
  missingTranslations,
  parseModel,
  translationKeys,
} from '../../src/model/index.ts';
import { MINIMAL_MODEL_HEAD, modelProblems } from '../helpers/scoring-fixtures.ts';

/** A small model with one of everything a translation can name. */
const MODEL = `${MINIMAL_MODEL_HEAD.replace('name: Test', 'name: Nurses')}
fit:
  groups:
    - id: job-function
      label: Job function
      criteria:
        - { id: nursing-role, label: Works as a nurse, property: jobtitle, points: 15, when: { keywords: [nurse] } }
engagement:
  channels:
    content: { label: Downloads, max: 25 }
  touchpoints:
    - id: content-downloads
      label: Content downloads
      channel: content
      history: recent_conversion_event_name
      content:
        - { label: Salary guide, match: [salary guide], points: 25 }
    - { id: page-views, label: Page views, channel: web, count: hs_analytics_num_page_views, points: 3 }
`;

function withTranslations(entries: string): string {
  return `${MODEL}translations:\n  nl:\n${entries}`;
}

describe('Dutch labels in a model file', () => {
  it('lists every key a translation may use, with its English label', () => {
    const keys = translationKeys(parseModel(MODEL, 'test'));
    expect([...keys]).toEqual([
      ['model', 'Nurses'],
      ['job-function', 'Job function'],
      ['nursing-role', 'Works as a nurse'],
      ['channel:content', 'Downloads'],
      ['channel:web', 'Website'],
      ['content-downloads', 'Content downloads'],
      ['content-downloads/Salary guide', 'Salary guide'],
      ['page-views', 'Page views'],
      ['hot', 'hot'],
      ['cold', 'cold'],
      ['disqualified', 'Disqualified'],
    ]);
  });

  it('gives the Dutch label for Dutch users and the English label field for everyone else', () => {
    const model = parseModel(
      withTranslations(
        '    nursing-role: Werkt als verpleegkundige\n    "content-downloads/Salary guide": Salarisgids\n',
      ),
      'test',
    );
    expect(labelFor(model, 'nursing-role', 'nl')).toBe('Werkt als verpleegkundige');
    expect(labelFor(model, 'content-downloads/Salary guide', 'nl')).toBe('Salarisgids');
    expect(labelFor(model, 'nursing-role', 'en')).toBe('Works as a nurse');
    // Not translated: the English label rather than an empty line.
    expect(labelFor(model, 'job-function', 'nl')).toBe('Job function');
    expect(labelFor(model, 'no-such-key', 'nl')).toBe('no-such-key');
  });

  it("uses the app's own Dutch channel and knockout labels unless the model renamed them", () => {
    const model = parseModel(MODEL, 'test');
    expect(labelFor(model, 'channel:web', 'nl')).toBe('Website');
    expect(labelFor(model, 'disqualified', 'nl')).toBe('Uitgesloten');
    // "Downloads" is the model's own English name: a built-in Dutch one could say something else.
    expect(labelFor(model, 'channel:content', 'nl')).toBe('Downloads');
    expect(missingTranslations(model, 'nl')).toEqual([
      'model',
      'job-function',
      'nursing-role',
      'channel:content',
      'content-downloads',
      'content-downloads/Salary guide',
      'page-views',
      'hot',
      'cold',
    ]);
  });

  it('refuses a key that names nothing in the model, by its path, with a hint for a near miss', () => {
    const problems = modelProblems(
      withTranslations(
        '    Nursing-Role: Verpleegkundige\n    "content-downloads/Whitepaper": Whitepaper\n',
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^translations\.nl\.Nursing-Role: "Nursing-Role" names nothing in this model; .* \(did you mean "nursing-role"\?\)$/,
      ),
      expect.stringMatching(
        /^translations\.nl\.content-downloads\/Whitepaper: "content-downloads\/Whitepaper" names nothing/,
      ),
    ]);
  });

  it('refuses an English section (the label field is English) and an empty Dutch label', () => {
    expect(modelProblems(`${MODEL}translations:\n  en: { nursing-role: Nurse }\n`)).toEqual([
      'translations: expected only nl (English is the label field itself), not en',
    ]);
    expect(modelProblems(withTranslations('    nursing-role: ""\n'))).toEqual([
      'translations.nl.nursing-role: expected a Dutch label (a non-empty text)',
    ]);
  });

  it('counts a profile of a model with several fit profiles as a key, with its groups', () => {
    const model = {
      name: 'Two families',
      fit: {
        groups: [],
        profiles: [
          {
            id: 'nurses',
            label: 'Nurses',
            groups: [{ id: 'role', label: 'Role', criteria: [{ id: 'nurse', label: 'Nurse' }] }],
          },
        ],
      },
      engagement: { channels: {}, touchpoints: [] },
      tiers: [{ name: 'cold' }],
      translations: { nl: { nurses: 'Verpleegkundigen' } },
    };
    expect([...translationKeys(model).keys()]).toEqual([
      'model',
      'nurses',
      'role',
      'nurse',
      'cold',
      'disqualified',
    ]);
    expect(labelFor(model, 'nurses', 'nl')).toBe('Verpleegkundigen');
  });

  it("reads HubSpot's user locales: nl, nl-nl and nl-BE are Dutch, the rest English", () => {
    expect(['nl', 'nl-nl', 'nl-BE', 'NL_nl'].map(localeFrom)).toEqual(['nl', 'nl', 'nl', 'nl']);
    expect(['en-us', 'de', 'nlx', '', undefined, null].map(localeFrom)).toEqual([
      'en',
      'en',
      'en',
      'en',
      'en',
      'en',
    ]);
  });
});
