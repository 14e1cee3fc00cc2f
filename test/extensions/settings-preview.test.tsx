import {
  Alert,
  BarChart,
  Button,
  ProgressBar,
  Table,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { describe, expect, it } from 'vitest';
import { SETTINGS_ROUTES } from '../../src/settings-api/settings-contract.ts';
import { aJob, anOverview, aPreviewResult, SMALL_MODEL_YAML } from './settings-builders.ts';
import { FakeSettingsFetch } from './settings-fake-fetch.ts';
import {
  NO_PROPERTIES,
  OVERVIEW,
  PROPERTIES,
  renderPage,
  VALID,
  VALIDATE,
} from './settings-render.tsx';

const PREVIEW = `POST ${SETTINGS_ROUTES.preview}`;
const JOB = `GET ${SETTINGS_ROUTES.job('preview-1')}`;
const previewJob = (overrides: Parameters<typeof aJob>[0] = {}) =>
  aJob({ id: 'preview-1', kind: 'preview', progress: { done: 0, total: 1_000 }, ...overrides });

function account() {
  return new FakeSettingsFetch()
    .answer(OVERVIEW, 200, anOverview())
    .always(PROPERTIES, 200, NO_PROPERTIES)
    .always(VALIDATE, 200, VALID);
}

type Renderer = ReturnType<typeof renderPage>;
const cells = (renderer: Renderer, table: string) =>
  renderer
    .findByTestId(Table, table)
    .findAll(TableRow)
    .slice(1)
    .map((row) => row.findAll(TableCell).map((cell) => cell.text));

async function startPreview(renderer: Renderer) {
  await renderer.waitFor(() => renderer.findByTestId(Button, 'start-preview'));
  renderer.findByTestId(Button, 'start-preview').trigger('onClick');
}

describe('the settings page: preview', () => {
  it('starts a preview of the draft and shows its progress while it runs', async () => {
    const backend = account()
      .answer(PREVIEW, 202, { job: previewJob({ status: 'queued', progress: { done: 0 } }) })
      .answer(JOB, 200, { job: previewJob({ progress: { done: 300, total: 1_000 } }) });
    backend.hold(JOB);
    const renderer = renderPage(backend);
    await startPreview(renderer);
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(ProgressBar, 'preview-progress').props.value).toBe(300),
    );
    expect(renderer.findByTestId(ProgressBar, 'preview-progress').props.valueDescription).toBe(
      '300 of 1,000 contacts',
    );
    expect(renderer.findByTestId(Button, 'start-preview').props.disabled).toBe(true);
    expect(backend.callsTo(PREVIEW).map((c) => c.body)).toEqual([{ modelYaml: SMALL_MODEL_YAML }]);
  });

  it('shows the distribution, tier shares before and after, tier moves and the contacts that move most', async () => {
    const backend = account()
      .answer(PREVIEW, 202, { job: previewJob() })
      .answer(JOB, 200, {
        job: previewJob({
          status: 'finished',
          progress: { done: 1_000, total: 1_000 },
          result: aPreviewResult(),
        }),
      });
    const renderer = renderPage(backend);
    await startPreview(renderer);
    await renderer.waitFor(() => renderer.findByTestId(Text, 'tier-moves'));

    expect(renderer.findByTestId(Text, 'preview-sampled').text).toBe(
      '1,000 contacts in the sample',
    );
    expect(renderer.findByTestId(Text, 'tier-moves').text).toBe('cold → warm: 31, warm → hot: 9');
    expect(cells(renderer, 'tier-shares')).toEqual([
      ['hot', '10%', '12%'],
      ['warm', '30%', '33%'],
      ['cold', '60%', '55%'],
    ]);
    expect(cells(renderer, 'biggest-moves')).toEqual([
      ['Sanne de Vries', '35 (cold)', '72 (hot)'],
      ['502', '60 (warm)', '38 (cold)'],
    ]);
    const chart = renderer.findByTestId(BarChart, 'preview-distribution').props;
    expect(chart.data).toEqual([
      { band: '0–50', count: 700, model: 'Published' },
      { band: '50–100', count: 300, model: 'Published' },
      { band: '0–50', count: 650, model: 'Draft' },
      { band: '50–100', count: 350, model: 'Draft' },
    ]);
    expect(renderer.maybeFindByTestId(ProgressBar, 'preview-progress')).toBeNull();
  });

  it('shows a first preview with no published side, in Dutch', async () => {
    const result = aPreviewResult({ published: undefined, tierMoves: [], biggestMoves: [] });
    const backend = account().answer(PREVIEW, 202, {
      job: previewJob({ status: 'finished', progress: { done: 1_000, total: 1_000 }, result }),
    });
    const renderer = renderPage(backend, 'nl-NL');
    await startPreview(renderer);
    await renderer.waitFor(() => renderer.findByTestId(Text, 'tier-moves'));
    expect(renderer.findByTestId(Text, 'tier-moves').text).toBe(
      'Geen enkel contact wisselt van niveau.',
    );
    expect(cells(renderer, 'tier-shares')[0]).toEqual(['hot', '–', '12%']);
    expect(renderer.findByTestId(Text, 'preview-sampled').text).toBe(
      '1.000 contacten in de steekproef',
    );
  });

  it('says why a preview failed', async () => {
    const backend = account()
      .answer(PREVIEW, 202, { job: previewJob() })
      .answer(JOB, 200, {
        job: previewJob({ status: 'failed', error: 'HubSpot kept refusing reads' }),
      });
    const renderer = renderPage(backend);
    await startPreview(renderer);
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'preview-failed'));
    expect(renderer.findByTestId(Alert, 'preview-failed').text).toBe(
      'The job failed: HubSpot kept refusing reads',
    );
    expect(renderer.findByTestId(Button, 'start-preview').props.disabled).toBe(false);
  });

  it('shows a refused preview (a recalculation is running: 409)', async () => {
    const backend = account().answer(PREVIEW, 409, { message: 'busy', reason: 'busy' });
    const renderer = renderPage(backend);
    await startPreview(renderer);
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'preview-error'));
    expect(renderer.findByTestId(Alert, 'preview-error').props.title).toBe(
      'A recalculation is already running for this account. Wait until it has finished.',
    );
  });
});
