import type { SettingsMessages } from './messages.ts';

const count = (n: number) => n.toLocaleString('nl-NL');

export const nl: SettingsMessages = {
  locale: 'nl-NL',
  title: 'Recruitment lead scoring',
  loading: 'De scoringsinstellingen worden geladen…',
  loadErrorTitle: 'De scoringsinstellingen konden niet worden geladen',
  retry: 'Opnieuw proberen',
  unreachable:
    'De scoringsdienst is niet bereikbaar. Controleer je verbinding en probeer het opnieuw.',
  unexpectedAnswer: 'De scoringsdienst gaf een antwoord dat deze pagina niet begrijpt.',
  notSigned: 'De scoringsdienst herkende dit verzoek niet als afkomstig van HubSpot.',
  hubspotBusy: (s) =>
    s === undefined
      ? 'HubSpot antwoordt de scoringsdienst nu niet. Probeer het zo opnieuw.'
      : `HubSpot antwoordt de scoringsdienst nu niet. Probeer het over ${s} seconden opnieuw.`,
  backendFailed: (status) => `De scoringsdienst gaf een fout (HTTP ${status}).`,
  onlySuperAdmins: 'Alleen superbeheerders mogen publiceren, terugzetten of een sjabloon kiezen.',
  busy: 'Er loopt al een herberekening voor dit account. Wacht tot die klaar is.',
  invalidModel: 'Het model bevat fouten; er is niets gepubliceerd.',
  notFound: 'Die versie of taak bestaat niet.',

  firstInstallTitle: 'Kies een startpunt',
  firstInstallBody:
    'Er is nog niets gepubliceerd. Kies het sjabloon dat het best bij jullie werving past; elk criterium is daarna aan te passen.',
  chooseTemplate: 'Met dit sjabloon beginnen',
  cannotPublishWhy:
    'Alleen superbeheerders mogen een sjabloon kiezen. Vraag een superbeheerder van dit account deze instellingen te openen.',

  tabModel: 'Model',
  tabYaml: 'YAML',
  tabPreview: 'Voorbeeld',
  tabPublish: 'Publiceren en geschiedenis',

  publishedVersion: (v, when, by) => `Versie ${v} gepubliceerd op ${when} door ${by}`,
  nothingPublished: 'Er is nog niets gepubliceerd.',
  draftState: (n) =>
    n === 0 ? 'Het concept is geldig.' : `Het concept bevat ${n} ${n === 1 ? 'fout' : 'fouten'}.`,
  problemsTitle: 'Fouten',
  missingProperty: (name) => `Dit account heeft geen contacteigenschap "${name}".`,
  saveDraft: 'Concept opslaan',
  draftSaved: 'Concept opgeslagen.',

  publishTitle: 'Het concept publiceren',
  publishNote: 'Notitie (wat is er veranderd en waarom)',
  publish: 'Publiceren',
  published: (v) => `Versie ${v} is gepubliceerd. Nieuwe activiteit telt er meteen mee.`,
  historyTitle: 'Versiegeschiedenis',
  historyVersion: 'Versie',
  historyWhen: 'Gepubliceerd',
  historyBy: 'Door',
  historyNote: 'Notitie',
  rollback: 'Terugzetten',
  rolledBack: (v) => `Versie ${v} is opnieuw gepubliceerd.`,
  currentVersion: 'Huidig',

  recalculationTitle: 'Alle contacten worden herberekend',
  jobProgress: (done, total) =>
    total === undefined
      ? `${count(done)} contacten klaar`
      : `${count(done)} van ${count(total)} contacten`,
  jobSecondsLeft: (s) => `Nog ongeveer ${Math.ceil(s)} seconden`,
  jobFailed: (error) => `De taak is mislukt${error ? `: ${error}` : '.'}`,
  jobStatus: {
    queued: 'Wacht op start',
    running: 'Bezig',
    finished: 'Klaar',
    failed: 'Mislukt',
    cancelled: 'Geannuleerd',
  },
  recalculationSummary: (read, changed, written, seconds) =>
    `${count(read)} contacten gelezen, ${count(changed)} veranderd, ${count(written)} geschreven in ${Math.round(seconds)} s.`,
  tierMove: (from, to, n) => `${from} → ${to}: ${count(n)}`,
  noTierMoves: 'Geen enkel contact wisselt van niveau.',

  previewTitle: 'Voorbeeld van het concept',
  previewBody:
    'Scoort een steekproef van recent gewijzigde contacten met het concept en met het gepubliceerde model. Er wordt niets naar HubSpot geschreven.',
  startPreview: 'Voorbeeld starten',
  previewSampled: (n) => `${count(n)} contacten in de steekproef`,
  distributionTitle: 'Verdeling van de scores',
  tierSharesTitle: 'Aandeel per niveau',
  tierColumn: 'Niveau',
  shareBefore: 'Gepubliceerd',
  shareAfter: 'Concept',
  tierMovesTitle: 'Verschuivingen tussen niveaus',
  biggestMovesTitle: 'Contacten die het meest verschuiven',
  contactColumn: 'Contact',
  beforeColumn: 'Nu',
  afterColumn: 'Met het concept',
  contactsSeries: 'Contacten',
  publishedSeries: 'Gepubliceerd',
  draftSeries: 'Concept',

  yamlTitle: 'Het model als YAML',
  yamlBody:
    'Voor gevorderden: plak een model en importeer het. Het vervangt het concept zodra het geldig is.',
  importYaml: 'Importeren',
  imported: 'Geïmporteerd: het concept is vervangen.',
  exportTitle: 'Kopieer deze tekst om het concept te bewaren of te delen.',

  profilesTitle: 'Fitprofielen',
  profileName: 'Profiel',
  criteriaTitle: 'Criteria',
  criterionLabel: 'Omschrijving',
  property: 'Contacteigenschap',
  kind: 'Toets',
  values: 'Waarden (gescheiden door komma’s)',
  points: 'Punten',
  addCriterion: 'Criterium toevoegen',
  removeItem: 'Verwijderen',
  touchpointsTitle: 'Contactmomenten',
  touchpointLabel: 'Contactmoment',
  channel: 'Kanaal',
  quantity: 'Verloop bij herhaling',
  halfLifeDays: 'Halveringstijd (dagen)',
  contentTable: 'Contenttabel',
  channelCapsTitle: 'Maximum per kanaal',
  cap: 'Meeste punten',
  decayTitle: 'Afname bij inactiviteit',
  decayAfterDays: 'Na dagen',
  decayPercent: 'Verlagen met (%)',
  tiersTitle: 'Niveaus',
  tierName: 'Niveau',
  tierMinimum: 'Laagste score',
  propertyType: (type, options) => (options > 0 ? `${type}, ${options} opties` : type),
  validating: 'Controleren…',
  valid: 'Geen fouten.',
  unreadableDraft: 'Het concept is geen leesbare YAML; herstel het op het tabblad YAML.',
};
