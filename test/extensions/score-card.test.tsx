import {
  Alert,
  Box,
  Button,
  EmptyState,
  ErrorState,
  LineChart,
  LoadingButton,
  LoadingSpinner,
  ScoreCircle,
  Statistics,
  StatisticsItem,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it, vi } from 'vitest';
import { RecruitmentScoreCard } from '../../extensions/score-card/score-card.tsx';
import { STORED_OUTPUT_NAMES } from '../../extensions/score-card/stored-outputs.ts';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { aCandidate, aScoreResponse, daysAgo, NOW } from '../card-api/card-helpers.ts';
import { FakeBackend } from './fake-backend.ts';

// The testing renderer's fake context: contact 123 in portal 123, user 1, New York time.
const CONTACT = '123';
type Properties = Record<string, string | null>;

/** What HubSpot stores on a contact the app scored two days ago (before some decay). */
const STORED: Properties = {
  [SCORE_PROPERTIES.score]: '70',
  [SCORE_PROPERTIES.fit]: '40',
  [SCORE_PROPERTIES.engagement]: '30',
  [SCORE_PROPERTIES.tier]: 'hot',
  [SCORE_PROPERTIES.scoredAt]: daysAgo(2),
  [SCORE_PROPERTIES.nextReviewAt]: '2026-11-24T02:36:00.000Z',
  [SCORE_PROPERTIES.summary]: 'Lives in the Netherlands +20; Meeting booked with a recruiter +20',
};
const NEVER_SCORED: Properties = Object.fromEntries(STORED_OUTPUT_NAMES.map((n) => [n, null]));

/** The live breakdown the backend computes now: 74, hot. */
function live(overrides: Properties = {}) {
  return aScoreResponse(aCandidate({ ...STORED, ...overrides }), {
    contactId: CONTACT,
    history: [
      { value: '40', timestamp: daysAgo(40) },
      { value: '70', timestamp: daysAgo(2) },
    ],
  });
}

interface CrmStub {
  properties: Properties;
  isLoading?: boolean;
  error?: Error | null;
}

function renderCard(backend: FakeBackend, crm: CrmStub = { properties: STORED }, locale?: string) {
  const renderer = createRenderer('crm.record.sidebar');
  const refetch = vi.fn(async () => {});
  renderer.mocks.useCrmProperties.willCall((names) => ({
    properties: Object.fromEntries(names.map((n) => [n, crm.properties[n] ?? null])),
    error: crm.error ?? null,
    isLoading: crm.isLoading ?? false,
    isRefetching: false,
    refetch,
  }));
  const { context, actions } = renderer.mocks;
  renderer.render(
    <RecruitmentScoreCard
      context={locale ? { ...context, user: { ...context.user, locale } } : context}
      backend={backend.backend}
      refreshProperties={actions.refreshObjectProperties}
      now={() => NOW}
    />,
  );
  return { renderer, refetch, crm };
}

type Renderer = ReturnType<typeof renderCard>['renderer'];

const text = (renderer: Renderer, testId: string) => renderer.findByTestId(Text, testId).text;
/** "+12.5" / "−5" as shown, back to a number. */
const shownPoints = (shown: string | null) => Number((shown ?? '').replace('−', '-'));

async function breakdownShown(renderer: Renderer) {
  await renderer.waitFor(() => expect(renderer.findByTestId(Box, 'group-profile')).toBeTruthy());
}

describe('the recruitment score card', () => {
  it('shows a spinner while HubSpot loads the stored outputs, and asks our backend nothing yet', () => {
    const backend = new FakeBackend();
    const { renderer } = renderCard(backend, { properties: {}, isLoading: true });
    expect(renderer.findByTestId(LoadingSpinner, 'score-loading').props.label).toBe(
      'Loading the recruitment score…',
    );
    expect(renderer.mocks.useCrmProperties.calls[0]![0]).toEqual(STORED_OUTPUT_NAMES);
    expect(backend.calls).toEqual([]);
  });

  it('shows the stored outputs at once while the live breakdown loads', async () => {
    const backend = new FakeBackend();
    backend.hold();
    const { renderer } = renderCard(backend);

    expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(70);
    const tag = renderer.findByTestId(Tag, 'tier-tag');
    expect([tag.text, tag.props.variant]).toEqual(['Hot', 'default']);
    expect(
      renderer.findAll(StatisticsItem).map((item) => [item.props.label, item.props.number]),
    ).toEqual([
      ['Fit', '+40'],
      ['Engagement', '+30'],
    ]);
    expect(text(renderer, 'score-summary')).toBe(STORED[SCORE_PROPERTIES.summary]);
    // Next review 24 Nov 02:36 UTC: still 23 November in New York.
    expect(text(renderer, 'next-change')).toBe(
      'Decay changes the score next in 4 days (Nov 23, 2026).',
    );
    expect(text(renderer, 'scored-at')).toBe('Scored on Nov 18, 2026');
    expect(renderer.findByTestId(LoadingSpinner, 'breakdown-loading').props.label).toBe(
      'Loading the breakdown…',
    );
    await vi.waitFor(() =>
      expect(backend.calls).toEqual([{ action: 'score', contactId: CONTACT }]),
    );
  });

  describe('with the live breakdown loaded', () => {
    async function shown() {
      const { renderer } = renderCard(new FakeBackend().answer(200, live()));
      await breakdownShown(renderer);
      return renderer;
    }

    it("takes the tier's label and colour from the model", async () => {
      const tag = (await shown()).findByTestId(Tag, 'tier-tag');
      expect([tag.text, tag.props.variant]).toEqual(['Hot', 'success']);
    });

    it('says the live score differs from the stored one, which stays the headline', async () => {
      const renderer = await shown();
      expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(70);
      expect(text(renderer, 'live-differs')).toBe(
        'Calculated now: 74; HubSpot still holds 70. Recalculate to save the new score.',
      );
    });

    it('groups every contribution: profile first, then each channel', async () => {
      const renderer = await shown();
      expect(renderer.findAll(Box).map((box) => box.props.testId)).toEqual([
        'group-profile',
        'group-email',
        'group-content',
        'group-recruiter',
      ]);
      expect(
        ['profile', 'email', 'content', 'recruiter'].map((g) =>
          text(renderer, `group-${g}-points`),
        ),
      ).toEqual(['+40', '+1.5', '+12.5', '+20']);
      expect(text(renderer, 'row-location-limit-label')).toBe('Location: at most 25 points');
      expect(text(renderer, 'row-location-limit-points')).toBe('−5');
      expect(text(renderer, 'row-latest-content-label')).toBe(
        'Latest content download: Salary guide',
      );
      expect(text(renderer, 'row-email-opens-label')).toBe('Marketing emails opened ×3');
    });

    it('shows rows that add up to their group, and groups that add up to the live score', async () => {
      const renderer = await shown();
      let total = 0;
      for (const group of renderer.findAll(Box)) {
        const id = group.props.testId!;
        const rows = group
          .findAll(Text)
          .filter((t) => /^row-.*-points$/.test(t.props.testId ?? ''))
          .reduce((sum, t) => sum + shownPoints(t.text) * 100, 0);
        expect(rows / 100).toBe(shownPoints(text(renderer, `${id}-points`)));
        total += rows;
      }
      expect(total / 100).toBe(live().score);
    });

    it('words decay with its numbers', async () => {
      const renderer = await shown();
      expect(text(renderer, 'row-latest-content-decay')).toBe(
        'Salary guide: 25 → 12.5, halves every 30 days, last 30 days ago',
      );
      expect(text(renderer, 'row-meeting-booked-decay')).toBe(
        'Meeting booked with a recruiter: 20 → 20, 50% after 30 days, 0% after 90 days, last 5 days ago',
      );
      expect(renderer.maybeFindByTestId(Text, 'row-lives-in-netherlands-decay')).toBeNull();
    });

    it('lists each download of a history touchpoint with its date and points', async () => {
      const response = live();
      const latest = response.breakdown.find((e) => e.id === 'latest-content')!;
      // The same 12.5 points, as a history line: two downloads of the salary guide.
      Object.assign(latest, {
        id: 'latest-content:1',
        occurrences: 2,
        events: [
          {
            value: 'Salary guide',
            at: NOW - 30 * 86_400_000,
            basePoints: 20,
            factor: 0.5,
            points: 10,
          },
          {
            value: 'Salarisgids',
            at: NOW - 60 * 86_400_000,
            basePoints: 10,
            factor: 0.25,
            points: 2.5,
          },
        ],
      });
      const { renderer } = renderCard(new FakeBackend().answer(200, response), undefined, 'nl-NL');
      await breakdownShown(renderer);
      expect(text(renderer, 'row-latest-content:1-label')).toBe(
        'Latest content download: Salary guide ×2',
      );
      // Dates in the portal's time zone (the renderer's: New York).
      expect(text(renderer, 'row-latest-content:1-occurrence-0')).toBe('21 okt 2026: +10');
      expect(text(renderer, 'row-latest-content:1-occurrence-1')).toBe('21 sep 2026: +2,5');
      expect(text(renderer, 'row-latest-content:1-decay')).toMatch(
        /^Salary guide: 25 → 12,5, halveert elke 30 dagen/,
      );
    });

    it('draws the trend from the score history', async () => {
      const chart = (await shown()).findByTestId(LineChart, 'score-trend');
      expect(chart.props.data).toEqual([
        { date: NOW - 40 * 86_400_000, score: 40 },
        { date: NOW - 2 * 86_400_000, score: 70 },
      ]);
    });
  });

  it('says the trend is missing when HubSpot did not give the history in time', async () => {
    const response = { ...live(), history: [], historyUnavailable: true };
    const { renderer } = renderCard(new FakeBackend().answer(200, response));
    await breakdownShown(renderer);
    expect(renderer.maybeFindByTestId(LineChart, 'score-trend')).toBeNull();
    expect(text(renderer, 'score-trend-unavailable')).toBe(
      'The trend could not be loaded right now.',
    );
  });

  it('keeps the stored outputs and notes the late breakdown when the backend answers 503', async () => {
    const backend = new FakeBackend()
      .answer(503, {
        message: 'HubSpot is busy right now; try again in a minute.',
        reason: 'hubspot-busy',
        retryAfterSeconds: 10,
      })
      .answer(200, live());
    const { renderer } = renderCard(backend);

    await renderer.waitFor(() => renderer.findByTestId(Alert, 'breakdown-unavailable'));
    const note = renderer.findByTestId(Alert, 'breakdown-unavailable');
    expect([note.props.title, note.props.variant]).toEqual([
      'Live breakdown unavailable',
      'warning',
    ]);
    expect(note.find(Text).text).toBe(
      'HubSpot is busy right now. The stored score is shown; try again in 10 seconds.',
    );
    expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(70);

    renderer.findByTestId(Button, 'retry-breakdown-button').trigger('onClick');
    await breakdownShown(renderer);
    expect(backend.calls.map((c) => c.action)).toEqual(['score', 'score']);
  });

  it('shows a backend failure as an error next to the stored outputs', async () => {
    const { renderer } = renderCard(
      new FakeBackend().answer(502, { message: 'HubSpot could not be reached; try again.' }),
    );
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'breakdown-error'));
    const alert = renderer.findByTestId(Alert, 'breakdown-error');
    expect([alert.props.title, alert.props.variant]).toEqual([
      'The breakdown could not be loaded',
      'error',
    ]);
    expect(alert.find(Text).text).toBe('The scoring service failed (HTTP 502). Try again.');
    expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(70);
  });

  it('tells what the operator must do when the stored tokens cannot be read', async () => {
    const answer = { message: 'TOKEN_ENCRYPTION_KEY changed', reason: 'token-undecryptable' };
    const { renderer } = renderCard(new FakeBackend().answer(500, answer));
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'breakdown-error'));
    expect(renderer.findByTestId(Alert, 'breakdown-error').find(Text).text).toBe(
      "The app's stored HubSpot access cannot be read because the server's TOKEN_ENCRYPTION_KEY changed. Ask the operator to restore the previous TOKEN_ENCRYPTION_KEY, or an admin to reinstall the app.",
    );
  });

  it('says the service cannot be reached when the call itself fails', async () => {
    const { renderer } = renderCard(new FakeBackend().fail(new TypeError('fetch failed')));
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'breakdown-error'));
    expect(renderer.findByTestId(Alert, 'breakdown-error').find(Text).text).toBe(
      'The scoring service could not be reached. Check your connection and try again.',
    );
  });

  it('refuses an answer that does not fit the shared schema', async () => {
    const { renderer } = renderCard(new FakeBackend().answer(200, { score: 'high' }));
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'breakdown-error'));
    expect(renderer.findByTestId(Alert, 'breakdown-error').find(Text).text).toBe(
      'The scoring service gave an answer the card does not understand.',
    );
  });

  it('offers a retry when HubSpot cannot give the stored outputs', () => {
    const { renderer, refetch } = renderCard(new FakeBackend(), {
      properties: {},
      error: new Error('Failed to fetch CRM properties'),
    });
    expect(renderer.findByTestId(ErrorState, 'score-error').props.title).toBe(
      'The recruitment score could not be loaded',
    );
    renderer.findByTestId(Button, 'retry-button').trigger('onClick');
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  describe('recalculating', () => {
    it('shows the button busy, then the fresh breakdown, and refreshes the record', async () => {
      const backend = new FakeBackend().answer(200, live());
      const { renderer, refetch, crm } = renderCard(backend);
      await breakdownShown(renderer);
      const pending = backend.hold();

      renderer.findByTestId(LoadingButton, 'recalculate-button').trigger('onClick');
      await renderer.waitFor(() =>
        expect(renderer.findByTestId(LoadingButton, 'recalculate-button').props.loading).toBe(true),
      );
      expect(backend.calls[1]).toEqual({ action: 'rescore', contactId: CONTACT });
      expect(renderer.mocks.actions.refreshObjectProperties.callCount).toBe(0);

      // HubSpot's live properties show our write.
      crm.properties = { ...STORED, [SCORE_PROPERTIES.score]: '74' };
      pending.release(200, { ...live(), rescore: { written: true } });
      await renderer.waitFor(() => renderer.findByTestId(Text, 'rescore-outcome'));
      expect(text(renderer, 'rescore-outcome')).toBe('Recalculated and saved to HubSpot.');
      expect(renderer.mocks.actions.refreshObjectProperties.callCount).toBe(1);
      expect(refetch).toHaveBeenCalledTimes(1);
      expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(74);
      expect(renderer.maybeFindByTestId(Text, 'live-differs')).toBeNull();
      expect(renderer.findByTestId(LoadingButton, 'recalculate-button').props.loading).toBe(false);
    });

    it('refreshes nothing when HubSpot already held the score', async () => {
      const backend = new FakeBackend()
        .answer(200, live())
        .answer(200, { ...live(), rescore: { written: false } });
      const { renderer } = renderCard(backend);
      await breakdownShown(renderer);
      renderer.findByTestId(LoadingButton, 'recalculate-button').trigger('onClick');
      await renderer.waitFor(() => renderer.findByTestId(Text, 'rescore-outcome'));
      expect(text(renderer, 'rescore-outcome')).toBe(
        'Recalculated: HubSpot already had this score.',
      );
      expect(renderer.mocks.actions.refreshObjectProperties.callCount).toBe(0);
    });

    it('keeps the score and says why when recalculating fails', async () => {
      const backend = new FakeBackend()
        .answer(200, live())
        .answer(503, { message: 'slow', reason: 'hubspot-slow', retryAfterSeconds: 10 });
      const { renderer } = renderCard(backend);
      await breakdownShown(renderer);
      renderer.findByTestId(LoadingButton, 'recalculate-button').trigger('onClick');
      await renderer.waitFor(() => renderer.findByTestId(Alert, 'rescore-error'));
      expect(renderer.findByTestId(Alert, 'rescore-error').text).toBe(
        'HubSpot is slow to answer right now. The stored score is shown; try again in 10 seconds.',
      );
      expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(70);
    });

    it('offers to calculate a contact never scored, asks nothing before, and shows the result', async () => {
      const backend = new FakeBackend().answer(200, { ...live(), rescore: { written: true } });
      const { renderer } = renderCard(backend, { properties: NEVER_SCORED });

      expect(renderer.find(EmptyState).props.title).toBe('Not scored yet');
      expect(backend.calls).toEqual([]);
      const button = renderer.findByTestId(LoadingButton, 'recalculate-button');
      expect(button.text).toBe('Calculate now');

      button.trigger('onClick');
      await breakdownShown(renderer);
      expect(backend.calls).toEqual([{ action: 'rescore', contactId: CONTACT }]);
      // HubSpot's properties have not caught up yet: the answer's own score shows meanwhile.
      expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(74);
      expect(renderer.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    });
  });

  it('shows a disqualified candidate with the knockout reason from the breakdown', async () => {
    const stored = { ...STORED, [SCORE_PROPERTIES.tier]: 'disqualified', country: 'Brazil' };
    const { renderer } = renderCard(new FakeBackend().answer(200, live({ country: 'Brazil' })), {
      properties: stored,
    });
    await breakdownShown(renderer);
    const tag = renderer.findByTestId(Tag, 'tier-tag');
    expect([tag.text, tag.props.variant]).toEqual(['Disqualified', 'error']);
    expect(renderer.findByTestId(Alert, 'knockout-reason').text).toBe(
      'Lives outside the recruiting region (country: Brazil)',
    );
  });

  it('shows a negative stored score as a number, since a score circle only goes from 0 to 100', () => {
    const backend = new FakeBackend();
    backend.hold();
    const { renderer } = renderCard(backend, {
      properties: { ...STORED, [SCORE_PROPERTIES.score]: '-12.5' },
    });
    expect(renderer.maybeFind(ScoreCircle)).toBeNull();
    const total = renderer.findByTestId(Statistics, 'total-score-number').find(StatisticsItem);
    expect([total.props.label, total.props.number]).toEqual(['Score', '-12.5']);
  });

  it('speaks Dutch to a Dutch user, numbers included', async () => {
    const backend = new FakeBackend().answer(503, {
      message: 'busy',
      reason: 'hubspot-busy',
      retryAfterSeconds: 10,
    });
    const { renderer } = renderCard(backend, { properties: STORED }, 'nl-nl');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'breakdown-unavailable'));
    expect(renderer.findAll(StatisticsItem).map((item) => item.props.label)).toEqual([
      'Profiel',
      'Betrokkenheid',
    ]);
    expect(text(renderer, 'scored-at')).toBe('Berekend op 18 nov 2026');
    expect(renderer.findByTestId(Alert, 'breakdown-unavailable').props.title).toBe(
      'Actuele opbouw niet beschikbaar',
    );
    expect(renderer.findByTestId(Alert, 'breakdown-unavailable').find(Text).text).toBe(
      'HubSpot is nu druk. De opgeslagen score staat hieronder; probeer het over 10 seconden opnieuw.',
    );
  });

  it('words the breakdown in Dutch', async () => {
    const { renderer } = renderCard(new FakeBackend().answer(200, live()), undefined, 'nl-NL');
    await breakdownShown(renderer);
    expect(text(renderer, 'row-latest-content-decay')).toBe(
      'Salary guide: 25 → 12,5, halveert elke 30 dagen, laatst 30 dagen geleden',
    );
    expect(text(renderer, 'group-content-points')).toBe('+12,5');
  });
});
