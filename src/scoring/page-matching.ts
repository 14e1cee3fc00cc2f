/**
 * Page patterns for touchpoints that read visited URLs (`hs_analytics_last_url` and its
 * history). HubSpot records full URLs (`https://werkenbij.example.nl/vacatures/java?utm=x`);
 * a recruiter thinks in paths (`/vacatures/`), so host, query, fragment and case are ignored.
 */

/** The lowercased path of a URL, or of a bare path; undefined when there is none. */
export function urlPath(url: string): string | undefined {
  let text = url.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  const end = text.search(/[?#]/);
  if (end >= 0) text = text.slice(0, end);
  if (text === '') return '/';
  if (!text.startsWith('/')) return undefined;
  try {
    text = decodeURI(text);
  } catch {
    // A malformed escape: compare the path as HubSpot sent it.
  }
  return text.toLowerCase();
}

/**
 * True when the URL's path starts with one of the patterns; `*` stands for any characters.
 * `/vacatures/` matches `/vacatures/java-developer`; `/jobs/*-developer` matches
 * `/jobs/senior-java-developer`.
 */
export function buildUrlMatcher(patterns: readonly string[]): (url: string) => boolean {
  const alternatives = patterns.map((pattern) =>
    pattern
      .trim()
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  const pattern = new RegExp(`^(?:${alternatives.join('|')})`);
  return (url) => {
    const path = urlPath(url);
    return path !== undefined && pattern.test(path);
  };
}
