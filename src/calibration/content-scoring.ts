import type { ScoringModel } from '../model/index.ts';
import { compileModel, type ContactProperties } from '../scoring/index.ts';
import { normalizeText } from '../scoring/text-matching.ts';
import type { LeakageGuard } from './leakage-guard.ts';
import { wilsonInterval, type Interval } from './metrics.ts';

/**
 * Content scoring: for every form, download, marketing email and page the data names, how much
 * more often the candidates who touched it reached the outcome. HubSpot keeps only the first
 * and the latest conversion, the last email and the first and last page on the contact, so
 * "touched" means "named in one of those"; the figures are associations, not effects.
 */
export type ContentKind = 'conversion' | 'email' | 'page' | string;

export interface ContentPoints {
  touchpoint: string;
  /** The content item of the model's table that the name matches, or "other content". */
  item: string;
  current: number | null;
  suggested: number | null;
}

export interface ContentLift {
  kind: ContentKind;
  name: string;
  touched: number;
  outcomesTouched: number;
  rateTouched: number;
  notTouched: number;
  rateNotTouched: number;
  /** rateTouched / the overall rate; the interval is Wilson's (95%) on rateTouched, scaled. */
  lift: number;
  liftInterval: Interval;
  /** Fewer than 30 touched or 5 outcomes among them: read the lift with care. */
  smallSample: boolean;
  /** Points a candidate earns for it on the day of the download, before decay. */
  points: ContentPoints[];
}

export const CONTENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  conversion: ['recent_conversion_event_name', 'first_conversion_event_name'],
  email: ['hs_email_last_email_name'],
  page: ['hs_analytics_first_url', 'hs_analytics_last_url'],
};
export const SMALL_SAMPLE = { touched: 30, outcomes: 5 } as const;
const MAX_ITEMS_PER_KIND = 100;

export function scoreContent(
  contacts: readonly { properties: ContactProperties }[],
  outcomes: readonly boolean[],
  current: ScoringModel,
  suggested: ScoringModel,
  guard: LeakageGuard,
): ContentLift[] {
  const kinds: Record<string, readonly string[]> = { ...CONTENT_PROPERTIES };
  for (const t of current.engagement.touchpoints) {
    const known = Object.values(kinds).some((properties) => properties.includes(t.contentName!));
    if (t.contentName && !known) kinds[t.contentName] = [t.contentName];
  }
  const total = outcomes.filter(Boolean).length;
  const baseRate = total / outcomes.length;
  const pointsOf = contentPointsFinder(current, suggested);
  const lifts: ContentLift[] = [];
  for (const [kind, properties] of Object.entries(kinds)) {
    const usable = properties.filter((p) => !guard.reasonFor(p));
    const items = new Map<
      string,
      { spellings: Map<string, number>; touched: number; hits: number }
    >();
    contacts.forEach(({ properties: values }, i) => {
      const names = new Map<string, string>();
      for (const property of usable) {
        const raw = values[property];
        if (raw === null || raw === undefined || String(raw).trim() === '') continue;
        const name = kind === 'page' ? pageOf(String(raw)) : String(raw).trim();
        names.set(normalizeText(name) || name, name);
      }
      for (const [key, name] of names) {
        const item = items.get(key) ?? { spellings: new Map(), touched: 0, hits: 0 };
        item.spellings.set(name, (item.spellings.get(name) ?? 0) + 1);
        item.touched++;
        if (outcomes[i]) item.hits++;
        items.set(key, item);
      }
    });
    const largest = [...items.values()].sort((a, b) => b.touched - a.touched);
    for (const item of largest.slice(0, MAX_ITEMS_PER_KIND)) {
      const name = [...item.spellings].sort((a, b) => b[1] - a[1])[0]![0];
      const notTouched = outcomes.length - item.touched;
      const rateTouched = item.hits / item.touched;
      const interval = wilsonInterval(item.hits, item.touched);
      lifts.push({
        kind,
        name,
        touched: item.touched,
        outcomesTouched: item.hits,
        rateTouched,
        notTouched,
        rateNotTouched: notTouched === 0 ? NaN : (total - item.hits) / notTouched,
        lift: rateTouched / baseRate,
        liftInterval: { low: interval.low / baseRate, high: interval.high / baseRate },
        smallSample: item.touched < SMALL_SAMPLE.touched || item.hits < SMALL_SAMPLE.outcomes,
        points: kind === 'page' || kind === 'email' ? [] : pointsOf(properties, name),
      });
    }
  }
  return lifts.sort((a, b) => b.lift - a.lift || b.touched - a.touched);
}

/** Which touchpoint and content item a name earns points from, in both models. */
function contentPointsFinder(current: ScoringModel, suggested: ScoringModel) {
  const before = compileModel(current).touchpoints;
  const after = compileModel(suggested).touchpoints;
  return (properties: readonly string[], name: string): ContentPoints[] => {
    const out: ContentPoints[] = [];
    before.forEach((tp, i) => {
      if (!tp.contentName || !properties.includes(tp.contentName)) return;
      const pointsIn = (compiled: typeof tp) => {
        if (!compiled.contentFor) return { item: tp.label, points: compiled.points ?? null };
        const item = compiled.contentFor(name);
        if (item) return { item: item.label, points: item.points };
        return { item: 'other content', points: compiled.otherContentPoints ?? null };
      };
      const was = pointsIn(tp);
      out.push({
        touchpoint: tp.id,
        item: was.item,
        current: was.points,
        suggested: after[i] ? pointsIn(after[i]).points : null,
      });
    });
    return out;
  };
}

/** A page without its query string or fragment: utm tags would split one page into many. */
function pageOf(url: string): string {
  return url
    .trim()
    .replace(/[?#].*$/, '')
    .replace(/(?<=.)\/+$/, '');
}
