/**
 * What an admin reads during the install, in English and Dutch. The language comes from the
 * browser's Accept-Language; anything else gets English. Each page: a title and what to do.
 */
export type PageLanguage = 'en' | 'nl';

export interface PageText {
  title: string;
  paragraphs: string[];
}

export interface InstallMessages {
  methodNotAllowed: PageText;
  declined: PageText;
  incomplete: PageText;
  noSessionCookie: PageText;
  forgedOrOtherBrowser: PageText;
  expired: PageText;
  replayed: PageText;
  badCode: PageText;
  unavailable: PageText;
  misconfigured: PageText;
  unexpected: PageText;
  tooManyRequests: (minutes: number) => PageText;
  setupFailed: (portalId: number) => PageText;
  installed: (accountName: string) => PageText;
  accountName: (portalId: number, hubDomain?: string) => string;
}

const EN_AGAIN = 'Start the installation again from the app listing or the install link.';
const NL_AGAIN = 'Begin de installatie opnieuw vanuit de app-vermelding of de installatielink.';

const en: InstallMessages = {
  methodNotAllowed: {
    title: 'Method not allowed',
    paragraphs: ['Open this address in a browser.'],
  },
  declined: {
    title: 'The app was not installed',
    paragraphs: ['HubSpot did not grant access.', EN_AGAIN],
  },
  incomplete: { title: 'This install link is incomplete', paragraphs: [EN_AGAIN] },
  noSessionCookie: {
    title: 'This install was not started in this browser',
    paragraphs: [
      'The installation has to finish in the browser it was started in, with cookies allowed.',
      EN_AGAIN,
    ],
  },
  forgedOrOtherBrowser: {
    title: 'This install link is not valid here',
    paragraphs: ['It was not made by this app for this browser.', EN_AGAIN],
  },
  expired: {
    title: 'This install link has expired',
    paragraphs: ['An installation has to be finished within ten minutes.', EN_AGAIN],
  },
  replayed: {
    title: 'This install link was already used',
    paragraphs: ['Each install link works once.', EN_AGAIN],
  },
  badCode: { title: 'This install link was already used or is too old', paragraphs: [EN_AGAIN] },
  unavailable: {
    title: 'HubSpot could not be reached',
    paragraphs: ['Nothing was installed.', EN_AGAIN],
  },
  misconfigured: {
    title: 'The app is not set up correctly',
    paragraphs: [
      "HubSpot refused this server's client id, secret or redirect URL. Ask the app's operator to check them.",
    ],
  },
  unexpected: {
    title: 'HubSpot gave an unexpected answer',
    paragraphs: ['Nothing was installed.', EN_AGAIN],
  },
  tooManyRequests: (minutes) => ({
    title: 'Too many attempts',
    paragraphs: [
      'This address opened the install pages too often.',
      `Wait ${minutes} minutes, then start the installation again.`,
    ],
  }),
  setupFailed: (portalId) => ({
    title: 'Connected, but the setup did not finish',
    paragraphs: [
      `The app is installed in HubSpot account ${portalId}, but creating the recruitment score properties failed.`,
      'Open the install link again in a few minutes to finish it.',
    ],
  }),
  installed: (name) => ({
    title: 'Recruitment scoring is connected',
    paragraphs: [
      `The app is installed in HubSpot ${name}, and the recruitment score properties are ready.`,
      "Next, choose the template that fits whom you recruit (software and IT, healthcare, engineering, logistics, sales and customer service, or general) in the app's settings page: in HubSpot, Connected apps > Recruitment lead scoring > Settings. By default only super admins can publish it.",
      'Until you do, contacts are scored with the General template, which fits any vacancy in the Netherlands. Contacts are scored as they change; open a contact to see its score card. You can close this page.',
    ],
  }),
  accountName: (portalId, hubDomain) =>
    hubDomain ? `${hubDomain} (account ${portalId})` : `account ${portalId}`,
};

const nl: InstallMessages = {
  methodNotAllowed: {
    title: 'Methode niet toegestaan',
    paragraphs: ['Open dit adres in een browser.'],
  },
  declined: {
    title: 'De app is niet geïnstalleerd',
    paragraphs: ['HubSpot heeft geen toegang gegeven.', NL_AGAIN],
  },
  incomplete: { title: 'Deze installatielink is onvolledig', paragraphs: [NL_AGAIN] },
  noSessionCookie: {
    title: 'Deze installatie is niet in deze browser begonnen',
    paragraphs: [
      'De installatie moet worden afgerond in de browser waarin ze begon, met cookies toegestaan.',
      NL_AGAIN,
    ],
  },
  forgedOrOtherBrowser: {
    title: 'Deze installatielink is hier niet geldig',
    paragraphs: ['Hij is niet door deze app voor deze browser gemaakt.', NL_AGAIN],
  },
  expired: {
    title: 'Deze installatielink is verlopen',
    paragraphs: ['Een installatie moet binnen tien minuten worden afgerond.', NL_AGAIN],
  },
  replayed: {
    title: 'Deze installatielink is al gebruikt',
    paragraphs: ['Elke installatielink werkt één keer.', NL_AGAIN],
  },
  badCode: { title: 'Deze installatielink is al gebruikt of te oud', paragraphs: [NL_AGAIN] },
  unavailable: {
    title: 'HubSpot was niet bereikbaar',
    paragraphs: ['Er is niets geïnstalleerd.', NL_AGAIN],
  },
  misconfigured: {
    title: 'De app is niet goed ingesteld',
    paragraphs: [
      'HubSpot weigerde de client-id, het geheim of de redirect-URL van deze server. Vraag de beheerder van de app ze na te kijken.',
    ],
  },
  unexpected: {
    title: 'HubSpot gaf een onverwacht antwoord',
    paragraphs: ['Er is niets geïnstalleerd.', NL_AGAIN],
  },
  tooManyRequests: (minutes) => ({
    title: 'Te veel pogingen',
    paragraphs: [
      'Dit adres heeft de installatiepagina’s te vaak geopend.',
      `Wacht ${minutes} minuten en begin de installatie dan opnieuw.`,
    ],
  }),
  setupFailed: (portalId) => ({
    title: 'Verbonden, maar de inrichting is niet afgerond',
    paragraphs: [
      `De app is geïnstalleerd in HubSpot-account ${portalId}, maar het aanmaken van de eigenschappen voor de wervingsscore is mislukt.`,
      'Open de installatielink over een paar minuten opnieuw om het af te ronden.',
    ],
  }),
  installed: (name) => ({
    title: 'Wervingsscore is verbonden',
    paragraphs: [
      `De app is geïnstalleerd in HubSpot ${name}, en de eigenschappen voor de wervingsscore staan klaar.`,
      'Kies nu het sjabloon dat past bij wie u werft (software en IT, zorg, techniek, logistiek, sales en klantenservice, of algemeen) op de instellingenpagina van de app: in HubSpot onder Verbonden apps (Connected apps) > Recruitment lead scoring > Instellingen. Standaard kunnen alleen superbeheerders het publiceren.',
      'Tot die tijd krijgen contacten een score met het sjabloon Algemeen, dat past bij elke vacature in Nederland. Contacten krijgen een score zodra ze veranderen; open een contact om de scorekaart te zien. U kunt deze pagina sluiten.',
    ],
  }),
  accountName: (portalId, hubDomain) =>
    hubDomain ? `${hubDomain} (account ${portalId})` : `account ${portalId}`,
};

export const INSTALL_MESSAGES: Readonly<Record<PageLanguage, InstallMessages>> = { en, nl };

/** The first of English and Dutch the browser asks for, by its q-values; English otherwise. */
export function pageLanguageOf(acceptLanguage: string | undefined): PageLanguage {
  if (!acceptLanguage) return 'en';
  const wanted = acceptLanguage
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const primary = tag.split('-')[0];
    if (primary === 'nl') return 'nl';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
