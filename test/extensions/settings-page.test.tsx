import {
  Alert,
  Button,
  ErrorState,
  LoadingSpinner,
  ProgressBar,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { describe, expect, it, vi } from 'vitest';
import { SETTINGS_ROUTES } from '../../src/settings-api/settings-contract.ts';
import {
  aJob,
  anOverview,
  aRecalculationResult,
  SMALL_MODEL_YAML,
  T0,
} from './settings-builders.ts';
import { FakeSettingsFetch } from './settings-fake-fetch.ts';
import {
  NO_PROPERTIES,
  OVERVIEW,
  PROPERTIES,
  renderPage,
  VALID,
  VALIDATE,
} from './settings-render.tsx';

const R = SETTINGS_ROUTES;

describe('the settings page: loading and errors', () => {
  it('shows a spinner until the overview answers, and asks with portalId, userId and locale', async () => {
    const backend = new FakeSettingsFetch();
    backend.hold(OVERVIEW);
    backend.hold(PROPERTIES);
    const renderer = renderPage(backend, 'nl-nl');
    expect(renderer.findByTestId(LoadingSpinner, 'settings-loading').props.label).toBe(
      'De scoringsinstellingen worden geladen…',
    );
    await vi.waitFor(() => expect(backend.callsTo(OVERVIEW)).toHaveLength(1));
    expect(backend.callsTo(OVERVIEW)).toEqual([
      {
        method: 'GET',
        path: '/api/settings/overview',
        query: { portalId: '123', userId: '1', locale: 'nl-nl' },
        body: undefined,
      },
    ]);
  });

  it('says the backend cannot be reached, and loads again on retry', async () => {
    const backend = new FakeSettingsFetch()
      .fail(OVERVIEW)
      .answer(OVERVIEW, 200, anOverview())
      .always(PROPERTIES, 200, NO_PROPERTIES)
      .always(VALIDATE, 200, VALID);
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(ErrorState, 'settings-error'));
    expect(renderer.findByTestId(ErrorState, 'settings-error').find(Text).text).toBe(
      'The scoring service cannot be reached. Check your connection and try again.',
    );
    renderer.findByTestId(Button, 'settings-retry').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Text, 'published-version'));
    expect(backend.callsTo(OVERVIEW)).toHaveLength(2);
    expect(backend.unexpected).toEqual([]);
  });

  it.each([
    [401, {}, 'en', 'The scoring service did not accept this request as coming from HubSpot.'],
    [
      503,
      { retryAfterSeconds: 20 },
      'en',
      'HubSpot is not answering the scoring service right now. Try again in 20 seconds.',
    ],
    [
      503,
      { retryAfterSeconds: 20 },
      'nl',
      'HubSpot antwoordt de scoringsdienst nu niet. Probeer het over 20 seconden opnieuw.',
    ],
    [
      200,
      { portalId: 'not a number' },
      'en',
      'The scoring service gave an answer this page does not understand.',
    ],
  ])('explains a %i answer (%j) in %s', async (status, extra, locale, shown) => {
    const backend = new FakeSettingsFetch()
      .answer(OVERVIEW, status, { message: 'backend words', ...extra })
      .always(PROPERTIES, 200, NO_PROPERTIES);
    const renderer = renderPage(backend, locale);
    await renderer.waitFor(() => renderer.findByTestId(ErrorState, 'settings-error'));
    expect(renderer.findByTestId(ErrorState, 'settings-error').find(Text).text).toBe(shown);
  });
});

describe('the settings page: first install', () => {
  const firstInstall = (canPublish: boolean) =>
    anOverview({ canPublish, published: undefined, draft: undefined, history: [] });

  it('offers every template, and choosing one posts it and follows the recalculation', async () => {
    const backend = new FakeSettingsFetch()
      .answer(OVERVIEW, 200, firstInstall(true))
      .always(PROPERTIES, 200, NO_PROPERTIES)
      .always(VALIDATE, 200, VALID)
      .answer(`POST ${R.template}`, 200, {
        draftYaml: SMALL_MODEL_YAML,
        published: { version: 1, publishedAt: T0, publishedBy: '1' },
        recalculation: aJob({ status: 'queued', progress: { done: 0 } }),
      })
      .answer(`GET ${R.job('job-1')}`, 200, {
        job: aJob({ progress: { done: 4_000, total: 10_000 } }),
      })
      .answer(`GET ${R.job('job-1')}`, 200, {
        job: aJob({
          status: 'finished',
          progress: { done: 10_000, total: 10_000 },
          result: aRecalculationResult(),
        }),
      })
      .answer(
        OVERVIEW,
        200,
        anOverview({ history: [{ version: 1, publishedAt: T0, publishedBy: '1' }] }),
      );
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Tile, 'template-software-it'));
    expect(renderer.findAll(Tile).map((t) => t.props.testId)).toEqual([
      'template-software-it',
      'template-healthcare',
    ]);
    expect(renderer.maybeFindByTestId(Alert, 'cannot-publish')).toBeNull();

    renderer.findByTestId(Button, 'choose-healthcare').trigger('onClick');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Text, 'recalculation-summary').text).toBe(
        '10,000 contacts read, 1,200 changed, 1,200 written in 42 s.',
      ),
    );
    expect(backend.callsTo(`POST ${R.template}`).map((c) => c.body)).toEqual([
      { templateId: 'healthcare' },
    ]);
    expect(renderer.findByTestId(Text, 'recalculation-moves').text).toBe('cold → warm: 31');
    expect(renderer.findByTestId(ProgressBar, 'recalculation-progress').props.variant).toBe(
      'success',
    );
    expect(backend.callsTo(`GET ${R.job('job-1')}`)).toHaveLength(2);
    expect(backend.unexpected).toEqual([]);
  });

  it.each([
    ['en', 'Only super admins may publish, roll back or choose a template.'],
    ['nl', 'Alleen superbeheerders mogen publiceren, terugzetten of een sjabloon kiezen.'],
  ])('tells a user who may not publish why the templates are off (%s)', async (locale, title) => {
    const backend = new FakeSettingsFetch()
      .answer(OVERVIEW, 200, firstInstall(false))
      .always(PROPERTIES, 200, NO_PROPERTIES);
    const renderer = renderPage(backend, locale);
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'cannot-publish'));
    expect(renderer.findByTestId(Alert, 'cannot-publish').props.title).toBe(title);
    expect(renderer.findByTestId(Button, 'choose-software-it').props.disabled).toBe(true);
  });
});
