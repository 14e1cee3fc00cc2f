import { describe, expect, it } from 'vitest';
import { en } from '../../extensions/settings-page/messages/en.ts';
import { settingsMessagesFor } from '../../extensions/settings-page/messages/index.ts';
import { nl } from '../../extensions/settings-page/messages/nl.ts';

/** Every text of a messages object, the functions called with sample arguments. */
function texts(messages: typeof en): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (prefix: string, value: unknown) => {
    if (typeof value === 'string') out[prefix] = value;
    else if (typeof value === 'function') {
      out[prefix] = String((value as (...args: unknown[]) => unknown)(3, 7, 11, 13));
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(`${prefix}.${key}`, inner);
    }
  };
  for (const [key, value] of Object.entries(messages)) visit(key, value);
  return out;
}

describe('the settings page in the user language', () => {
  it('picks the language from the locale, English when it is unknown', () => {
    expect(settingsMessagesFor('nl-nl')).toBe(nl);
    expect(settingsMessagesFor('NL_be')).toBe(nl);
    expect(settingsMessagesFor('en-us')).toBe(en);
    expect(settingsMessagesFor('fr-fr')).toBe(en);
    expect(settingsMessagesFor(undefined)).toBe(en);
  });

  it('has every text in Dutch, none empty and none left in English', () => {
    const english = texts(en);
    const dutch = texts(nl);
    expect(Object.keys(dutch).sort()).toEqual(Object.keys(english).sort());
    // The same in both languages by nature: names, the YAML tab, "→" lines, loanwords.
    const alike = new Set([
      'tabModel',
      'tabYaml',
      'tierMove',
      'contactColumn',
      'criteriaTitle',
      'channels.web',
      'channels.content',
      'statusColumn',
      'matches',
    ]);
    for (const [key, text] of Object.entries(english)) {
      expect(text.trim(), key).not.toBe('');
      if (!alike.has(key)) expect(dutch[key], key).not.toBe(text);
    }
  });

  it('says who may publish, in both languages', () => {
    expect(en.onlySuperAdmins).toBe(
      'Only super admins may publish, roll back or choose a template.',
    );
    expect(nl.onlySuperAdmins).toBe(
      'Alleen superbeheerders mogen publiceren, terugzetten of een sjabloon kiezen.',
    );
  });
});
