import type { Messages } from './messages.ts';

const dagen = (n: number) => `${n} ${n === 1 ? 'dag' : 'dagen'}`;

/** Dutch, for users whose HubSpot locale is nl (nl-nl, nl-be). */
export const nl: Messages = {
  locale: 'nl-NL',
  loading: 'De recruitmentscore wordt geladen…',
  loadErrorTitle: 'De recruitmentscore kon niet worden geladen',
  retry: 'Opnieuw proberen',
  notScoredTitle: 'Nog geen score',
  notScoredBody:
    'Dit contact heeft nog geen recruitmentscore. Scores worden berekend wanneer het contact verandert en tijdens de vaste controleronde; bereken de score nu om te zien wat meetelt.',
  scoreNow: 'Nu berekenen',
  recalculate: 'Nu herberekenen',
  recalculateFailed: 'Herberekenen is mislukt',
  recalculatedSaved: 'Herberekend en opgeslagen in HubSpot.',
  recalculatedUnchanged: 'Herberekend: HubSpot had deze score al.',
  scoreLabel: 'Score',
  fitLabel: 'Profiel',
  engagementLabel: 'Betrokkenheid',
  disqualifiedTag: 'Uitgesloten',
  disqualifiedTitle: 'Buiten het profiel',
  profileSection: 'Profiel',
  profileFitsTitle: 'Fit per profiel',
  profileCounts: 'Telt: beste fit',
  profilePinned: 'Telt: gekoppeld aan dit profiel',
  profileKnockedOut: 'Buiten dit profiel',
  countingProfile: (profile) => `Score als ${profile} (beste fit)`,
  countingProfilePinned: (profile) => `Score als ${profile} (gekoppeld profiel)`,
  limitsSection: 'Limieten en inactiviteit',
  noContributions:
    'Nog niets meegeteld: geen profielcriterium klopt en er is geen betrokkenheid bekend.',
  rowLabel: (label, matched, occurrences) => {
    const what = matched ? `${label}: ${matched}` : label;
    return occurrences !== undefined && occurrences !== 1 ? `${what} ×${occurrences}` : what;
  },
  decayLine: (what, basePoints, points, rule, daysAgo) =>
    `${what}: ${basePoints} → ${points}, ${rule}, ${
      daysAgo === 0 ? 'laatste activiteit vandaag' : `laatst ${dagen(daysAgo)} geleden`
    }`,
  decayRule: (rule) =>
    'halfLifeDays' in rule
      ? `halveert elke ${dagen(rule.halfLifeDays)}`
      : rule.steps.map((s) => `${Math.round(s.keep * 100)}% na ${dagen(s.afterDays)}`).join(', '),
  occurrenceLine: (date, points) => `${date}: ${points}`,
  undated: 'datum onbekend',
  inactivityLine: (n, percent) => `${dagen(n)} geen betrokkenheid: betrokkenheid −${percent}%`,
  nextChange: (n, date) => `Verval verandert de score over ${dagen(n)} (${date}).`,
  nextChangeSoon: (date) => `Verval verandert de score binnen een dag (${date}).`,
  noNextChange: 'Verval verandert deze score niet.',
  trendTitle: 'Score door de tijd',
  trendDateAxis: 'Datum',
  trendScoreAxis: 'Score',
  trendTooShort: 'Het verloop verschijnt zodra de score minstens twee keer is veranderd.',
  warningsTitle: 'Sommige gegevens ontbreken of zijn onleesbaar',
  unexpectedAnswer: 'De scoringsdienst gaf een antwoord dat de kaart niet begrijpt.',
  unreachable:
    'De scoringsdienst is niet bereikbaar. Controleer je verbinding en probeer het opnieuw.',
  scoredOn: (date) => `Berekend op ${date}`,
  unknownValue: '–',
  storedLoadError: 'De opgeslagen recruitmentscore kon niet uit HubSpot worden gelezen.',
  breakdownLoading: 'De opbouw van de score wordt geladen…',
  breakdownUnavailableTitle: 'Actuele opbouw niet beschikbaar',
  breakdownErrorTitle: 'De opbouw van de score kon niet worden geladen',
  liveDiffers: (live, stored) =>
    `Nu berekend: ${live}; HubSpot heeft nog ${stored}. Herbereken om de nieuwe score op te slaan.`,
  trendUnavailable: 'Het verloop kon nu niet worden geladen.',
  hubspotBusy: (seconds) =>
    `HubSpot is nu druk. De opgeslagen score staat hieronder; probeer het ${opnieuwOver(seconds)}.`,
  hubspotSlow: (seconds) =>
    `HubSpot reageert nu traag. De opgeslagen score staat hieronder; probeer het ${opnieuwOver(seconds)}.`,
  tokenUndecryptable:
    'De opgeslagen HubSpot-toegang van de app is onleesbaar omdat de TOKEN_ENCRYPTION_KEY van de server is gewijzigd. Vraag de beheerder van de server de vorige TOKEN_ENCRYPTION_KEY terug te zetten, of een HubSpot-beheerder de app opnieuw te installeren.',
  accessRevoked:
    'De app heeft geen toegang meer tot dit HubSpot-account. Vraag een beheerder de app opnieuw te installeren.',
  notSigned:
    'De scoringsdienst weigerde de HubSpot-handtekening van het verzoek. Vraag de beheerder het client secret van de app op de server te controleren.',
  notInstalled: 'De app voor recruitmentscores is niet geïnstalleerd in dit account.',
  contactNotFound:
    'Dit contact is niet gevonden in HubSpot; het is mogelijk verwijderd of samengevoegd.',
  backendFailed: (status) => `De scoringsdienst faalde (HTTP ${status}). Probeer het opnieuw.`,
};

function opnieuwOver(seconds: number | undefined): string {
  if (seconds === undefined || seconds >= 90) return 'over een minuut opnieuw';
  return `over ${seconds} ${seconds === 1 ? 'seconde' : 'seconden'} opnieuw`;
}
