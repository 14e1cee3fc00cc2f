import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findTemplate,
  loadTemplate,
  missingTranslations,
  MODEL_TEMPLATES,
  parseModel,
  TEMPLATES_DIRECTORY,
  templateText,
  UnknownTemplateError,
} from '../../src/model/index.ts';
import {
  compileModel,
  scoreContact,
  type ContactHistory,
  type ContactProperties,
} from '../../src/scoring/index.ts';
import { runCli } from '../cli/cli-helpers.ts';
import { daysAgo, NOW } from '../helpers/scoring-fixtures.ts';

/**
 * HubSpot's default contact properties that are worth scoring: every account has them, so a
 * template that reads only these scores in a fresh account. `years_of_experience` is not one.
 */
const HUBSPOT_DEFAULT_PROPERTIES = new Set([
  'jobtitle',
  'industry',
  'city',
  'state',
  'country',
  'zip',
  'hs_analytics_num_page_views',
  'hs_analytics_num_visits',
  'hs_analytics_last_visit_timestamp',
  'hs_analytics_last_timestamp',
  'hs_analytics_first_timestamp',
  'hs_analytics_last_url',
  'hs_analytics_first_url',
  'hs_analytics_source',
  'hs_email_open',
  'hs_email_click',
  'hs_email_replied',
  'hs_email_bounce',
  'hs_email_last_open_date',
  'hs_email_last_click_date',
  'hs_email_last_reply_date',
  'hs_email_sends_since_last_engagement',
  'num_conversion_events',
  'recent_conversion_event_name',
  'recent_conversion_date',
  'hs_social_num_broadcast_clicks',
  'hs_social_last_engagement',
  'engagements_last_meeting_booked',
  'hs_sales_email_last_replied',
]);

/** Some interest, as a latent candidate shows it: a few visits, an opened email, one download. */
function someEngagement(download: string): ContactProperties {
  return {
    hs_analytics_num_page_views: '6',
    hs_analytics_num_visits: '3',
    hs_analytics_last_visit_timestamp: daysAgo(4),
    hs_analytics_last_timestamp: daysAgo(4),
    hs_email_open: '2',
    hs_email_last_open_date: daysAgo(9),
    num_conversion_events: '1',
    recent_conversion_event_name: download,
    recent_conversion_date: daysAgo(12),
  };
}

interface Candidates {
  /** A typical fitting latent candidate, as HubSpot returns them. */
  fitting: ContactProperties;
  /** The fit criterion a fitting candidate's job title must meet (so the keywords really work). */
  fittingRole: string;
  /** Someone the team would not approach, with the same engagement. */
  notFitting: ContactProperties;
}

const CANDIDATES: Record<string, Candidates> = {
  'software-it': {
    fitting: {
      jobtitle: 'Senior Back-End Developer',
      country: 'Nederland',
      city: 'Utrecht',
      industry: 'COMPUTER_SOFTWARE',
      ...someEngagement('Salarisgids IT 2026'),
    },
    fittingRole: 'software-role',
    notFitting: {
      jobtitle: 'Kassamedewerker',
      country: 'Netherlands',
      city: 'Emmen',
      industry: 'RETAIL',
      ...someEngagement('Nieuwsbrief'),
    },
  },
  healthcare: {
    fitting: {
      jobtitle: 'Wijkverpleegkundige (hbo)',
      country: 'NL',
      state: 'Gelderland',
      city: 'Arnhem',
      industry: 'HOSPITAL_HEALTH_CARE',
      ...someEngagement('Aanmelding meeloopdag thuiszorg'),
    },
    fittingRole: 'nursing-role',
    notFitting: {
      jobtitle: 'Software Developer',
      country: 'Netherlands',
      city: 'Delft',
      industry: 'COMPUTER_SOFTWARE',
      ...someEngagement('Nieuwsbrief'),
    },
  },
  engineering: {
    fitting: {
      jobtitle: 'Allround Servicemonteur',
      country: 'Nederland',
      state: 'Noord-Brabant',
      city: 'Helmond',
      industry: 'MACHINERY',
      ...someEngagement('Bedrijfsbezoek Brainport'),
    },
    fittingRole: 'technician-role',
    notFitting: {
      jobtitle: 'Verzorgende IG',
      country: 'Netherlands',
      city: 'Zwolle',
      industry: 'HOSPITAL_HEALTH_CARE',
      ...someEngagement('Nieuwsbrief'),
    },
  },
  logistics: {
    fitting: {
      jobtitle: 'Chauffeur CE internationaal',
      country: 'Netherlands',
      state: 'Limburg',
      city: 'Venlo',
      industry: 'LOGISTICS_AND_SUPPLY_CHAIN',
      ...someEngagement('Salary check CAO beroepsgoederenvervoer'),
    },
    fittingRole: 'driving-role',
    notFitting: {
      jobtitle: 'Docent Engels',
      country: 'Netherlands',
      city: 'Groningen',
      industry: 'EDUCATION_MANAGEMENT',
      ...someEngagement('Nieuwsbrief'),
    },
  },
  'sales-service': {
    fitting: {
      jobtitle: 'Senior Accountmanager binnendienst',
      country: 'Nederland',
      city: 'Amersfoort',
      industry: 'WHOLESALE',
      ...someEngagement('Salarisgids sales: bonus en provisie'),
    },
    fittingRole: 'sales-role',
    notFitting: {
      jobtitle: 'Orderpicker',
      country: 'Poland',
      city: 'Wroclaw',
      industry: 'WAREHOUSING',
      ...someEngagement('Nieuwsbrief'),
    },
  },
  general: {
    fitting: {
      jobtitle: 'Senior financieel administrateur',
      country: 'Netherlands',
      city: 'Zwolle',
      industry: 'ACCOUNTING',
      ...someEngagement('Vacature alert administratie'),
    },
    fittingRole: 'job-title-known',
    notFitting: {
      jobtitle: 'Werkstudent',
      country: 'Spain',
      ...someEngagement('Nieuwsbrief'),
    },
  },
};

/** The download as HubSpot's property history lists it (what the app reads with history). */
function historyOf(properties: ContactProperties): ContactHistory {
  return {
    recent_conversion_event_name: [
      {
        value: String(properties['recent_conversion_event_name']),
        timestamp: String(properties['recent_conversion_date']),
      },
    ],
  };
}

describe('the model templates', () => {
  it('ships one template per job family the issue names, each with its own file', () => {
    expect(MODEL_TEMPLATES.map((t) => t.id)).toEqual(Object.keys(CANDIDATES));
    expect(new Set(MODEL_TEMPLATES.map((t) => t.file)).size).toBe(MODEL_TEMPLATES.length);
  });

  describe.each(MODEL_TEMPLATES.map((t) => [t.id, t] as const))('%s', (id, template) => {
    it('loads and validates, with the name and description the list shows', async () => {
      const model = await loadTemplate(id);
      expect(model.name).toBe(template.name.en);
      expect(model.translations?.nl?.['model']).toBe(template.name.nl);
      expect(model.description).toBe(template.description.en);
    });

    it("reads only HubSpot's default contact properties", async () => {
      const compiled = compileModel(await loadTemplate(id));
      const custom = compiled.properties.filter((p) => !HUBSPOT_DEFAULT_PROPERTIES.has(p));
      expect(custom).toEqual([]);
      expect(compiled.properties).toContain('jobtitle');
    });

    it('has a Dutch label for everything it names', async () => {
      expect(missingTranslations(await loadTemplate(id), 'nl')).toEqual([]);
    });

    it('scores a typical fitting candidate at least warm, and above one who does not fit', async () => {
      const compiled = compileModel(await loadTemplate(id));
      const { fitting, fittingRole, notFitting } = CANDIDATES[id]!;
      const good = scoreContact(compiled, fitting, NOW, historyOf(fitting));
      const poor = scoreContact(compiled, notFitting, NOW, historyOf(notFitting));
      expect(good.breakdown.map((line) => line.id)).toContain(fittingRole);
      expect(['hot', 'warm']).toContain(good.tier);
      expect(['cold', 'disqualified']).toContain(poor.tier);
      expect(good.score).toBeGreaterThan(poor.score);
      // Same engagement for both: the difference is who they are.
      expect(good.fit).toBeGreaterThan(poor.fit);
    });
  });

  it('gives the file as shipped, comments included, and refuses an unknown id by name', async () => {
    const text = await templateText('healthcare');
    expect(text).toBe(readFileSync(join(TEMPLATES_DIRECTORY, 'healthcare.yaml'), 'utf8'));
    expect(text).toMatch(/^# Template: healthcare and care\./);
    expect(findTemplate('nursing')).toBeUndefined();
    await expect(templateText('nursing')).rejects.toThrow(UnknownTemplateError);
    await expect(templateText('nursing')).rejects.toThrow(
      'no template "nursing"; choose one of: software-it, healthcare, engineering, logistics, sales-service, general',
    );
  });
});

describe('recruitment-score templates', () => {
  it('lists every template by id and name, in English or Dutch', async () => {
    const english = await runCli(['templates']);
    const dutch = await runCli(['templates', '--locale', 'nl']);
    expect(english.code).toBe(0);
    for (const template of MODEL_TEMPLATES) {
      expect(english.stdout).toMatch(new RegExp(`^  ${template.id} +${template.name.en}$`, 'm'));
      expect(dutch.stdout).toMatch(new RegExp(`^  ${template.id} +${template.name.nl}$`, 'm'));
    }
  });

  it('prints a template that validates as a model file of its own', async () => {
    const run = await runCli(['templates', 'show', 'logistics']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await templateText('logistics'));
    expect(parseModel(run.stdout, 'my-model.yaml').name).toBe('Logistics and transport');
  });

  it('refuses an unknown template or action with the ids to choose from (exit code 2)', async () => {
    const unknown = await runCli(['templates', 'show', 'nursing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain(
      'templates show: no template "nursing"; choose one of: software-it',
    );
    const action = await runCli(['templates', 'delete', 'general']);
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('templates: unknown action "delete"');
  });
});
