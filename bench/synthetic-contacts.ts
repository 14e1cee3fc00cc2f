/**
 * Synthetic HubSpot contacts for the benchmarks: the shapes HubSpot's CRM API really returns
 * (every value a string or null, dates as ISO text or epoch milliseconds, the odd "5+" in a
 * number field), drawn from a seeded generator so every run measures the same data.
 */

import { mulberry32 } from '../src/shared/mulberry32.ts';

export interface SyntheticContact {
  id: string;
  properties: Record<string, string | null>;
}

const DAY_MS = 86_400_000;

/** The seed makes runs repeatable. */
export const seededRandom = mulberry32;

const COUNTRIES = [
  ['Netherlands', 40],
  ['NL', 12],
  ['Nederland', 8],
  ['the Netherlands', 5],
  ['Belgium', 5],
  ['België', 2],
  ['Germany', 4],
  ['Deutschland', 2],
  ['United Kingdom', 4],
  ['India', 4],
  ['Spain', 2],
  ['Poland', 3],
  [null, 9],
] as const;
const CITIES = [
  'Amsterdam',
  'Rotterdam',
  'Utrecht',
  'Den Haag',
  "'s-Gravenhage",
  'Eindhoven',
  'Groningen',
  'Zwolle',
  'Leiden',
  'Delft',
  'Haarlem',
  'Nijmegen',
  'Breda',
  'Antwerpen',
  'Düsseldorf',
  'London',
  'Bangalore',
  null,
];
const JOB_TITLES = [
  'Senior Java Developer',
  'Backend developer (Python)',
  'Full Stack Developer',
  'DevOps Engineer',
  'Lead Frontend Developer (TypeScript)',
  'Software Engineer',
  '.NET ontwikkelaar',
  'Medior PHP developer',
  'Data Engineer',
  'Test automation engineer',
  'Cloud engineer',
  'Systeembeheerder',
  'IT support medewerker',
  'Security engineer',
  'Account manager',
  'Verpleegkundige',
  'Docent informatica',
  'Werkstudent developer',
  'Intern - Backend Developer',
  'Computer science student',
  'Sales manager',
  'Chauffeur',
  'Programmeur',
  'Site Reliability Engineer',
  null,
];
const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'INTERNET',
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'RETAIL',
  'EDUCATION_MANAGEMENT',
  null,
];
const CONTENT = [
  'Salarisgids ICT 2026 - download',
  'Salary guide 2026: IT & software',
  'Whitepaper: van monoliet naar microservices',
  'E-book: clean code in C#',
  'Job alert: Java developer Utrecht',
  'Webinar: Kubernetes in productie',
  'Nieuwsbrief aanmelding',
  'Newsletter sign-up',
  'Contact form',
];
const SOURCES = [
  'ORGANIC_SEARCH',
  'PAID_SOCIAL',
  'PAID_SEARCH',
  'SOCIAL_MEDIA',
  'EMAIL_MARKETING',
  'DIRECT_TRAFFIC',
  'REFERRALS',
];
const YEARS = [
  '0',
  '0.5',
  '1',
  '2',
  '3',
  '4',
  '4.5',
  '5',
  '6',
  '7',
  '8',
  '10',
  '12',
  '20',
  '',
  '5+',
];

/** Builds contacts one at a time, so 200,000 of them can go straight to a file. */
export function* syntheticContacts(count: number, now: number, seed = 20261125) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const countryWeights = COUNTRIES.reduce((sum, [, weight]) => sum + weight, 0);
  const country = () => {
    let roll = random() * countryWeights;
    for (const [name, weight] of COUNTRIES) if ((roll -= weight) < 0) return name;
    return null;
  };
  const count0 = (max: number) => String(Math.floor(random() * random() * max));
  /** A date `maxDays` back at most; a third come as epoch milliseconds, as HubSpot sometimes does. */
  const date = (maxDays: number): string => {
    const time = Math.round(now - random() * random() * maxDays * DAY_MS);
    return random() < 0.33 ? String(time) : new Date(time).toISOString();
  };
  const sometimes = (chance: number, value: () => string): string | null =>
    random() < chance ? value() : null;

  for (let i = 0; i < count; i++) {
    const id = String(1_000_000 + i);
    const converted = random() < 0.4;
    const properties: Record<string, string | null> = {
      hs_object_id: id,
      firstname: `Candidate${i}`,
      lastname: pick(['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'El Amrani']),
      email: `candidate${i}@example.com`,
      jobtitle: pick(JOB_TITLES),
      city: pick(CITIES),
      country: country(),
      years_of_experience: pick(YEARS) || null,
      industry: pick(INDUSTRIES),
      createdate: new Date(now - random() * 700 * DAY_MS).toISOString(),
      hs_analytics_source: pick(SOURCES),
      hs_analytics_first_timestamp: date(700),
      hs_analytics_num_page_views: count0(60),
      hs_analytics_num_visits: count0(15),
      hs_analytics_last_visit_timestamp: date(300),
      hs_analytics_last_timestamp: date(200),
      num_conversion_events: converted ? String(1 + Math.floor(random() * 4)) : '0',
      recent_conversion_event_name: converted ? pick(CONTENT) : null,
      recent_conversion_date: converted ? date(300) : null,
      hs_email_open: count0(20),
      hs_email_last_open_date: sometimes(0.7, () => date(200)),
      hs_email_click: count0(6),
      hs_email_last_click_date: sometimes(0.4, () => date(200)),
      hs_email_replied: random() < 0.05 ? '1' : '0',
      hs_email_last_reply_date: sometimes(0.05, () => date(200)),
      hs_email_bounce: random() < 0.03 ? '1' : '0',
      hs_social_num_broadcast_clicks: sometimes(0.2, () => count0(8)),
      hs_social_last_engagement: sometimes(0.2, () => date(200)),
      engagements_last_meeting_booked: sometimes(0.05, () => date(150)),
      hs_sales_email_last_replied: sometimes(0.08, () => date(150)),
      lastmodifieddate: new Date(now - random() * 30 * DAY_MS).toISOString(),
    };
    yield { id, properties } satisfies SyntheticContact;
  }
}

const PAGES = [
  '/vacatures/java-developer-utrecht',
  '/vacatures/devops-engineer',
  '/vacatures',
  '/salaris/ict-salarissen-2026',
  '/werken-bij/cultuur',
  '/blog/kubernetes-in-productie',
  '/over-ons',
  '/',
];

/**
 * Property history as HubSpot returns it (`propertiesWithHistory`), newest first: a few
 * conversions and visited pages per contact, in line with the counters of `syntheticContacts`.
 */
export function syntheticHistory(
  properties: Readonly<Record<string, string | null>>,
  now: number,
  seed: number,
): Record<string, { value: string; timestamp: string; sourceType: string }[]> {
  const random = seededRandom(seed);
  const entries = (count: number, values: readonly string[], prefix = '') =>
    Array.from({ length: count }, () => ({
      value: prefix + values[Math.floor(random() * values.length)]!,
      timestamp: new Date(now - random() * random() * 300 * DAY_MS).toISOString(),
      sourceType: 'ANALYTICS',
    })).sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  const conversions = Number(properties.num_conversion_events ?? 0);
  const visits = Math.min(20, Number(properties.hs_analytics_num_visits ?? 0));
  return {
    recent_conversion_event_name: entries(conversions, CONTENT),
    hs_analytics_last_url: entries(visits, PAGES, 'https://werkenbij.example.nl'),
    hs_analytics_first_url: entries(Math.min(1, visits), PAGES, 'https://werkenbij.example.nl'),
  };
}
