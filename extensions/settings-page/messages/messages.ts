import type { ProtectedGround } from '../../../src/model/protected-attributes.ts';

/**
 * Every text the settings page shows, one object per language. Texts that come from the
 * backend (template labels, model problems, job errors) arrive already in the user's language,
 * because the page sends `locale` with every request.
 */
export interface SettingsMessages {
  /** BCP 47 tag for number and date formatting. */
  locale: string;
  loading: string;
  loadErrorTitle: string;
  retry: string;
  unreachable: string;
  unexpectedAnswer: string;
  notSigned: string;
  hubspotBusy: (retryAfterSeconds: number | undefined) => string;
  backendFailed: (status: number) => string;
  onlySuperAdmins: string;
  busy: string;
  invalidModel: string;
  notFound: string;

  firstInstallTitle: string;
  firstInstallBody: string;
  chooseTemplate: string;
  cannotPublishWhy: string;

  tabModel: string;
  tabYaml: string;
  tabPreview: string;
  tabPublish: string;

  publishedVersion: (version: number, when: string, by: string) => string;
  nothingPublished: string;
  draftState: (problems: number) => string;
  missingProperty: (name: string) => string;
  saveDraft: string;
  draftSaved: string;

  publishTitle: string;
  publishNote: string;
  publish: string;
  published: (version: number) => string;
  historyTitle: string;
  historyVersion: string;
  historyWhen: string;
  historyBy: string;
  historyNote: string;
  rollback: string;
  rolledBack: (version: number) => string;
  currentVersion: string;

  recalculationTitle: string;
  jobProgress: (done: number, total: number | undefined) => string;
  jobSecondsLeft: (seconds: number) => string;
  jobFailed: (error: string | undefined) => string;
  jobStatus: Record<'queued' | 'running' | 'finished' | 'failed' | 'cancelled', string>;
  recalculationSummary: (read: number, changed: number, written: number, seconds: number) => string;
  tierMove: (from: string, to: string, count: number) => string;
  noTierMoves: string;

  previewTitle: string;
  previewBody: string;
  startPreview: string;
  previewSampled: (sampled: number) => string;
  distributionTitle: string;
  tierSharesTitle: string;
  tierColumn: string;
  shareBefore: string;
  shareAfter: string;
  tierMovesTitle: string;
  biggestMovesTitle: string;
  contactColumn: string;
  beforeColumn: string;
  afterColumn: string;
  contactsSeries: string;
  publishedSeries: string;
  draftSeries: string;

  yamlTitle: string;
  yamlBody: string;
  importYaml: string;
  imported: string;
  exportTitle: string;

  profilesTitle: string;
  profileName: string;
  criteriaTitle: string;
  criterionLabel: string;
  property: string;
  kind: string;
  values: string;
  points: string;
  addCriterion: string;
  /** A combined criterion: the second condition, on another property, that must match too. */
  secondCondition: string;
  addSecondCondition: string;
  removeSecondCondition: string;
  removeItem: string;
  touchpointsTitle: string;
  touchpointLabel: string;
  channel: string;
  quantity: string;
  halfLifeDays: string;
  contentTable: string;
  channelCapsTitle: string;
  cap: string;
  decayTitle: string;
  decayAfterDays: string;
  decayPercent: string;
  tiersTitle: string;
  tierName: string;
  tierMinimum: string;
  propertyType: (type: string, options: number) => string;
  validating: string;
  unreadableDraft: string;
  conditionKinds: Record<
    | 'equals'
    | 'oneOf'
    | 'notOneOf'
    | 'keywords'
    | 'range'
    | 'known'
    | 'withinDays'
    | 'olderThanDays',
    string
  >;
  curves: Record<'linear' | 'logarithmic' | 'geometric', string>;
  channels: Record<'web' | 'email' | 'content' | 'social' | 'ads' | 'recruiter', string>;
  knockout: string;
  rangeMin: string;
  rangeMax: string;
  known: string;
  days: string;
  groupTitle: (label: string) => string;
  sourceProperty: string;
  sourceKinds: Record<'count' | 'contentName' | 'history' | 'lastActivity', string>;
  source: string;
  ratio: string;
  occurrenceCap: string;
  maxPoints: string;
  decayKind: string;
  decayKinds: Record<'none' | 'halfLife' | 'steps', string>;
  keepPercent: string;
  addStep: string;
  contentMatch: string;
  addContent: string;
  otherContentPoints: string;
  addTouchpoint: string;
  addTier: string;
  tierLabel: string;
  noProperty: string;
  protectedProperty: (name: string, ground: string) => string;
  protectedGrounds: Record<ProtectedGround, string>;

  tabCalibrate: string;
  calibrationTitle: string;
  calibrationBody: string;
  outcomeProperty: string;
  outcomePropertyHelp: string;
  outcomeValues: string;
  outcomeValuesTyped: string;
  calibrationBase: string;
  baseKinds: Record<'published' | 'draft', string>;
  maxCriteria: string;
  maxCriteriaInvalid: string;
  hotRate: string;
  hotRateHelp: string;
  hotRateInvalid: string;
  chooseOutcome: string;
  startCalibration: string;
  calibrationNotAllowed: string;
  calibrationBusy: string;
  calibrationRefused: string;
  calibrationStages: Record<'reading' | 'history' | 'learning', string>;
  calibrationProgress: Record<
    'reading' | 'history' | 'learning',
    (done: number, total: number | undefined) => string
  >;
  reportTitle: string;
  reportOutcome: (property: string, values: string, candidates: number, reached: number) => string;
  reportSplit: (learning: number, holdout: number) => string;
  backtestTitle: string;
  measureColumn: string;
  currentModel: string;
  suggestedModel: string;
  referenceModel: string;
  rocAuc: string;
  prAuc: string;
  liftTop10: string;
  recallTop10: string;
  pointsTitle: string;
  criterionColumn: string;
  pointsChange: string;
  statusColumn: string;
  /** The backend's statuses ('learned', ...) in the admin's words; others are shown as sent. */
  pointsStatus: Record<string, string>;
  matchesColumn: string;
  matches: (matches: number, outcomes: number) => string;
  proposedTitle: string;
  noneProposed: string;
  supportColumn: string;
  outcomeRateColumn: string;
  contentTitle: string;
  noContent: string;
  contentColumn: string;
  contentKindColumn: string;
  touchedColumn: string;
  liftColumn: string;
  smallSample: string;
  suggestedTiersTitle: string;
  tierBasis: (basis: string) => string;
  minScoreChange: string;
  shareChange: string;
  outcomeRateAfter: string;
  loadAsDraft: string;
  loadedAsDraft: string;
}
