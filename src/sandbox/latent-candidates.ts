/**
 * Realistic latent candidates for demos, benchmarks and end-to-end tests: people in and around
 * software and IT, mostly in the Netherlands, some abroad, with the engagement HubSpot records
 * (counters as strings, dates as ISO datetimes). Deterministic for a given seed. No protected
 * attribute (age, gender, nationality, ...) is generated: the scoring must never see one.
 */

import { mulberry32 } from '../shared/mulberry32.ts';

const DAY = 86_400_000;

const DUTCH_FIRST = [
  'Sanne',
  'Daan',
  'Lotte',
  'Bram',
  'Eva',
  'Thijs',
  'Fleur',
  'Joris',
  'Noor',
  'Ruben',
  'Iris',
  'Sem',
];
const DUTCH_LAST = [
  'de Vries',
  'Jansen',
  'van Dijk',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'Bos',
  'van den Berg',
];
const OTHER_FIRST = [
  'Lukas',
  'Marie',
  'Priya',
  'Mateo',
  'Aisha',
  'Tomasz',
  'Chen',
  'Sofia',
  'Omar',
  'Elena',
];
const OTHER_LAST = [
  'Müller',
  'Dubois',
  'Sharma',
  'García',
  'Kowalski',
  'Rossi',
  'Nowak',
  'Peeters',
  'Silva',
  'Wang',
];
const DUTCH_CITIES = [
  'Amsterdam',
  'Rotterdam',
  'Utrecht',
  'Den Haag',
  'Eindhoven',
  'Leiden',
  'Delft',
  'Groningen',
  'Zwolle',
  'Nijmegen',
  'Haarlem',
  'Amersfoort',
];
const NL_SPELLINGS = ['Netherlands', 'Netherlands', 'NL', 'Nederland', 'The Netherlands'];
const ABROAD: [string, string, string][] = [
  ['Belgium', 'Antwerpen', 'nl'],
  ['Belgique', 'Gent', 'nl'],
  ['Germany', 'Düsseldorf', 'de'],
  ['Deutschland', 'Köln', 'de'],
  ['United Kingdom', 'London', 'en'],
  ['Spain', 'Barcelona', 'es'],
  ['India', 'Bengaluru', 'en'],
  ['Poland', 'Kraków', 'pl'],
];
const JOB_TITLES = [
  'Senior Java Developer',
  'Software Engineer',
  'Medior .NET ontwikkelaar',
  'Full Stack Developer',
  'Backend Developer (Python)',
  'Frontend Developer React/TypeScript',
  'DevOps Engineer',
  'Site Reliability Engineer',
  'Data Engineer',
  'Lead Software Architect',
  'Test Automation Engineer',
  'Systeembeheerder',
  'Cloud Engineer',
  'ICT Medewerker',
  'Security Engineer',
  'Werkstudent Software Development',
  'Stagiair Frontend',
  'Account Manager',
  'Verpleegkundige',
  'Docent Informatica',
  '',
];
const INDUSTRIES = [
  'Information Technology and Services',
  'Computer Software',
  'Financial Services',
  'Telecommunications',
  'Hospital & Health Care',
  'Retail',
  'Logistics and Supply Chain',
  '',
];
const CONTENT = [
  'Salary guide IT 2026',
  'Salarisgids ICT',
  'Whitepaper: Kubernetes in productie',
  'E-book remote werken',
  'Job alert Java Amsterdam',
  'Vacature alert DevOps',
  'Webinar: cloud careers',
  'Meetup Rotterdam .NET',
  'Nieuwsbrief aanmelding',
  'Contact form',
];
const SOURCES = [
  'ORGANIC_SEARCH',
  'PAID_SEARCH',
  'PAID_SOCIAL',
  'SOCIAL_MEDIA',
  'EMAIL_MARKETING',
  'REFERRALS',
  'DIRECT_TRAFFIC',
];

export function seedLatentCandidates(
  seed: number,
  count: number,
  now: number,
): Record<string, string>[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (max: number) => Math.floor(random() * (max + 1));
  const ago = (maxDays: number) =>
    new Date(now - Math.floor(random() * maxDays * DAY)).toISOString();

  return Array.from({ length: count }, (_, i) => {
    const dutch = random() < 0.75;
    const firstname = dutch ? pick(DUTCH_FIRST) : pick(OTHER_FIRST);
    const lastname = dutch ? pick(DUTCH_LAST) : pick(OTHER_LAST);
    const [country, city, language] = dutch
      ? [pick(NL_SPELLINGS), pick(DUTCH_CITIES), 'nl']
      : pick(ABROAD);
    const email = `${firstname}.${lastname}.${seed}.${i}@example.com`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9.@]/g, '');
    const properties: Record<string, string> = {
      firstname,
      lastname,
      email,
      jobtitle: pick(JOB_TITLES),
      industry: pick(INDUSTRIES),
      city,
      country,
      hs_language: language,
      lifecyclestage: pick(['subscriber', 'lead', 'lead', 'marketingqualifiedlead']),
      years_of_experience: String(int(20)),
      createdate: ago(720),
    };
    const engaged = random() < 0.7;
    if (!engaged) return properties;
    const visits = int(25);
    const lastVisit = ago(200);
    Object.assign(properties, {
      hs_analytics_num_visits: String(visits),
      hs_analytics_num_page_views: String(visits + int(visits * 4)),
      hs_analytics_last_visit_timestamp: lastVisit,
      hs_analytics_last_timestamp: lastVisit,
      hs_analytics_first_timestamp: properties.createdate,
      hs_analytics_source: pick(SOURCES),
      hs_email_delivered: String(int(30)),
      hs_email_open: String(int(15)),
      hs_email_click: String(int(5)),
      hs_email_replied: String(random() < 0.1 ? 1 : 0),
      hs_email_bounce: String(random() < 0.03 ? 1 : 0),
      hs_email_last_open_date: ago(120),
    });
    if (random() < 0.4) properties.hs_email_last_click_date = ago(120);
    if (random() < 0.5) {
      properties.num_conversion_events = String(1 + int(4));
      properties.recent_conversion_event_name = pick(CONTENT);
      properties.recent_conversion_date = ago(180);
    }
    if (random() < 0.2) {
      properties.hs_social_num_broadcast_clicks = String(1 + int(6));
      properties.hs_social_last_engagement = ago(90);
    }
    if (random() < 0.08) properties.engagements_last_meeting_booked = ago(100);
    if (random() < 0.1) properties.hs_sales_email_last_replied = ago(100);
    return properties;
  });
}
