import type { ScoringModel } from '../model/index.ts';
import { compileModel, DAY_MS, scoreContact } from '../scoring/index.ts';
import { seededRandom, type Random } from './random.ts';
import { drawProfile, type Segment } from './synthetic-profiles.ts';

/**
 * Synthetic latent candidates for tests, benchmarks and the demo. Profiles and behaviour are
 * drawn at random (more interested candidates visit, open and download more); whether a
 * candidate applies depends ONLY on the true model's score, through a logistic link:
 *
 *   P(applied) = 1 / (1 + exp(-(intercept + slope x trueScore)))
 *
 * so calibration has a known answer: the true model's points (samples/calibration/true-model.yaml).
 */
export interface SyntheticOptions {
  trueModel: ScoringModel;
  count: number;
  seed: number;
  /** The export's moment (epoch ms): every date lies before it. */
  now: number;
  intercept?: number;
  /** Log-odds per point of the true score. */
  slope?: number;
  /** First contact id; ids count up from here. */
  firstId?: number;
}

export interface SyntheticCandidate {
  id: string;
  properties: Record<string, string | null>;
}

export const SYNTHETIC_OUTCOME = {
  property: 'hs_lead_status',
  values: ['APPLIED', 'HIRED'],
} as const;
export const SYNTHETIC_DEFAULTS = { intercept: -5.5, slope: 0.07 } as const;

const CONTENT: readonly (readonly [string, number])[] = [
  ['Salarisgids IT 2026', 10],
  ['Salary guide 2026 - download', 8],
  ['Whitepaper: Cloud careers in the Netherlands', 9],
  ['E-book: From medior to senior developer', 8],
  ['Job alert: Java developer', 6],
  ['Vacature alert DevOps', 5],
  ['Job alert: Data engineer', 4],
  ['Webinar: Kubernetes in production', 6],
  ['Meetup Amsterdam Tech Night', 4],
  ['Newsletter sign-up', 14],
  ['Nieuwsbrief aanmelding', 6],
  ['Contact us', 7],
  ['Open sollicitatie interesse', 3],
];
const EMAILS = [
  'Vacatures van de week',
  'IT salary guide 2026 is out',
  'Webinar invite: Kubernetes in production',
  'New Java roles near you',
  'Newsletter November',
];
const PAGES = [
  'https://careers.example.com/vacatures/java-developer',
  'https://careers.example.com/vacatures/devops-engineer',
  'https://careers.example.com/blog/salary-guide-2026',
  'https://careers.example.com/werken-bij',
  'https://careers.example.com/events/tech-night',
  'https://careers.example.com/',
];
const SOURCES: readonly (readonly [string, number])[] = [
  ['ORGANIC_SEARCH', 30],
  ['SOCIAL_MEDIA', 15],
  ['PAID_SOCIAL', 15],
  ['PAID_SEARCH', 10],
  ['DIRECT_TRAFFIC', 15],
  ['REFERRALS', 8],
  ['EMAIL_MARKETING', 7],
];
const INTEREST_BY_SEGMENT: Record<Segment, number> = {
  software: 0.3,
  it: 0.2,
  student: 0.1,
  outside: -0.4,
  other: -0.2,
  unknown: -0.1,
};

export function generateCandidates(options: SyntheticOptions): SyntheticCandidate[] {
  const random = seededRandom(options.seed);
  const compiled = compileModel(options.trueModel);
  const intercept = options.intercept ?? SYNTHETIC_DEFAULTS.intercept;
  const slope = options.slope ?? SYNTHETIC_DEFAULTS.slope;
  const firstId = options.firstId ?? 1001;
  const candidates: SyntheticCandidate[] = [];
  for (let i = 0; i < options.count; i++) {
    const id = String(firstId + i);
    const properties = drawCandidate(random, options.now, id);
    const trueScore = scoreContact(compiled, properties, options.now).score;
    const applied = random.chance(1 / (1 + Math.exp(-(intercept + slope * trueScore))));
    Object.assign(properties, outcomeProperties(applied, random));
    candidates.push({ id, properties });
  }
  return candidates;
}

function drawCandidate(random: Random, now: number, id: string): Record<string, string | null> {
  const { segment, ...profile } = drawProfile(random);
  const ageDays = 3 + random.next() * 717;
  const interest = Math.exp(0.8 * (random.normal() + INTEREST_BY_SEGMENT[segment]));
  /** A date `daysAgo` before now, never before the contact was created. */
  const at = (daysAgo: number) => iso(now - Math.min(daysAgo, ageDays) * DAY_MS, random);
  const recentDays = () => random.next() * random.next() * 240;
  const properties: Record<string, string | null> = {
    hs_object_id: id,
    email: `candidate${id}@example.org`,
    createdate: iso(now - ageDays * DAY_MS, random),
    ...profile,
    hs_analytics_source: random.weighted(SOURCES),
    hs_analytics_first_timestamp: iso(now - ageDays * DAY_MS, random),
  };
  const dates: number[] = [];
  const remember = (name: string, value: string | null) => {
    properties[name] = value;
    if (value !== null) dates.push(Date.parse(value));
  };

  // Candidates a recruiter imported (sourced on LinkedIn, met at a fair) never visited the site.
  const visits = random.chance(0.15) ? 0 : 1 + random.poisson(2.5 * interest);
  properties.hs_analytics_num_visits = String(visits);
  properties.hs_analytics_num_page_views = String(visits + random.poisson(visits * 2));
  if (visits > 0) {
    remember('hs_analytics_last_visit_timestamp', at(recentDays() / Math.sqrt(interest)));
    properties.hs_analytics_first_url = random.pick(PAGES);
    properties.hs_analytics_last_url = random.pick(PAGES);
  }

  const delivered = random.poisson(Math.max(1, ageDays / 30));
  const opens = Math.min(delivered * 3, random.poisson(delivered * 0.3 * Math.sqrt(interest)));
  const clicks = random.poisson(opens * 0.12);
  properties.hs_email_delivered = String(delivered);
  properties.hs_email_open = String(opens);
  properties.hs_email_click = String(clicks);
  properties.hs_email_bounce = random.chance(0.03) ? '1' : '0';
  if (opens > 0) {
    remember('hs_email_last_open_date', at(recentDays()));
    properties.hs_email_last_email_name = random.pick(EMAILS);
  }
  if (clicks > 0) remember('hs_email_last_click_date', at(recentDays()));
  const replied = random.chance(Math.min(0.3, 0.02 * interest));
  properties.hs_email_replied = replied ? '1' : '0';
  if (replied) remember('hs_email_last_reply_date', at(recentDays()));

  const conversions = random.poisson(0.5 * interest);
  properties.num_conversion_events = String(conversions);
  if (conversions > 0) {
    const recentAgo = recentDays();
    properties.recent_conversion_event_name = random.weighted(CONTENT);
    remember('recent_conversion_date', at(recentAgo));
    properties.first_conversion_event_name =
      conversions === 1 ? properties.recent_conversion_event_name : random.weighted(CONTENT);
    properties.first_conversion_date = at(recentAgo + random.next() * 300);
  }

  const socialClicks = random.poisson(0.3 * interest);
  properties.hs_social_num_broadcast_clicks = String(socialClicks);
  if (socialClicks > 0) remember('hs_social_last_engagement', at(recentDays()));
  if (random.chance(Math.min(0.4, 0.03 * interest))) {
    remember('engagements_last_meeting_booked', at(random.next() * 120));
  }
  if (random.chance(Math.min(0.4, 0.05 * interest))) {
    remember('hs_sales_email_last_replied', at(random.next() * 150));
  }
  properties.hs_analytics_last_timestamp =
    dates.length > 0 ? new Date(Math.max(...dates)).toISOString() : null;
  return properties;
}

/** What the account shows after the outcome: the status, and the stage that follows it. */
function outcomeProperties(applied: boolean, random: Random): Record<string, string> {
  if (applied) {
    return {
      hs_lead_status: random.chance(0.25) ? 'HIRED' : 'APPLIED',
      lifecyclestage: random.weighted([
        ['opportunity', 70],
        ['salesqualifiedlead', 20],
        ['lead', 10],
      ]),
    };
  }
  return {
    hs_lead_status: random.weighted([
      ['NEW', 40],
      ['OPEN', 25],
      ['IN_PROGRESS', 10],
      ['ATTEMPTED_TO_CONTACT', 15],
      ['UNQUALIFIED', 10],
    ]),
    lifecyclestage: random.weighted([
      ['lead', 55],
      ['subscriber', 25],
      ['marketingqualifiedlead', 20],
    ]),
  };
}

/** HubSpot's datetime shape, with a random time of day. */
function iso(epochMs: number, random: Random): string {
  const day = Math.floor(epochMs / DAY_MS) * DAY_MS;
  const time = Math.min(epochMs, day + Math.floor(random.next() * DAY_MS));
  return new Date(time).toISOString();
}
