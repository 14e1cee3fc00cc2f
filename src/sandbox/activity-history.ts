/**
 * What HubSpot's property history holds for a seeded candidate: every conversion (the history
 * of `recent_conversion_event_name`, whose current value is only the latest) and the page each
 * visit ended on (`hs_analytics_last_url`; `hs_analytics_first_url` is the first page ever).
 * Drawn from its own seeded source, so the seeded properties stay what they were.
 */
import { mulberry32 } from '../shared/mulberry32.ts';
import type { SandboxAccount } from './sandbox-account.ts';

const EARLIER_CONTENT = [
  'Salary guide IT 2026',
  'Whitepaper: Kubernetes in productie',
  'E-book remote werken',
  'Job alert Java Amsterdam',
  'Webinar: cloud careers',
  'Nieuwsbrief aanmelding',
];
const DAY = 86_400_000;
const SITE = 'https://werkenbij.example.nl';
const PAGES = [
  '/vacatures/java-developer-amsterdam',
  '/vacatures/devops-engineer-utrecht',
  '/vacatures',
  '/salaris/ict-salarissen-2026',
  '/werken-bij/cultuur',
  '/blog/kubernetes-in-productie',
  '/',
];
/** At most this many visits kept per candidate: enough to matter, small enough to read. */
const MAX_VISITS = 8;

export function seedActivityHistory(
  account: SandboxAccount,
  id: string,
  properties: Readonly<Record<string, string>>,
  seed: number,
): void {
  const random = mulberry32((seed * 1_000_003 + Number(id)) >>> 0);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const created = Date.parse(properties.createdate ?? '') || account.now() - 365 * DAY;
  const between = (from: number, to: number) => from + random() * Math.max(0, to - from);

  const latest = properties.recent_conversion_event_name;
  const latestAt = Date.parse(properties.recent_conversion_date ?? '');
  if (latest !== undefined && Number.isFinite(latestAt)) {
    const earlier = Math.max(0, Number(properties.num_conversion_events ?? 1) - 1);
    const entries = [{ value: latest, at: latestAt }];
    let next = latest;
    for (let i = 0; i < earlier; i++) {
      // HubSpot records a change of value: two downloads in a row of one item show as one.
      let value = pick(EARLIER_CONTENT);
      if (value === next) value = EARLIER_CONTENT[(EARLIER_CONTENT.indexOf(value) + 1) % 6]!;
      entries.push({ value, at: between(created, latestAt - DAY) });
      next = value;
    }
    account.recordPast(id, 'recent_conversion_event_name', entries, 'FORM');
  }

  const visits = Math.min(MAX_VISITS, Number(properties.hs_analytics_num_visits ?? 0));
  const lastVisit = Date.parse(properties.hs_analytics_last_visit_timestamp ?? '');
  if (visits > 0 && Number.isFinite(lastVisit)) {
    const pages = [{ value: SITE + pick(PAGES), at: lastVisit }];
    for (let i = 1; i < visits; i++) {
      pages.push({ value: SITE + pick(PAGES), at: between(created, lastVisit - DAY) });
    }
    account.recordPast(id, 'hs_analytics_last_url', pages);
    const first = pages.reduce((a, b) => (a.at <= b.at ? a : b));
    account.recordPast(id, 'hs_analytics_first_url', [first]);
  }
}
