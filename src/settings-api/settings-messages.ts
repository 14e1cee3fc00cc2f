import type { Locale } from '../model/translations.ts';

/** What the settings backend says to an admin, in the HubSpot user's language. */
export interface SettingsMessages {
  unsigned: string;
  noAccount: string;
  noUser: string;
  notInstalled: string;
  notAllowed: string;
  hubspotUnavailable: string;
  badBody: string;
  invalidModel: (count: number) => string;
  noDraft: string;
  unknownTemplate: (id: string) => string;
  unknownVersion: (version: number) => string;
  wrongMethod: (method: string) => string;
  notFound: string;
  unknownJob: string;
  startedFromTemplate: (name: string) => string;
  calibrationBusy: string;
  calibrationNeedsServer: string;
  unknownOutcomeProperty: (property: string) => string;
  nothingPublished: string;
  profilesNotCalibrated: string;
}

const en: SettingsMessages = {
  unsigned: 'This request was not signed by HubSpot.',
  noAccount: 'The request does not say which HubSpot account it is for.',
  noUser: 'The request does not say which HubSpot user sent it.',
  notInstalled: 'The app is not installed in this HubSpot account.',
  notAllowed:
    'Only super admins of this HubSpot account may publish, roll back, choose a template or calibrate.',
  hubspotUnavailable: 'HubSpot is not answering right now; try again in a moment.',
  badBody: 'The request body is not what this endpoint expects.',
  invalidModel: (count) =>
    `The scoring model is not valid (${count} problem${count === 1 ? '' : 's'}); nothing was published.`,
  noDraft: 'There is no draft to publish; edit the model or choose a template first.',
  unknownTemplate: (id) => `There is no template "${id}".`,
  unknownVersion: (version) => `This account has no published version ${version}.`,
  wrongMethod: (method) => `Use ${method} for this path.`,
  notFound: 'There is no such settings endpoint.',
  unknownJob: 'This account has no such background job.',
  startedFromTemplate: (name) => `Started from the template "${name}"`,
  calibrationBusy:
    'A calibration of this account is already running; wait for it to finish (its progress is shown).',
  calibrationNeedsServer:
    'Calibration is not available in this installation: it runs for minutes on the app’s server, and this one runs as serverless functions. Ask the app’s operator, or calibrate with `recruitment-score calibrate`.',
  unknownOutcomeProperty: (property) =>
    `This account has no contact property "${property}"; choose the outcome from its properties.`,
  nothingPublished: 'Nothing is published yet to calibrate; choose a template first.',
  profilesNotCalibrated:
    'Calibration does not learn several fit profiles yet: calibrate a model with one profile per job family.',
};

const nl: SettingsMessages = {
  unsigned: 'Dit verzoek is niet door HubSpot ondertekend.',
  noAccount: 'Het verzoek zegt niet voor welk HubSpot-account het is.',
  noUser: 'Het verzoek zegt niet welke HubSpot-gebruiker het stuurde.',
  notInstalled: 'De app is niet geïnstalleerd in dit HubSpot-account.',
  notAllowed:
    'Alleen superbeheerders van dit HubSpot-account mogen publiceren, terugdraaien, een sjabloon kiezen of kalibreren.',
  hubspotUnavailable: 'HubSpot antwoordt nu niet; probeer het zo opnieuw.',
  badBody: 'De inhoud van het verzoek is niet wat dit endpoint verwacht.',
  invalidModel: (count) =>
    `Het scoremodel is niet geldig (${count} ${count === 1 ? 'probleem' : 'problemen'}); er is niets gepubliceerd.`,
  noDraft: 'Er is geen concept om te publiceren; bewerk het model of kies eerst een sjabloon.',
  unknownTemplate: (id) => `Er is geen sjabloon "${id}".`,
  unknownVersion: (version) => `Dit account heeft geen gepubliceerde versie ${version}.`,
  wrongMethod: (method) => `Gebruik ${method} voor dit pad.`,
  notFound: 'Dit instellingen-endpoint bestaat niet.',
  unknownJob: 'Dit account heeft zo’n achtergrondtaak niet.',
  startedFromTemplate: (name) => `Begonnen met het sjabloon "${name}"`,
  calibrationBusy:
    'Er loopt al een kalibratie van dit account; wacht tot die klaar is (de voortgang staat erbij).',
  calibrationNeedsServer:
    'Kalibreren kan niet in deze installatie: het draait minutenlang op de server van de app, en deze draait als serverless functies. Vraag het aan de beheerder van de app, of kalibreer met `recruitment-score calibrate`.',
  unknownOutcomeProperty: (property) =>
    `Dit account heeft geen contacteigenschap "${property}"; kies de uitkomst uit de eigenschappen.`,
  nothingPublished: 'Er is nog niets gepubliceerd om te kalibreren; kies eerst een sjabloon.',
  profilesNotCalibrated:
    'Kalibratie leert nog geen meerdere fitprofielen: kalibreer een model met één profiel per functiegroep.',
};

export const SETTINGS_MESSAGES: Readonly<Record<Locale, SettingsMessages>> = { en, nl };
