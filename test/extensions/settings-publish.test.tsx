import { Alert, Button, Input, ProgressBar, Table, TableRow, Text } from '@hubspot/ui-extensions';
import { describe, expect, it } from 'vitest';
import { SETTINGS_ROUTES } from '../../src/settings-api/settings-contract.ts';
import { aJob, anOverview, aRecalculationResult, T0 } from './settings-builders.ts';
import { FakeSettingsFetch } from './settings-fake-fetch.ts';
import { OVERVIEW, PROPERTIES, renderPage, typeInto, VALIDATE } from './settings-render.tsx';

const R = SETTINGS_ROUTES;
const PUBLISH = `POST ${R.publish}`;
const ROLLBACK = `POST ${R.rollback}`;
const JOB = `GET ${R.job('job-7')}`;

function account(canPublish = true) {
  return new FakeSettingsFetch()
    .answer(OVERVIEW, 200, anOverview({ canPublish }))
    .always(PROPERTIES, 200, { properties: [] })
    .always(VALIDATE, 200, { valid: true, problems: [], missingProperties: [] });
}

type Renderer = ReturnType<typeof renderPage>;
async function ready(renderer: Renderer) {
  await renderer.waitFor(() => renderer.findByTestId(Button, 'publish'));
}

describe('the settings page: publish and roll back', () => {
  it('publishes with the note, then shows the recalculation running and its summary', async () => {
    const backend = account()
      .answer(PUBLISH, 200, {
        published: { version: 3, publishedAt: T0, publishedBy: '1', note: 'More weight on email' },
        recalculation: aJob({ id: 'job-7', progress: { done: 0, total: 10_000 } }),
      })
      .answer(OVERVIEW, 200, anOverview())
      .answer(JOB, 200, {
        job: aJob({
          id: 'job-7',
          progress: { done: 2_500, total: 10_000, perSecond: 100 },
        }),
      })
      .answer(JOB, 200, {
        job: aJob({
          id: 'job-7',
          status: 'finished',
          progress: { done: 10_000, total: 10_000 },
          result: aRecalculationResult({ tierMoves: [{ from: 'warm', to: 'hot', count: 12 }] }),
        }),
      });
    const renderer = renderPage(backend);
    await ready(renderer);
    typeInto(renderer.findByTestId(Input, 'publish-note'), 'More weight on email');
    renderer.findByTestId(Button, 'publish').trigger('onClick');

    await renderer.waitFor(() => renderer.findByTestId(Alert, 'published'));
    expect(renderer.findByTestId(Alert, 'published').text).toBe(
      'Version 3 is published. New activity is scored with it at once.',
    );
    expect(backend.callsTo(PUBLISH).map((c) => c.body)).toEqual([{ note: 'More weight on email' }]);
    await renderer.waitFor(() => renderer.findByTestId(Text, 'recalculation-summary'));
    expect(renderer.findByTestId(Text, 'recalculation-moves').text).toBe('warm → hot: 12');
    expect(backend.callsTo(JOB)).toHaveLength(2);
    expect(backend.unexpected).toEqual([]);
  });

  it('shows the recalculation progress while it runs', async () => {
    const backend = account()
      .answer(PUBLISH, 200, {
        published: { version: 3, publishedAt: T0, publishedBy: '1' },
        recalculation: aJob({ id: 'job-7', progress: { done: 0, total: 10_000 } }),
      })
      .answer(OVERVIEW, 200, anOverview())
      .answer(JOB, 200, {
        job: aJob({ id: 'job-7', progress: { done: 4_000, total: 10_000, secondsLeft: 30 } }),
      });
    backend.hold(JOB);
    const renderer = renderPage(backend);
    await ready(renderer);
    renderer.findByTestId(Button, 'publish').trigger('onClick');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(ProgressBar, 'recalculation-progress').props.value).toBe(4_000),
    );
    const bar = renderer.findByTestId(ProgressBar, 'recalculation-progress').props;
    expect([bar.maxValue, bar.valueDescription, bar.title]).toEqual([
      10_000,
      '4,000 of 10,000 contacts',
      'Recalculating every contact: Running',
    ]);
    expect(backend.callsTo(PUBLISH).map((c) => c.body)).toEqual([{}]);
  });

  it.each([
    ['en', 'Only super admins may publish, roll back or choose a template.'],
    ['nl', 'Alleen superbeheerders mogen publiceren, terugzetten of een sjabloon kiezen.'],
  ])(
    'says only super admins may publish when the backend answers 403 (%s)',
    async (locale, title) => {
      const backend = account().answer(PUBLISH, 403, {
        message: 'not allowed',
        reason: 'not-allowed',
      });
      const renderer = renderPage(backend, locale);
      await ready(renderer);
      renderer.findByTestId(Button, 'publish').trigger('onClick');
      await renderer.waitFor(() => renderer.findByTestId(Alert, 'publish-error'));
      expect(renderer.findByTestId(Alert, 'publish-error').props.title).toBe(title);
      expect(renderer.maybeFindByTestId(Alert, 'published')).toBeNull();
    },
  );

  it('shows every problem of a 422 with its path', async () => {
    const problems = [
      { path: 'tiers[1].minScore', message: 'expected tiers from highest minScore to lowest' },
      { path: 'fit.groups[0].criteria[0].property', message: 'gender is a protected attribute' },
    ];
    const backend = account().answer(PUBLISH, 422, {
      message: 'invalid',
      reason: 'invalid-model',
      problems,
    });
    const renderer = renderPage(backend);
    await ready(renderer);
    renderer.findByTestId(Button, 'publish').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'publish-error'));
    const alert = renderer.findByTestId(Alert, 'publish-error');
    expect(alert.props.title).toBe('The model has problems; nothing was published.');
    expect(alert.findAll(Text).map((t) => t.text)).toEqual(
      problems.map((p) => `${p.path}: ${p.message}`),
    );
  });

  it('lists the history and rolls back to an earlier version', async () => {
    const backend = account()
      .answer(ROLLBACK, 200, {
        published: { version: 3, publishedAt: T0, publishedBy: '1' },
        recalculation: aJob({
          id: 'job-7',
          status: 'finished',
          progress: { done: 10, total: 10 },
          result: aRecalculationResult({ read: 10, changed: 0, written: 0, tierMoves: [] }),
        }),
      })
      .answer(OVERVIEW, 200, anOverview());
    const renderer = renderPage(backend, 'nl-NL');
    await ready(renderer);
    const rows = renderer.findByTestId(Table, 'history').findAll(TableRow);
    expect(rows).toHaveLength(3);
    // The current version has no rollback button; version 1 has.
    expect(renderer.maybeFindByTestId(Button, 'rollback-2')).toBeNull();
    typeInto(renderer.findByTestId(Input, 'publish-note'), 'Terug naar de eerste versie');
    renderer.findByTestId(Button, 'rollback-1').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'published'));
    expect(renderer.findByTestId(Alert, 'published').text).toBe(
      'Versie 3 is opnieuw gepubliceerd.',
    );
    expect(backend.callsTo(ROLLBACK).map((c) => c.body)).toEqual([
      { version: 1, note: 'Terug naar de eerste versie' },
    ]);
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Text, 'recalculation-moves').text).toBe(
        'Geen enkel contact wisselt van niveau.',
      ),
    );
  });

  it('follows a recalculation that was already running when the page opened', async () => {
    const running = aJob({ id: 'job-7', progress: { done: 9_000, total: 10_000 } });
    const backend = new FakeSettingsFetch()
      .answer(OVERVIEW, 200, anOverview({ recalculation: running }))
      .always(PROPERTIES, 200, { properties: [] })
      .always(VALIDATE, 200, { valid: true, problems: [], missingProperties: [] })
      .answer(JOB, 200, {
        job: {
          ...running,
          status: 'finished',
          progress: { done: 10_000, total: 10_000 },
          result: aRecalculationResult(),
        },
      });
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Text, 'recalculation-summary'));
    expect(renderer.findByTestId(Text, 'recalculation-moves').text).toBe('cold → warm: 31');
    expect(backend.callsTo(JOB)).toHaveLength(1);
    expect(backend.unexpected).toEqual([]);
  });

  it('keeps publish and rollback off for a user who may not publish', async () => {
    const renderer = renderPage(account(false));
    await ready(renderer);
    expect(renderer.findByTestId(Button, 'publish').props.disabled).toBe(true);
    expect(renderer.findByTestId(Button, 'rollback-1').props.disabled).toBe(true);
  });
});
