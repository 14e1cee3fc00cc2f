import { describe, expect, it } from 'vitest';
import { INSTALL_MESSAGES } from '../../src/oauth/install-messages.ts';
import { MODEL_TEMPLATES } from '../../src/model/templates.ts';

const general = MODEL_TEMPLATES.find((template) => template.id === 'general')!;

describe('the page an admin sees when the install succeeded', () => {
  it('sends the admin to the settings page to choose a template, in English', () => {
    const text = INSTALL_MESSAGES.en.installed('agency.example (account 62515)').paragraphs;

    expect(text[0]).toContain('agency.example (account 62515)');
    expect(text.join(' ')).toContain('Connected apps > Recruitment lead scoring > Settings');
    expect(text.join(' ')).toContain(`the ${general.name.en} template`);
  });

  it('says the same in Dutch, naming the Dutch template name', () => {
    const text = INSTALL_MESSAGES.nl.installed('account 62515').paragraphs.join(' ');

    expect(text).toContain('Recruitment lead scoring > Instellingen');
    expect(text).toContain(`het sjabloon ${general.name.nl}`);
    expect(text).not.toContain('Settings');
  });
});
