import type {
  CalibrationResult,
  JobInfo,
  PropertyInfo,
  OverviewAnswer,
  PreviewResult,
  RecalculationResult,
} from '../../src/settings-api/settings-contract.ts';

/** A small valid model: one fit group, one touchpoint, a channel cap, decay and three tiers. */
export const SMALL_MODEL_YAML = `version: 1
name: Small test model
fit:
  groups:
    - id: location
      label: Location
      criteria:
        - id: lives-in-netherlands
          label: Lives in the Netherlands
          property: country
          when:
            oneOf: [netherlands]
          points: 20
engagement:
  channels:
    email:
      max: 30
  touchpoints:
    - id: email-clicks
      label: Email clicks
      channel: email
      count: hs_email_click
      points: 5
      quantity:
        curve: logarithmic
      decay:
        halfLifeDays: 30
  inactivity:
    steps:
      - afterDays: 90
        reduceBy: 0.5
score:
  min: 0
  max: 100
tiers:
  - name: hot
    minScore: 70
  - name: warm
    minScore: 40
  - name: cold
`;

export const T0 = Date.UTC(2026, 11, 1, 9, 0);

export function anOverview(overrides: Partial<OverviewAnswer> = {}): OverviewAnswer {
  return {
    portalId: 123,
    locale: 'en',
    canPublish: true,
    published: {
      version: 2,
      publishedAt: T0,
      publishedBy: '1',
      note: 'Tighter location',
      modelYaml: SMALL_MODEL_YAML,
    },
    draft: { modelYaml: SMALL_MODEL_YAML, savedBy: '1', savedAt: T0, problems: [] },
    history: [
      { version: 2, publishedAt: T0, publishedBy: '1', note: 'Tighter location' },
      { version: 1, publishedAt: T0 - 86_400_000, publishedBy: 'cli', note: 'First' },
    ],
    templates: [
      { id: 'software-it', label: 'Software and IT', description: 'Developers and IT staff' },
      { id: 'healthcare', label: 'Healthcare and care', description: 'Nurses and carers' },
    ],
    ...overrides,
  };
}

export function aJob(overrides: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 'job-1',
    kind: 'recalculation',
    status: 'running',
    startedBy: '1',
    createdAt: T0,
    updatedAt: T0,
    progress: { done: 0, total: 10_000 },
    ...overrides,
  };
}

export function aRecalculationResult(
  overrides: Partial<RecalculationResult> = {},
): RecalculationResult {
  return {
    modelVersion: 3,
    read: 10_000,
    changed: 1_200,
    written: 1_200,
    tierMoves: [{ from: 'cold', to: 'warm', count: 31 }],
    requests: 112,
    leastRequests: 112,
    seconds: 42,
    ...overrides,
  };
}

export function aPreviewResult(overrides: Partial<PreviewResult> = {}): PreviewResult {
  return {
    sampled: 1_000,
    published: {
      bands: [
        { from: 0, to: 50, count: 700 },
        { from: 50, to: 100, count: 300 },
      ],
      tierShares: { hot: 0.1, warm: 0.3, cold: 0.6 },
      mean: 38,
      median: 35,
    },
    draft: {
      bands: [
        { from: 0, to: 50, count: 650 },
        { from: 50, to: 100, count: 350 },
      ],
      tierShares: { hot: 0.12, warm: 0.33, cold: 0.55 },
      mean: 41,
      median: 37,
    },
    tierMoves: [
      { from: 'cold', to: 'warm', count: 31 },
      { from: 'warm', to: 'hot', count: 9 },
      { from: 'hot', to: 'hot', count: 100 },
    ],
    biggestMoves: [
      {
        contactId: '501',
        name: 'Sanne de Vries',
        before: { score: 35, tier: 'cold' },
        after: { score: 72, tier: 'hot' },
      },
      { contactId: '502', before: { score: 60, tier: 'warm' }, after: { score: 38, tier: 'cold' } },
    ],
    warnings: [],
    ...overrides,
  };
}

/** A contact property as GET properties lists it; options make it an enumeration. */
export function aProperty(
  name: string,
  options: string[] = [],
  overrides: Partial<PropertyInfo> = {},
): PropertyInfo {
  return {
    name,
    label: name,
    type: options.length > 0 ? 'enumeration' : 'string',
    fieldType: options.length > 0 ? 'select' : 'text',
    options: options.map((value) => ({ value, label: value.toLowerCase() })),
    ...overrides,
  };
}

/** The suggestion a calibration hands back: the small model with a lower bar for warm. */
export const SUGGESTED_MODEL_YAML = SMALL_MODEL_YAML.replace('minScore: 40', 'minScore: 35');

const figures = (rocAuc: number, prAuc: number | null, liftTop10: number, recallTop10: number) => ({
  rocAuc,
  prAuc,
  liftTop10,
  recallTop10,
});

export function aCalibrationResult(overrides: Partial<CalibrationResult> = {}): CalibrationResult {
  return {
    outcome: { property: 'hs_lead_status', values: ['HIRED'] },
    candidates: 4_200,
    withOutcome: 310,
    split: {
      description: 'by creation date: the newest 30% held out',
      learning: 2_940,
      holdout: 1_260,
    },
    backtest: {
      current: figures(0.6417, 0.1234, 1.84, 0.184),
      suggested: figures(0.7925, 0.2861, 3.12, 0.312),
      reference: figures(0.8003, null, 3.2, 0.32),
    },
    points: [
      {
        label: 'Lives in the Netherlands',
        currentPoints: 20,
        suggestedPoints: 12.5,
        status: 'learned',
        matches: 2_100,
        outcomesAmongMatches: 190,
      },
      {
        label: 'Email clicks',
        currentPoints: 5,
        suggestedPoints: 0,
        status: 'not supported by the data',
        matches: 40,
        outcomesAmongMatches: 3,
      },
    ],
    proposed: [
      {
        label: 'Specialization not given',
        labelNl: 'Specialisatie niet opgegeven',
        property: 'specialization',
        points: -8,
        matches: 1_050,
        outcomeRate: 0.031,
      },
      {
        label: 'Time on site 15 to 30 minutes',
        labelNl: 'Tijd op de site 15 tot 30 minuten',
        property: 'time_on_site',
        points: 6,
        matches: 480,
        outcomeRate: 0.21,
      },
    ],
    content: [
      ...Array.from({ length: 11 }, (_, i) => ({
        kind: 'page',
        name: `Vacancy ${i + 1}`,
        touched: 100 + i,
        rateTouched: 0.1,
        lift: 1 + i / 10,
        liftLow: 0.8,
        liftHigh: 1.5 + i / 10,
        smallSample: false,
      })),
      {
        kind: 'whitepaper',
        name: 'Salary guide 2026',
        touched: 12,
        rateTouched: 0.42,
        lift: 5.6,
        liftLow: 2.1,
        liftHigh: 9.4,
        smallSample: true,
      },
    ],
    tiers: {
      basis: 'outcome rate 30% reached at score 62',
      lines: [
        {
          name: 'hot',
          currentMinScore: 70,
          suggestedMinScore: 62,
          shareBefore: 0.08,
          shareAfter: 0.1,
          outcomeRateAfter: 0.3,
        },
        {
          name: 'warm',
          currentMinScore: 40,
          suggestedMinScore: 35,
          shareBefore: 0.3,
          shareAfter: 0.33,
          outcomeRateAfter: 0.09,
        },
        {
          name: 'cold',
          currentMinScore: null,
          suggestedMinScore: null,
          shareBefore: 0.62,
          shareAfter: 0.57,
          outcomeRateAfter: 0.012,
        },
      ],
    },
    warnings: [
      'Only 310 contacts reached the outcome: the figures are rough.',
      'left out lifecyclestage: outcome',
    ],
    suggestedYaml: SUGGESTED_MODEL_YAML,
    ...overrides,
  };
}
