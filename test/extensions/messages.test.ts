import { describe, expect, it } from 'vitest';
import { formatPoints } from '../../extensions/score-card/format.ts';
import { en } from '../../extensions/score-card/messages/en.ts';
import { messagesFor } from '../../extensions/score-card/messages/index.ts';
import { nl } from '../../extensions/score-card/messages/nl.ts';

describe('the card in the user language', () => {
  it('picks the language from the locale, English when it is unknown', () => {
    expect(messagesFor('en-gb')).toBe(en);
    expect(messagesFor(undefined)).toBe(en);
    expect(messagesFor('nl-NL')).toBe(nl);
    expect(messagesFor('nl_be')).toBe(nl);
    expect(messagesFor('de-de')).toBe(en);
  });

  it('has every text in Dutch, none left in English', () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
    // Same in both languages by nature: the word "Score", the dash for "unknown".
    const alike = new Set(['scoreLabel', 'trendScoreAxis', 'unknownValue', 'rowLabel']);
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      if (alike.has(key) || typeof en[key] !== 'string') continue;
      expect(nl[key], key).not.toBe(en[key]);
    }
    expect(nl.hubspotBusy(10)).not.toBe(en.hubspotBusy(10));
    expect(nl.backendFailed(502)).toBe('De scoringsdienst faalde (HTTP 502). Probeer het opnieuw.');
  });

  it('names the operator action for unreadable tokens in both languages', () => {
    for (const messages of [en, nl]) {
      expect(messages.tokenUndecryptable).toContain('TOKEN_ENCRYPTION_KEY');
    }
    expect(en.tokenUndecryptable).toContain('reinstall');
    expect(nl.tokenUndecryptable).toContain('opnieuw te installeren');
  });

  it("writes points with a sign and the language's decimal separator", () => {
    expect(formatPoints(12.5, 'en-US')).toBe('+12.5');
    expect(formatPoints(-6.25, 'en-US')).toBe('−6.25');
    expect(formatPoints(-6.25, 'nl-NL')).toBe('−6,25');
    expect(formatPoints(0.001, 'en-US')).toBe('0');
  });

  it('words both kinds of decay rule, in both languages', () => {
    const steps = {
      steps: [
        { afterDays: 30, keep: 0.5 },
        { afterDays: 90, keep: 0 },
      ],
    };
    expect(en.decayRule({ halfLifeDays: 1 })).toBe('halves every 1 day');
    expect(en.decayRule(steps)).toBe('50% after 30 days, 0% after 90 days');
    expect(nl.decayRule({ halfLifeDays: 1 })).toBe('halveert elke 1 dag');
    expect(nl.decayRule(steps)).toBe('50% na 30 dagen, 0% na 90 dagen');
    expect(en.decayLine('Webinar', '10', '10', 'halves every 30 days', 0)).toBe(
      'Webinar: 10 → 10, halves every 30 days, last activity today',
    );
  });

  it('says how long to wait in seconds, or a minute when HubSpot did not say', () => {
    expect(en.hubspotBusy(1)).toContain('try again in 1 second.');
    expect(en.hubspotBusy(undefined)).toContain('try again in a minute.');
    expect(nl.hubspotSlow(1)).toContain('over 1 seconde opnieuw');
  });
});
