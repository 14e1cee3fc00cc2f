import {
  describeNote,
  describeTierBasis,
  type CalibrationNote,
  type TierBasis,
} from '../calibration/calibration-notes.ts';
import type { LeftOutReason } from '../calibration/leakage-guard.ts';
import type { LimitCheck } from '../calibration/suggested-limits.ts';
import type { ProtectedGround } from '../model/protected-attributes.ts';
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
  /** A calibration's warning (src/calibration/calibration-notes.ts). */
  calibrationNote: (note: CalibrationNote) => string;
  /** How a calibration set the tier thresholds. */
  tierBasis: (basis: TierBasis) => string;
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
  calibrationNote: describeNote,
  tierBasis: describeTierBasis,
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
  calibrationNote: (note) => {
    switch (note.code) {
      case 'model-reads-leaky':
        return `Het model leest ${note.property} (${REDEN[note.reason]}): de punten daarvan blijven staan en worden niet geleerd, en de terugtest kan beter lijken dan het in de praktijk wordt.`;
      case 'left-out': {
        const ground = note.ground
          ? ` (${GROND[note.ground as ProtectedGround] ?? note.ground})`
          : '';
        return `${note.property} is weggelaten: ${REDEN[note.reason]}${ground}.`;
      }
      case 'without-time':
        return `${telTal(note.count)} kandidaten hebben geen ${note.timeProperty}: er is van ze geleerd, maar ze zijn nooit apart gehouden om te toetsen.`;
      case 'few-outcomes':
        return `Maar ${telTal(note.count)} kandidaten met de uitkomst om van te leren: lees het voorstel met zorg.`;
      case 'limit-moved': {
        const l = note.limit;
        const share = ((100 * l.cutByCurrent) / l.candidates).toLocaleString('nl', {
          maximumFractionDigits: 1,
          minimumFractionDigits: 1,
        });
        return `Een grens waar de geleerde punten tegenaan zouden lopen is verschoven (de fit gaat uit van geen grenzen): ${l.label}: ${GRENS[l.kind]} ${l.currentLimit} -> ${l.suggestedLimit} (die sneed ${telTal(l.cutByCurrent)} van ${telTal(l.candidates)} leerkandidaten af, ${share}%, met de geleerde punten; nu ${telTal(l.cutBySuggested)}).`;
      }
    }
  },
  tierBasis: (basis) => {
    const next = `${basis.next ?? 'het volgende niveau'} uit de volgende ${basis.nextPercent}%`;
    const topShares = `${basis.hot} uit de bovenste ${basis.hotPercent}% van de voorgestelde scores van de leerkandidaten, ${next} (uitgesloten kandidaten niet meegeteld)`;
    const rate = (r: number) => `${(Math.round(r * 1000) / 10).toLocaleString('nl')}%`;
    switch (basis.kind) {
      case 'top-shares':
        return topShares;
      case 'rate-unreached':
        return `geen groep leerkandidaten haalt een uitkomstpercentage van ${rate(basis.rate)}: ${topShares}`;
      case 'outcome-rate':
        return `${basis.hot} vanaf de laagste score waarbij de leerkandidaten op of boven die score een uitkomstpercentage van ${rate(basis.rate)} halen (de bovenste ${(basis.hotShare * 100).toLocaleString('nl', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%), ${next} (uitgesloten kandidaten niet meegeteld)`;
    }
  },
};

/** Why calibration left a property out, in Dutch. */
const REDEN: Readonly<Record<LeftOutReason, string>> = {
  'app output': 'een uitkomst van deze app zelf',
  outcome: 'de uitkomst',
  'named by --exclude': 'uitgesloten met --exclude',
  'set by the hiring process (after the outcome)': 'gezet door het wervingsproces (na de uitkomst)',
  'time of the split': 'de tijd waarop de data is gesplitst',
  identifier: 'een id',
  'protected attribute': 'een beschermd kenmerk',
};

const GROND: Readonly<Record<ProtectedGround, string>> = {
  gender: 'geslacht',
  age: 'leeftijd',
  nationality: 'nationaliteit',
  ethnicity: 'etniciteit',
  religion: 'religie',
  disability: 'handicap',
  'marital status': 'burgerlijke staat',
};

const GRENS: Readonly<Record<LimitCheck['kind'], string>> = {
  'group max': 'groepsmaximum',
  'group min': 'groepsminimum',
  'channel cap': 'kanaalplafond',
  'touchpoint cap': 'contactmomentplafond',
};

export const JOB_MESSAGES: Readonly<Record<Locale, JobMessages>> = { en, nl };

export function jobMessages(locale: unknown): JobMessages {
  return locale === 'nl' ? nl : en;
}
