import type { PageLanguage, PageText } from './install-messages.ts';

/**
 * The few pages an admin sees during the install: short, self-contained (no scripts, no
 * external assets), every dynamic value escaped. Sent with no-referrer so the callback URL,
 * which carries the one-time code, is not handed to any link on the page.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A whole page from its text, in the admin's language (`lang` lets screen readers follow). */
export function renderPage(text: PageText, language: PageLanguage = 'en'): string {
  const body = text.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n    ');
  return `<!doctype html>
<html lang="${language}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(text.title)}</title>
    <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#33475b}h1{font-size:1.4rem}</style>
  </head>
  <body>
    <h1>${escapeHtml(text.title)}</h1>
    ${body}
  </body>
</html>
`;
}
