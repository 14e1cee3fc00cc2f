import type { Random } from './random.ts';

/**
 * Who the synthetic latent candidates are: profile values as they arrive in a HubSpot account
 * (free-text countries in several spellings, enumeration values for industry, numbers as text),
 * so that calibration meets the same mess as on a real export.
 */

export type Segment = 'software' | 'it' | 'student' | 'outside' | 'other' | 'unknown';

export interface SyntheticProfile {
  segment: Segment;
  country: string | null;
  city: string | null;
  jobtitle: string | null;
  years_of_experience: string | null;
  industry: string | null;
}

const COUNTRIES: readonly (readonly [string | null, number])[] = [
  ['Netherlands', 38],
  ['NL', 8],
  ['Nederland', 10],
  ['The Netherlands', 4],
  ['Belgium', 5],
  ['BE', 2],
  ['Germany', 5],
  ['Deutschland', 2],
  ['United Kingdom', 3],
  ['India', 3],
  ['Poland', 2],
  ['Spain', 1],
  [null, 9],
];

const OFFICE_CITIES = [
  'Amsterdam',
  'Rotterdam',
  'Utrecht',
  'Den Haag',
  "'s-Gravenhage",
  'Eindhoven',
  'Leiden',
  'Delft',
  'Haarlem',
  'Amersfoort',
];
const OTHER_DUTCH_CITIES = [
  'Zwolle',
  'Groningen',
  'Enschede',
  'Nijmegen',
  'Tilburg',
  'Breda',
  'Maastricht',
  'Arnhem',
  'Apeldoorn',
  'Leeuwarden',
];
const FOREIGN_CITIES: Record<string, readonly string[]> = {
  belgium: ['Antwerpen', 'Gent', 'Brussel', 'Leuven'],
  germany: ['Düsseldorf', 'Köln', 'Aachen', 'Berlin'],
  other: ['London', 'Bangalore', 'Warsaw', 'Madrid'],
};

const SOFTWARE_TITLES = [
  'Java Developer',
  'Software Engineer',
  'Backend Developer',
  'Front-end developer',
  'Full Stack Developer',
  'DevOps Engineer',
  '.NET ontwikkelaar',
  'Python developer',
  'Data Engineer',
  'Software Architect',
  'Test Automation Engineer',
  'Site Reliability Engineer',
];
const IT_TITLES = [
  'System Administrator',
  'Systeembeheerder',
  'Network Engineer',
  'Cloud Engineer',
  'Security Engineer',
  'IT Support Specialist',
  'QA Engineer',
  'Tester',
];
const STUDENT_TITLES = ['Student Informatica', 'Werkstudent', 'Intern', 'Stagiair ICT', 'Trainee'];
const OUTSIDE_TITLES = [
  'Account Manager',
  'Sales Manager',
  'Verpleegkundige',
  'Teacher',
  'Docent wiskunde',
  'Chauffeur',
  'Accountant',
];
const OTHER_TITLES = [
  'Project Manager',
  'Consultant',
  'Product Owner',
  'Business Analyst',
  'Scrum Master',
];
const SENIORITY: readonly (readonly [string, number])[] = [
  ['', 45],
  ['Senior ', 25],
  ['Medior ', 10],
  ['Junior ', 12],
  ['Lead ', 8],
];

const TECH_INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'INTERNET',
  'COMPUTER_NETWORKING',
  'TELECOMMUNICATIONS',
];
const OTHER_INDUSTRIES = [
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'RETAIL',
  'GOVERNMENT_ADMINISTRATION',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'EDUCATION_MANAGEMENT',
];

export function drawProfile(random: Random): SyntheticProfile {
  const country = random.weighted(COUNTRIES);
  const segment = random.weighted<Segment>([
    ['software', 40],
    ['it', 20],
    ['student', 8],
    ['outside', 15],
    ['other', 10],
    ['unknown', 7],
  ]);
  let prefix = '';
  let jobtitle: string | null = null;
  if (segment === 'software' || segment === 'it') {
    prefix = random.weighted(SENIORITY);
    jobtitle = prefix + random.pick(segment === 'software' ? SOFTWARE_TITLES : IT_TITLES);
  } else if (segment === 'student') jobtitle = random.pick(STUDENT_TITLES);
  else if (segment === 'outside') jobtitle = random.pick(OUTSIDE_TITLES);
  else if (segment === 'other') jobtitle = random.pick(OTHER_TITLES);

  const tech = segment === 'software' || segment === 'it';
  const industry = random.chance(0.15)
    ? null
    : random.pick(random.chance(tech ? 0.7 : 0.2) ? TECH_INDUSTRIES : OTHER_INDUSTRIES);

  return {
    segment,
    country,
    city: random.chance(0.1) ? null : cityIn(country, random),
    jobtitle,
    years_of_experience: random.chance(0.12) ? null : experience(segment, prefix, random),
    industry,
  };
}

function cityIn(country: string | null, random: Random): string {
  const place = (country ?? '').toLowerCase();
  if (country === null || ['netherlands', 'nl', 'nederland', 'the netherlands'].includes(place)) {
    return random.pick(random.chance(0.6) ? OFFICE_CITIES : OTHER_DUTCH_CITIES);
  }
  if (place === 'belgium' || place === 'be') return random.pick(FOREIGN_CITIES.belgium!);
  if (place === 'germany' || place === 'deutschland') return random.pick(FOREIGN_CITIES.germany!);
  return random.pick(FOREIGN_CITIES.other!);
}

function experience(segment: Segment, prefix: string, random: Random): string {
  let years: number;
  if (segment === 'student') years = random.next() * 1.2;
  else if (prefix === 'Junior ') years = 0.5 + random.next() * 3;
  else if (prefix === 'Senior ' || prefix === 'Lead ') years = 5 + random.next() * 14;
  else years = Math.exp(0.6 + random.normal() * 0.8);
  years = Math.min(years, 40);
  // HubSpot number properties come back as text; most people answer in whole years.
  return random.chance(0.85) ? String(Math.round(years)) : years.toFixed(1);
}
