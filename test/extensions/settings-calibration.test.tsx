import {
  Alert,
  Button,
  Flex,
  Input,
  MultiSelect,
  NumberInput,
  ProgressBar,
  Select,
  StepIndicator,
  Table,
  TableCell,
  TableRow,
  Tag,
  Text,
  ToggleGroup,
} from '@hubspot/ui-extensions';
import { describe, expect, it } from 'vitest';
import { SETTINGS_ROUTES, type JobInfo } from '../../src/settings-api/settings-contract.ts';
import {
  aCalibrationResult,
  aJob,
  anOverview,
  aProperty,
  SUGGESTED_MODEL_YAML,
} from './settings-builders.ts';
import { FakeSettingsFetch } from './settings-fake-fetch.ts';
import {
  CALIBRATE,
  NO_PROPERTIES,
  OVERVIEW,
  PROPERTIES,
  renderPage,
  SAVE_DRAFT,
  typeInto,
  VALID,
  VALIDATE,
} from './settings-render.tsx';

const JOB = `GET ${SETTINGS_ROUTES.job('calibration-1')}`;
const PREVIEW = `POST ${SETTINGS_ROUTES.preview}`;

const calibrationJob = (overrides: Partial<JobInfo> = {}) =>
  aJob({
    id: 'calibration-1',
    kind: 'calibration',
    progress: { stage: 'reading', done: 0, total: 4_200 },
    ...overrides,
  });
const finished = (result = aCalibrationResult()) =>
  calibrationJob({
    status: 'finished',
    progress: { stage: 'learning', done: 8, total: 8 },
    result,
  });

const PROPERTY_LIST = {
  properties: [
    aProperty('jobtitle'),
    aProperty('gender', ['F', 'M', 'X']),
    aProperty('hs_lead_status', ['NEW', 'OPEN', 'HIRED', 'REJECTED']),
    aProperty(
      'country',
      Array.from({ length: 20 }, (_, i) => `C${i}`),
    ),
    aProperty('lifecyclestage', ['lead', 'opportunity', 'customer']),
  ],
};

function account(overview = anOverview(), properties: unknown = PROPERTY_LIST) {
  return new FakeSettingsFetch()
    .answer(OVERVIEW, 200, overview)
    .always(PROPERTIES, 200, properties)
    .always(VALIDATE, 200, VALID);
}

type Renderer = ReturnType<typeof renderPage>;
const cells = (renderer: Renderer, table: string) =>
  renderer
    .findByTestId(Table, table)
    .findAll(TableRow)
    .slice(1)
    .map((row) => row.findAll(TableCell).map((cell) => cell.text));
const startButton = (renderer: Renderer) => renderer.findByTestId(Button, 'start-calibration');

async function chooseHired(renderer: Renderer) {
  await renderer.waitFor(() =>
    expect(renderer.findByTestId(Select, 'calibration-property').props.options).toHaveLength(4),
  );
  typeInto(renderer.findByTestId(Select, 'calibration-property'), 'hs_lead_status');
  await renderer.waitFor(() => renderer.findByTestId(ToggleGroup, 'calibration-values'));
  typeInto(renderer.findByTestId(ToggleGroup, 'calibration-values'), ['HIRED'] as never);
}

describe('the settings page: calibrate', () => {
  it('offers lifecycle stage and lead status first, no protected attribute, and the options as checkboxes', async () => {
    const renderer = renderPage(account());
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Select, 'calibration-property').props.options).toHaveLength(4),
    );
    const picker = renderer.findByTestId(Select, 'calibration-property');
    expect(picker.props.options.map((o) => o.value)).toEqual([
      'lifecyclestage',
      'hs_lead_status',
      'jobtitle',
      'country',
    ]);
    expect(startButton(renderer).props.disabled).toBe(true);
    typeInto(picker, 'hs_lead_status');
    await renderer.waitFor(() => renderer.findByTestId(ToggleGroup, 'calibration-values'));
    expect(
      renderer.findByTestId(ToggleGroup, 'calibration-values').props.options.map((o) => o.value),
    ).toEqual(['NEW', 'OPEN', 'HIRED', 'REJECTED']);
    // Still no value chosen: nothing to start.
    expect(startButton(renderer).props.disabled).toBe(true);
    expect(renderer.findByTestId(Text, 'calibration-outcome-missing').text).toBe(
      'Choose the outcome property and at least one value.',
    );

    typeInto(renderer.findByTestId(Select, 'calibration-property'), 'country');
    await renderer.waitFor(() => renderer.findByTestId(MultiSelect, 'calibration-values'));
    expect(renderer.findByTestId(MultiSelect, 'calibration-values').props.options).toHaveLength(20);
  });

  it('posts the outcome, the draft as base, the criteria limit and the hot rate as asked', async () => {
    const backend = account().answer(CALIBRATE, 202, {
      job: calibrationJob({ status: 'queued', progress: { done: 0 } }),
    });
    backend.hold(JOB);
    const renderer = renderPage(backend);
    await chooseHired(renderer);
    typeInto(renderer.findByTestId(Select, 'calibration-base'), 'draft');
    typeInto(renderer.findByTestId(NumberInput, 'calibration-max-criteria'), 10);
    typeInto(renderer.findByTestId(NumberInput, 'calibration-hot-rate'), 30);
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    startButton(renderer).trigger('onClick');

    await renderer.waitFor(() => expect(backend.callsTo(CALIBRATE)).toHaveLength(1));
    expect(backend.callsTo(CALIBRATE)[0]?.body).toEqual({
      outcome: { property: 'hs_lead_status', values: ['HIRED'] },
      base: 'draft',
      maxCriteria: 10,
      hotRate: 0.3,
    });
    // The draft had no unsaved edit: nothing saved before.
    expect(backend.callsTo(SAVE_DRAFT)).toEqual([]);
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(true));
    expect(backend.unexpected).toEqual([]);
  });

  it('saves an unsaved edit before it calibrates the draft', async () => {
    const backend = account()
      .answer(SAVE_DRAFT, 200, { ...VALID, savedAt: 1 })
      .answer(CALIBRATE, 202, { job: calibrationJob() });
    backend.hold(JOB);
    const renderer = renderPage(backend);
    await chooseHired(renderer);
    const points = 'field-fit.groups[0].criteria[0].points';
    await renderer.waitFor(() => renderer.findByTestId(NumberInput, points));
    typeInto(renderer.findByTestId(NumberInput, points), 17);
    typeInto(renderer.findByTestId(Select, 'calibration-base'), 'draft');
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    startButton(renderer).trigger('onClick');
    await renderer.waitFor(() => expect(backend.callsTo(CALIBRATE)).toHaveLength(1));
    const order = backend.calls
      .filter((c) => c.method !== 'GET' && c.path !== SETTINGS_ROUTES.validate)
      .map((c) => `${c.method} ${c.path}`);
    expect(order).toEqual([SAVE_DRAFT, CALIBRATE]);
    const saved = (backend.callsTo(SAVE_DRAFT)[0]?.body as { modelYaml: string }).modelYaml;
    expect(saved).toContain('points: 17');
  });

  it('sends the defaults, and typed values when the property list cannot be read', async () => {
    const backend = account(anOverview(), NO_PROPERTIES).answer(CALIBRATE, 202, {
      job: calibrationJob(),
    });
    backend.hold(JOB);
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Input, 'calibration-property'));
    typeInto(renderer.findByTestId(Input, 'calibration-property'), ' hs_lead_status ');
    await renderer.waitFor(() => renderer.findByTestId(Input, 'calibration-values'));
    typeInto(renderer.findByTestId(Input, 'calibration-values'), 'HIRED, PLACED ,');
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    startButton(renderer).trigger('onClick');
    await renderer.waitFor(() => expect(backend.callsTo(CALIBRATE)).toHaveLength(1));
    expect(backend.callsTo(CALIBRATE)[0]?.body).toEqual({
      outcome: { property: 'hs_lead_status', values: ['HIRED', 'PLACED'] },
      base: 'published',
      maxCriteria: 25,
    });
  });

  it('refuses a hot rate of 100% or more and a criteria limit over 100 at their fields', async () => {
    const renderer = renderPage(account());
    await chooseHired(renderer);
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    typeInto(renderer.findByTestId(NumberInput, 'calibration-hot-rate'), 100);
    typeInto(renderer.findByTestId(NumberInput, 'calibration-max-criteria'), 101);
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(true));
    expect(renderer.findByTestId(NumberInput, 'calibration-hot-rate').props.validationMessage).toBe(
      'More than 0 and less than 100.',
    );
    expect(
      renderer.findByTestId(NumberInput, 'calibration-max-criteria').props.validationMessage,
    ).toBe('A whole number from 0 to 100.');
  });

  it('follows the job by stage: contacts read, their property history, then learning', async () => {
    const backend = account().answer(CALIBRATE, 202, { job: calibrationJob() });
    const reading = backend.hold(JOB);
    const history = backend.hold(JOB);
    const learning = backend.hold(JOB);
    backend.hold(JOB);
    const renderer = renderPage(backend);
    await chooseHired(renderer);
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    startButton(renderer).trigger('onClick');

    const bar = () => renderer.findByTestId(ProgressBar, 'calibration-progress').props;
    const step = () => renderer.findByTestId(StepIndicator, 'calibration-stage').props;
    reading.release(200, {
      job: calibrationJob({ progress: { stage: 'reading', done: 1_300, total: 4_200 } }),
    });
    await renderer.waitFor(() =>
      expect(bar().valueDescription).toBe('1,300 of 4,200 contacts read'),
    );
    expect(step().currentStep).toBe(0);
    expect(step().stepNames).toEqual(['Reading contacts', 'Reading property history', 'Learning']);

    history.release(200, {
      job: calibrationJob({ progress: { stage: 'history', done: 900, total: 4_200 } }),
    });
    await renderer.waitFor(() =>
      expect(bar().valueDescription).toBe('History of 900 of 4,200 contacts read'),
    );
    expect(step().currentStep).toBe(1);
    expect(bar().value).toBe(900);

    learning.release(200, {
      job: calibrationJob({ progress: { stage: 'learning', done: 3, total: 8 } }),
    });
    await renderer.waitFor(() => expect(bar().valueDescription).toBe('Step 3 of 8'));
    expect(step().currentStep).toBe(2);
    expect(startButton(renderer).props.disabled).toBe(true);
    expect(backend.unexpected).toEqual([]);
  });

  it('shows the latest calibration’s report on load: backtest, points, proposals, content, tiers, warnings', async () => {
    const renderer = renderPage(account(anOverview({ calibration: finished() })));
    await renderer.waitFor(() => renderer.findByTestId(Table, 'calibration-backtest'));

    expect(renderer.findByTestId(Text, 'calibration-outcome').text).toBe(
      '4,200 contacts read; 310 reached hs_lead_status = HIRED.',
    );
    expect(renderer.findByTestId(Text, 'calibration-split').text).toBe(
      'Learnt on 2,940 contacts, tested on 1,260 it never saw.',
    );
    expect(cells(renderer, 'calibration-backtest')).toEqual([
      ['ROC-AUC (0.5 is chance, 1 is perfect)', '0.642', '0.793', '0.800'],
      ['PR-AUC', '0.123', '0.286', '–'],
      ['Lift in the top 10%', '1.8×', '3.1×', '3.2×'],
      ['Outcomes found in the top 10%', '18%', '31%', '32%'],
    ]);
    expect(cells(renderer, 'calibration-points')).toEqual([
      ['Lives in the Netherlands', '20 → 12.5', 'Learnt from the data', '2,100 (190)'],
      ['Email clicks', '5 → 0', 'Not supported by the data', '40 (3)'],
    ]);
    expect(cells(renderer, 'calibration-proposed')).toEqual([
      ['Specialization not given', 'specialization', '1,050', '3.1%', '-8'],
      ['Time on site 15 to 30 minutes', 'time_on_site', '480', '21%', '6'],
    ]);
    const content = cells(renderer, 'calibration-content');
    expect(content).toHaveLength(10);
    expect(content[0]?.slice(0, 5)).toEqual([
      'Salary guide 2026',
      'whitepaper',
      '12',
      '42%',
      '5.6× (2.1–9.4×)',
    ]);
    expect(content[1]?.[4]).toBe('2.0× (0.8–2.5×)');
    expect(content[1]?.[0]).toBe('Vacancy 11');
    expect(content.map((row) => row[0])).not.toContain('Vacancy 1');
    expect(
      renderer
        .findByTestId(Table, 'calibration-content')
        .findAll(Tag)
        .map((t) => t.text),
    ).toEqual(['Small sample']);
    const firstRow = renderer.findByTestId(Table, 'calibration-content').findAll(TableRow)[1];
    expect(firstRow?.findAll(Tag).map((t) => t.text)).toEqual(['Small sample']);
    expect(renderer.findByTestId(Text, 'calibration-tier-basis').text).toBe(
      'Basis: outcome rate 30% reached at score 62',
    );
    expect(cells(renderer, 'calibration-tiers')).toEqual([
      ['hot', '70 → 62', '8% → 10%', '30%'],
      ['warm', '40 → 35', '30% → 33%', '9%'],
      ['cold', '– → –', '62% → 57%', '1.2%'],
    ]);
    expect(
      renderer
        .findByTestId(Flex, 'calibration-warnings')
        .findAll(Alert)
        .map((a) => a.props.title),
    ).toEqual([
      'Only 310 contacts reached the outcome: the figures are rough.',
      'left out lifecyclestage: outcome',
    ]);
    expect(renderer.maybeFindByTestId(ProgressBar, 'calibration-progress')).toBeNull();
  });

  it('follows a calibration already running when the page opens', async () => {
    const backend = account(
      anOverview({
        calibration: calibrationJob({ progress: { stage: 'history', done: 10, total: 4_200 } }),
      }),
    ).answer(JOB, 200, { job: finished() });
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Table, 'calibration-backtest'));
    expect(backend.callsTo(JOB)).toHaveLength(1);
    expect(startButton(renderer).props.disabled).toBe(true);
  });

  it('loads the suggestion as the draft (PUT draft), says so, and the preview takes the new draft', async () => {
    const backend = account(anOverview({ calibration: finished() }))
      .answer(SAVE_DRAFT, 200, { ...VALID, savedAt: 1 })
      .answer(PREVIEW, 202, { job: aJob({ id: 'preview-1', kind: 'preview' }) });
    backend.hold(`GET ${SETTINGS_ROUTES.job('preview-1')}`);
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Button, 'load-calibration'));
    renderer.findByTestId(Button, 'load-calibration').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-loaded'));

    expect(backend.callsTo(SAVE_DRAFT).map((c) => c.body)).toEqual([
      { modelYaml: SUGGESTED_MODEL_YAML },
    ]);
    expect(renderer.findByTestId(Alert, 'calibration-loaded').text).toBe(
      'The suggestion is now the draft. Preview it on the Preview tab, then publish it on the Publish and history tab; nothing is published yet.',
    );
    renderer.findByTestId(Button, 'start-preview').trigger('onClick');
    await renderer.waitFor(() => expect(backend.callsTo(PREVIEW)).toHaveLength(1));
    expect(backend.callsTo(PREVIEW)[0]?.body).toEqual({ modelYaml: SUGGESTED_MODEL_YAML });
  });

  it('says why the suggestion could not be loaded', async () => {
    const backend = account(anOverview({ calibration: finished() })).answer(SAVE_DRAFT, 503, {
      message: 'HubSpot is slow',
      retryAfterSeconds: 30,
    });
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Button, 'load-calibration'));
    renderer.findByTestId(Button, 'load-calibration').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-load-error'));
    expect(renderer.findByTestId(Alert, 'calibration-load-error').props.title).toBe(
      'HubSpot is not answering the scoring service right now. Try again in 30 seconds.',
    );
    expect(renderer.maybeFindByTestId(Alert, 'calibration-loaded')).toBeNull();
  });

  it('will not load a suggestion that proposes a protected attribute', async () => {
    const result = aCalibrationResult();
    const gender = {
      label: 'Gender is F',
      labelNl: 'Geslacht is V',
      property: 'gender',
      points: 5,
      matches: 90,
      outcomeRate: 0.2,
    };
    const renderer = renderPage(
      account(
        anOverview({
          calibration: finished({ ...result, proposed: [...result.proposed, gender] }),
        }),
      ),
    );
    await renderer.waitFor(() => renderer.findByTestId(Flex, 'calibration-protected'));
    expect(
      renderer
        .findByTestId(Flex, 'calibration-protected')
        .findAll(Alert)
        .map((a) => a.props.title),
    ).toEqual(['"gender" is a protected attribute (gender) and can never be a scoring criterion.']);
    expect(cells(renderer, 'calibration-proposed').map((row) => row[1])).toEqual([
      'specialization',
      'time_on_site',
    ]);
    expect(renderer.findByTestId(Button, 'load-calibration').props.disabled).toBe(true);
  });

  it('shows a refused calibration: another one running (409), an outcome nobody reached (422), no draft (409)', async () => {
    const backend = account()
      .answer(CALIBRATE, 409, { message: 'busy', reason: 'busy' })
      .answer(CALIBRATE, 422, {
        message: 'No contact has hs_lead_status = HIRED: there is nothing to learn from.',
        reason: 'no-outcome',
      })
      .answer(CALIBRATE, 409, {
        message: 'There is no draft to calibrate.',
        reason: 'no-draft',
      });
    const renderer = renderPage(backend);
    await chooseHired(renderer);
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    startButton(renderer).trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-error'));
    expect(renderer.findByTestId(Alert, 'calibration-error').props.title).toBe(
      'A calibration is already running for this account. Wait until it has finished.',
    );
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    startButton(renderer).trigger('onClick');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Alert, 'calibration-error').props.title).toBe(
        'No contact has hs_lead_status = HIRED: there is nothing to learn from.',
      ),
    );
    await renderer.waitFor(() => expect(startButton(renderer).props.disabled).toBe(false));
    startButton(renderer).trigger('onClick');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Alert, 'calibration-error').props.title).toBe(
        'There is no draft to calibrate.',
      ),
    );
    expect(backend.unexpected).toEqual([]);
  });

  it('tells a user who may not change the settings, and does not start', async () => {
    const renderer = renderPage(account(anOverview({ canPublish: false })));
    await chooseHired(renderer);
    expect(renderer.findByTestId(Alert, 'cannot-calibrate').props.title).toBe(
      'Only super admins may start a calibration.',
    );
    expect(startButton(renderer).props.disabled).toBe(true);
  });

  it('reads the report and the progress in Dutch, with the Dutch labels and Dutch numbers', async () => {
    const backend = account(anOverview({ calibration: finished() }));
    const renderer = renderPage(backend, 'nl-NL');
    await renderer.waitFor(() => renderer.findByTestId(Table, 'calibration-backtest'));
    expect(renderer.findByTestId(Text, 'calibration-outcome').text).toBe(
      '4.200 contacten gelezen; 310 bereikten hs_lead_status = HIRED.',
    );
    expect(cells(renderer, 'calibration-backtest')[0]).toEqual([
      'ROC-AUC (0,5 is toeval, 1 is perfect)',
      '0,642',
      '0,793',
      '0,800',
    ]);
    expect(cells(renderer, 'calibration-points')[0]).toEqual([
      'Lives in the Netherlands',
      '20 → 12,5',
      'Geleerd uit de gegevens',
      '2.100 (190)',
    ]);
    expect(cells(renderer, 'calibration-proposed').map((row) => row[0])).toEqual([
      'Specialisatie niet opgegeven',
      'Tijd op de site 15 tot 30 minuten',
    ]);
    expect(cells(renderer, 'calibration-proposed')[0]?.[3]).toBe('3,1%');
    expect(cells(renderer, 'calibration-content')[0]?.[4]).toBe('5,6× (2,1–9,4×)');
    expect(
      renderer
        .findByTestId(Table, 'calibration-content')
        .findAll(Tag)
        .map((t) => t.text),
    ).toEqual(['Kleine steekproef']);
    expect(renderer.findByTestId(Button, 'load-calibration').text).toBe('Als concept laden');
    expect(renderer.findByTestId(Button, 'start-calibration').text).toBe('Kalibratie starten');
  });

  it('shows the stage in Dutch while it runs', async () => {
    const backend = account(
      anOverview({
        calibration: calibrationJob({ progress: { stage: 'learning', done: 2, total: 8 } }),
      }),
    );
    backend.hold(JOB);
    const renderer = renderPage(backend, 'nl-NL');
    await renderer.waitFor(() => renderer.findByTestId(ProgressBar, 'calibration-progress'));
    expect(renderer.findByTestId(ProgressBar, 'calibration-progress').props.valueDescription).toBe(
      'Stap 2 van 8',
    );
    expect(renderer.findByTestId(StepIndicator, 'calibration-stage').props.stepNames).toEqual([
      'Contacten lezen',
      'Geschiedenis van eigenschappen lezen',
      'Leren',
    ]);
  });
});
