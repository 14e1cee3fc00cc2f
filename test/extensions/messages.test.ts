import { describe, expect, it } from 'vitest';
import { formatPoints } from '../../extensions/score-card/format.ts';
import { en } from '../../extensions/score-card/messages/en.ts';
import { messagesFor } from '../../extensions/score-card/messages/index.ts';

describe('the card in the user language', () => {
  it('picks English for any English locale and when the locale is unknown', () => {
    expect(messagesFor('en-gb')).toBe(en);
    expect(messagesFor(undefined)).toBe(en);
    // Until nl.ts exists, Dutch users read English rather than nothing.
    expect(messagesFor('nl-NL')).toBe(en);
  });

  it("writes points with a sign and the language's decimal separator", () => {
    expect(formatPoints(12.5, 'en-US')).toBe('+12.5');
    expect(formatPoints(-6.25, 'en-US')).toBe('−6.25');
    expect(formatPoints(-6.25, 'nl-NL')).toBe('−6,25');
    expect(formatPoints(0.001, 'en-US')).toBe('0');
  });

  it('words both kinds of decay rule', () => {
    expect(en.decayRule({ halfLifeDays: 1 })).toBe('halves every 1 day');
    expect(
      en.decayRule({
        steps: [
          { afterDays: 30, keep: 0.5 },
          { afterDays: 90, keep: 0 },
        ],
      }),
    ).toBe('50% after 30 days, 0% after 90 days');
    expect(en.decayLine('Webinar', '10', '10', 'halves every 30 days', 0)).toBe(
      'Webinar: 10 → 10, halves every 30 days, last activity today',
    );
  });
});
