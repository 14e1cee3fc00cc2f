import type { Locale } from '../model/translations.ts';

/**
 * Why a background job did not finish, in the words of the admin who started it (the locale
 * of their HubSpot user, kept with the job). No secrets, no stack traces: the log has those.
 */
export interface JobMessages {
  notInstalled: string;
  superseded: (version: number) => string;
  hubspotFailed: (done: number) => string;
  previewInterrupted: string;
  previewHubSpotFailed: string;
  previewSuperseded: string;
  invalidDraft: string;
  unexpected: string;
  calibrationInterrupted: string;
  calibrationHubSpotFailed: (read: number) => string;
  noOutcome: (outcome: string) => string;
  everyOutcome: (outcome: string) => string;
  noContacts: string;
  /** Calibration refused the data; `detail` is calibration's own (English) reason. */
  calibrationRefused: (detail: string) => string;
  /** The account has more contacts than a calibration reads. */
  contactLimit: (read: number, total: number) => string;
}

const count = (n: number) => n.toLocaleString('en');
const telTal = (n: number) => n.toLocaleString('nl');

const en: JobMessages = {
  notInstalled: 'The app is no longer installed in this HubSpot account.',
  superseded: (version) =>
    `Stopped: version ${version} was published since; that version is being recalculated now.`,
  hubspotFailed: (done) =>
    `HubSpot kept failing, so the recalculation stopped after ${count(done)} contacts. ` +
    'New events are scored with the published version; publish again or roll back to finish the rest.',
  previewInterrupted: 'The app restarted during the preview; start the preview again.',
  previewSuperseded: 'A newer preview was started.',
  previewHubSpotFailed:
    'HubSpot did not answer while the sample was read; try the preview again in a moment.',
  invalidDraft: 'The draft has problems; fix them before previewing.',
  unexpected: 'Something went wrong in the app; the job stopped. Our team can see why in the log.',
  calibrationInterrupted: 'The app restarted during the calibration; start the calibration again.',
  calibrationHubSpotFailed: (read) =>
    `HubSpot did not answer after ${count(read)} contacts were read; start the calibration again in a moment.`,
  noOutcome: (outcome) =>
    `No contact has ${outcome} yet: calibration learns from contacts who reached the outcome. Choose another outcome or value.`,
  everyOutcome: (outcome) =>
    `Every contact has ${outcome}: calibration needs contacts without the outcome too.`,
  noContacts: 'The account has no contacts to learn from.',
  calibrationRefused: (detail) => `Calibration could not learn from these contacts: ${detail}`,
  contactLimit: (read, total) =>
    `Learnt from the first ${count(read)} of ${count(total)} contacts (by id): a calibration reads at most ${count(read)}.`,
};

const nl: JobMessages = {
  notInstalled: 'De app is niet meer geïnstalleerd in dit HubSpot-account.',
  superseded: (version) =>
    `Gestopt: sindsdien is versie ${version} gepubliceerd; die versie wordt nu doorgerekend.`,
  hubspotFailed: (done) =>
    `HubSpot bleef fouten geven, dus de herberekening stopte na ${telTal(done)} contactpersonen. ` +
    'Nieuwe gebeurtenissen krijgen een score met de gepubliceerde versie; publiceer opnieuw of draai terug om de rest af te maken.',
  previewInterrupted: 'De app is herstart tijdens het voorbeeld; start het voorbeeld opnieuw.',
  previewSuperseded: 'Er is een nieuwer voorbeeld gestart.',
  previewHubSpotFailed:
    'HubSpot antwoordde niet tijdens het lezen van de steekproef; probeer het voorbeeld zo opnieuw.',
  invalidDraft: 'Het concept heeft problemen; los die op voordat je een voorbeeld bekijkt.',
  unexpected:
    'Er ging iets mis in de app; de taak is gestopt. Ons team kan in het logboek zien waarom.',
  calibrationInterrupted: 'De app is herstart tijdens de kalibratie; start de kalibratie opnieuw.',
  calibrationHubSpotFailed: (read) =>
    `HubSpot antwoordde niet meer nadat ${telTal(read)} contactpersonen waren gelezen; start de kalibratie zo opnieuw.`,
  noOutcome: (outcome) =>
    `Nog geen enkele contactpersoon heeft ${outcome}: kalibratie leert van contactpersonen die de uitkomst bereikten. Kies een andere uitkomst of waarde.`,
  everyOutcome: (outcome) =>
    `Alle contactpersonen hebben ${outcome}: kalibratie heeft ook contactpersonen zonder de uitkomst nodig.`,
  noContacts: 'Het account heeft geen contactpersonen om van te leren.',
  calibrationRefused: (detail) =>
    `De kalibratie kon niet leren van deze contactpersonen (in het Engels): ${detail}`,
  contactLimit: (read, total) =>
    `Geleerd van de eerste ${telTal(read)} van ${telTal(total)} contactpersonen (op id): een kalibratie leest er hoogstens ${telTal(read)}.`,
};

export const JOB_MESSAGES: Readonly<Record<Locale, JobMessages>> = { en, nl };

export function jobMessages(locale: unknown): JobMessages {
  return locale === 'nl' ? nl : en;
}
