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

function page(title: string, paragraphs: readonly string[]): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#33475b}h1{font-size:1.4rem}</style>
  </head>
  <body>
    <h1>${escapeHtml(title)}</h1>
    ${body}
  </body>
</html>
`;
}

export function installedPage(account: {
  portalId: number;
  hubDomain?: string | undefined;
}): string {
  const name = account.hubDomain
    ? `${account.hubDomain} (account ${account.portalId})`
    : `account ${account.portalId}`;
  return page('Recruitment scoring is connected', [
    `The app is installed in HubSpot ${name}, and the recruitment score properties are ready.`,
    'Contacts are scored as they change; open a contact to see its score card. You can close this page.',
  ]);
}

export function problemPage(title: string, ...explanation: string[]): string {
  return page(title, explanation);
}
