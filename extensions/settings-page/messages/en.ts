import type { SettingsMessages } from './messages.ts';

const count = (n: number) => n.toLocaleString('en-US');

export const en: SettingsMessages = {
  locale: 'en-US',
  title: 'Recruitment lead scoring',
  loading: 'Loading the scoring settings…',
  loadErrorTitle: 'The scoring settings could not be loaded',
  retry: 'Try again',
  unreachable: 'The scoring service cannot be reached. Check your connection and try again.',
  unexpectedAnswer: 'The scoring service gave an answer this page does not understand.',
  notSigned: 'The scoring service did not accept this request as coming from HubSpot.',
  hubspotBusy: (s) =>
    s === undefined
      ? 'HubSpot is not answering the scoring service right now. Try again shortly.'
      : `HubSpot is not answering the scoring service right now. Try again in ${s} seconds.`,
  backendFailed: (status) => `The scoring service failed (HTTP ${status}).`,
  onlySuperAdmins: 'Only super admins may publish, roll back or choose a template.',
  busy: 'A recalculation is already running for this account. Wait until it has finished.',
  invalidModel: 'The model has problems; nothing was published.',
  notFound: 'That version or job does not exist.',

  firstInstallTitle: 'Choose where to start',
  firstInstallBody:
    'Nothing is published yet. Pick the template closest to your recruitment; you can change every criterion afterwards.',
  chooseTemplate: 'Start from this template',
  cannotPublishWhy:
    'Only super admins may choose a template. Ask a super admin of this account to open these settings.',

  tabModel: 'Model',
  tabYaml: 'YAML',
  tabPreview: 'Preview',
  tabPublish: 'Publish and history',

  publishedVersion: (v, when, by) => `Version ${v} published on ${when} by ${by}`,
  nothingPublished: 'Nothing is published yet.',
  draftState: (n) =>
    n === 0 ? 'The draft is valid.' : `The draft has ${n} problem${n === 1 ? '' : 's'}.`,
  problemsTitle: 'Problems',
  missingProperty: (name) => `This account has no contact property "${name}".`,
  saveDraft: 'Save draft',
  draftSaved: 'Draft saved.',

  publishTitle: 'Publish the draft',
  publishNote: 'Note (what changed and why)',
  publish: 'Publish',
  published: (v) => `Version ${v} is published. New activity is scored with it at once.`,
  historyTitle: 'Version history',
  historyVersion: 'Version',
  historyWhen: 'Published',
  historyBy: 'By',
  historyNote: 'Note',
  rollback: 'Roll back',
  rolledBack: (v) => `Version ${v} is published again.`,
  currentVersion: 'Current',

  recalculationTitle: 'Recalculating every contact',
  jobProgress: (done, total) =>
    total === undefined
      ? `${count(done)} contacts done`
      : `${count(done)} of ${count(total)} contacts`,
  jobSecondsLeft: (s) => `About ${Math.ceil(s)} seconds left`,
  jobFailed: (error) => `The job failed${error ? `: ${error}` : '.'}`,
  jobStatus: {
    queued: 'Waiting to start',
    running: 'Running',
    finished: 'Finished',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
  recalculationSummary: (read, changed, written, seconds) =>
    `${count(read)} contacts read, ${count(changed)} changed, ${count(written)} written in ${Math.round(seconds)} s.`,
  tierMove: (from, to, n) => `${from} → ${to}: ${count(n)}`,
  noTierMoves: 'No contact changes tier.',

  previewTitle: 'Preview the draft',
  previewBody:
    'Scores a sample of recently modified contacts with the draft and with the published model. Nothing is written to HubSpot.',
  startPreview: 'Start preview',
  previewSampled: (n) => `${count(n)} contacts in the sample`,
  distributionTitle: 'Score distribution',
  tierSharesTitle: 'Tier shares',
  tierColumn: 'Tier',
  shareBefore: 'Published',
  shareAfter: 'Draft',
  tierMovesTitle: 'Tier moves',
  biggestMovesTitle: 'Contacts that move most',
  contactColumn: 'Contact',
  beforeColumn: 'Now',
  afterColumn: 'With the draft',
  contactsSeries: 'Contacts',
  publishedSeries: 'Published',
  draftSeries: 'Draft',

  yamlTitle: 'The model as YAML',
  yamlBody: 'For power users: paste a model and import it. It replaces the draft once it is valid.',
  importYaml: 'Import',
  imported: 'Imported: the draft is replaced.',
  exportTitle: 'Copy this text to keep or share the draft.',

  profilesTitle: 'Fit profiles',
  profileName: 'Profile',
  criteriaTitle: 'Criteria',
  criterionLabel: 'Label',
  property: 'Contact property',
  kind: 'Test',
  values: 'Values (comma separated)',
  points: 'Points',
  addCriterion: 'Add criterion',
  removeItem: 'Remove',
  touchpointsTitle: 'Touchpoints',
  touchpointLabel: 'Touchpoint',
  channel: 'Channel',
  quantity: 'Quantity curve',
  halfLifeDays: 'Half-life (days)',
  contentTable: 'Content table',
  channelCapsTitle: 'Channel caps',
  cap: 'Most points',
  decayTitle: 'Inactivity decay',
  decayAfterDays: 'After days',
  decayPercent: 'Reduce by (%)',
  tiersTitle: 'Tiers',
  tierName: 'Tier',
  tierMinimum: 'Lowest score',
  propertyType: (type, options) => (options > 0 ? `${type}, ${options} options` : type),
  validating: 'Checking…',
  valid: 'No problems.',
  unreadableDraft: 'The draft is not readable YAML; fix it on the YAML tab.',
};
