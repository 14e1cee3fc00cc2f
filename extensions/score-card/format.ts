/** Numbers and dates in the user's language; points always carry their sign. */

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(
    Math.abs(n) < 0.005 ? 0 : n,
  );
}

/** "+20", "−6.25" (a true minus sign), "0". */
export function formatPoints(points: number, locale: string): string {
  const magnitude = formatNumber(Math.abs(points), locale);
  if (magnitude === formatNumber(0, locale)) return magnitude;
  return points > 0 ? `+${magnitude}` : `−${magnitude}`;
}

/** "7 Dec 2026" in the portal's time zone (falls back to UTC for an unknown zone). */
export function formatDate(iso: string, locale: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }
}
