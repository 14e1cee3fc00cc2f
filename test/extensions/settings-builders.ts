import type {
  JobInfo,
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
