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
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';
import { RecruitmentScoreCard } from '../../extensions/score-card/score-card.tsx';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { aCandidate, aScoreResponse, daysAgo, NOW } from '../card-api/card-helpers.ts';
import { FakeBackend } from './fake-backend.ts';

// The testing renderer's fake context: contact 123, a user without a locale, New York time.
const CONTACT = '123';
const SCORE_URL = `${BACKEND_BASE_URL}/api/contacts/${CONTACT}/score`;
const RESCORE_URL = `${BACKEND_BASE_URL}/api/contacts/${CONTACT}/rescore`;

/** A contact HubSpot already holds a score for, so the card shows the breakdown. */
function scored(overrides: Record<string, string | null> = {}) {
  return aScoreResponse(
    aCandidate({
      [SCORE_PROPERTIES.score]: '70',
      [SCORE_PROPERTIES.scoredAt]: daysAgo(2),
      ...overrides,
    }),
    {
      contactId: CONTACT,
      history: [
        { value: '40', timestamp: daysAgo(40) },
        { value: '70', timestamp: daysAgo(2) },
      ],
    },
  );
}

function renderCard(backend: FakeBackend) {
  const renderer = createRenderer('crm.record.sidebar');
  renderer.render(<RecruitmentScoreCard context={renderer.mocks.context} fetch={backend.fetch} />);
  return renderer;
}

type Renderer = ReturnType<typeof renderCard>;

async function scoreShown(renderer: Renderer) {
  await renderer.waitFor(() => expect(renderer.findByTestId(Box, 'group-profile')).toBeTruthy());
}

const text = (renderer: Renderer, testId: string) => renderer.findByTestId(Text, testId).text;
/** "+12.5" / "−5" as shown, back to a number. */
const shownPoints = (shown: string | null) => Number((shown ?? '').replace('−', '-'));

describe('the recruitment score card', () => {
  it('shows a spinner while the score loads, and asks for the score of the open contact', async () => {
    const backend = new FakeBackend();
    backend.hold();
    const renderer = renderCard(backend);

    expect(renderer.findByTestId(LoadingSpinner, 'score-loading').props.label).toBe(
      'Loading the recruitment score…',
    );
    // The request leaves from an effect and changes nothing on screen: wait with vitest's waitFor.
    await vi.waitFor(() => expect(backend.calls).toHaveLength(1));
    expect(backend.calls).toEqual([{ url: SCORE_URL, method: 'GET', body: undefined }]);
    expect(renderer.findByTestId(LoadingSpinner, 'score-loading')).toBeTruthy();
  });

  it("shows the backend's reason when loading fails, and loads again on retry", async () => {
    const backend = new FakeBackend()
      .answer(502, { message: 'HubSpot could not be reached; try again.' })
      .answer(200, scored());
    const renderer = renderCard(backend);

    await renderer.waitFor(() => renderer.findByTestId(ErrorState, 'score-error'));
    expect(renderer.findByTestId(ErrorState, 'score-error').props.title).toBe(
      'The recruitment score could not be loaded',
    );
    expect(renderer.find(ErrorState).find(Text).text).toBe(
      'HubSpot could not be reached; try again.',
    );

    renderer.findByTestId(Button, 'retry-button').trigger('onClick');
    await scoreShown(renderer);
    expect(backend.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `GET ${SCORE_URL}`,
      `GET ${SCORE_URL}`,
    ]);
  });

  it('says the service cannot be reached when hubspot.fetch itself fails', async () => {
    const renderer = renderCard(new FakeBackend().fail(new TypeError('fetch failed')));
    await renderer.waitFor(() => renderer.findByTestId(ErrorState, 'score-error'));
    expect(renderer.find(ErrorState).find(Text).text).toBe(
      'The scoring service could not be reached. Check your connection and try again.',
    );
  });

  it('refuses an answer that does not fit the shared schema', async () => {
    const renderer = renderCard(new FakeBackend().answer(200, { score: 'high' }));
    await renderer.waitFor(() => renderer.findByTestId(ErrorState, 'score-error'));
    expect(renderer.find(ErrorState).find(Text).text).toBe(
      'The scoring service gave an answer the card does not understand.',
    );
  });

  it('offers to calculate a contact that was never scored, and shows the result', async () => {
    const backend = new FakeBackend()
      .answer(200, aScoreResponse(aCandidate(), { contactId: CONTACT }))
      .answer(200, { ...scored(), rescore: { written: true } });
    const renderer = renderCard(backend);

    await renderer.waitFor(() => renderer.findByTestId(EmptyState, 'score-not-scored'));
    expect(renderer.find(EmptyState).props.title).toBe('Not scored yet');
    const button = renderer.findByTestId(LoadingButton, 'recalculate-button');
    expect(button.text).toBe('Calculate now');

    button.trigger('onClick');
    await scoreShown(renderer);
    expect(backend.calls[1]).toEqual({ url: RESCORE_URL, method: 'POST', body: undefined });
    expect(text(renderer, 'rescore-outcome')).toBe('Recalculated and saved to HubSpot.');
  });

  it('shows a disqualified candidate with the knockout reason', async () => {
    const renderer = renderCard(new FakeBackend().answer(200, scored({ country: 'Brazil' })));
    await scoreShown(renderer);

    const tag = renderer.findByTestId(Tag, 'tier-tag');
    expect(tag.text).toBe('Disqualified');
    expect(tag.props.variant).toBe('error');
    const reason = renderer.findByTestId(Alert, 'knockout-reason');
    expect(reason.props.title).toBe('Outside the profile');
    expect(reason.text).toBe('Lives outside the recruiting region (country: Brazil)');
    expect(text(renderer, 'row-outside-region-points')).toBe('−40');
  });

  describe('a scored candidate', () => {
    async function shown() {
      const renderer = renderCard(new FakeBackend().answer(200, scored()));
      await scoreShown(renderer);
      return renderer;
    }

    it('shows the total, the tier, and fit and engagement side by side', async () => {
      const renderer = await shown();
      expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(74);
      const tag = renderer.findByTestId(Tag, 'tier-tag');
      expect([tag.text, tag.props.variant]).toEqual(['Hot', 'success']);
      expect(
        renderer.findAll(StatisticsItem).map((item) => [item.props.label, item.props.number]),
      ).toEqual([
        ['Fit', '+40'],
        ['Engagement', '+34'],
      ]);
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
      expect(text(renderer, 'row-lives-in-netherlands-label')).toBe('Lives in the Netherlands');
      expect(text(renderer, 'row-lives-in-netherlands-points')).toBe('+20');
      expect(text(renderer, 'row-location-limit-label')).toBe('Location: at most 25 points');
      expect(text(renderer, 'row-location-limit-points')).toBe('−5');
      expect(text(renderer, 'row-latest-content-label')).toBe(
        'Latest content download: Salary guide',
      );
      expect(text(renderer, 'row-email-opens-label')).toBe('Marketing emails opened ×3');
    });

    it('shows rows that add up to their group, and groups that add up to the score', async () => {
      const renderer = await shown();
      const groups = renderer.findAll(Box);
      let total = 0;
      for (const group of groups) {
        const id = group.props.testId!;
        const rows = group
          .findAll(Text)
          .filter((t) => /^row-.*-points$/.test(t.props.testId ?? ''))
          .reduce((sum, t) => sum + shownPoints(t.text) * 100, 0);
        expect(rows / 100).toBe(shownPoints(text(renderer, `${id}-points`)));
        total += rows;
      }
      expect(total / 100).toBe(74);
    });

    it('words decay with its numbers', async () => {
      const renderer = await shown();
      expect(text(renderer, 'row-latest-content-decay')).toBe(
        'Salary guide: 25 → 12.5, halves every 30 days, last 30 days ago',
      );
      expect(text(renderer, 'row-email-opens-decay')).toBe(
        'Marketing emails opened: 3 → 1.5, halves every 30 days, last 30 days ago',
      );
      expect(text(renderer, 'row-meeting-booked-decay')).toBe(
        'Meeting booked with a recruiter: 20 → 20, 50% after 30 days, 0% after 90 days, last 5 days ago',
      );
      expect(renderer.maybeFindByTestId(Text, 'row-lives-in-netherlands-decay')).toBeNull();
    });

    it('says when decay changes the score next, in the portal time zone', async () => {
      // Next review 24 Nov 02:36 UTC: still 23 November in New York.
      const response = { ...scored(), nextReviewAt: '2026-11-24T02:36:00.000Z' };
      const renderer = renderCard(new FakeBackend().answer(200, response));
      await scoreShown(renderer);
      expect(text(renderer, 'next-change')).toBe(
        'Decay changes the score next in 4 days (Nov 23, 2026).',
      );
    });

    it('draws the trend from the score history', async () => {
      const renderer = await shown();
      const chart = renderer.findByTestId(LineChart, 'score-trend');
      expect(chart.props.data).toEqual([
        { date: NOW - 40 * 86_400_000, score: 40 },
        { date: NOW - 2 * 86_400_000, score: 70 },
      ]);
      expect(chart.props.axes.x).toMatchObject({ field: 'date', fieldType: 'datetime' });
    });

    it('shows no warnings when all data is known', async () => {
      const renderer = await shown();
      expect(renderer.maybeFindByTestId(Alert, 'score-warnings')).toBeNull();
    });

    it('recalculates on the button: a POST to the rescore URL, then the fresh score', async () => {
      const backend = new FakeBackend().answer(200, scored());
      const renderer = renderCard(backend);
      await scoreShown(renderer);
      const pending = backend.hold();

      renderer.findByTestId(LoadingButton, 'recalculate-button').trigger('onClick');
      await renderer.waitFor(() =>
        expect(renderer.findByTestId(LoadingButton, 'recalculate-button').props.loading).toBe(true),
      );
      expect(backend.calls[1]).toEqual({ url: RESCORE_URL, method: 'POST', body: undefined });

      pending.release(200, { ...scored({ city: 'Groningen' }), rescore: { written: false } });
      await renderer.waitFor(() => renderer.findByTestId(Text, 'rescore-outcome'));
      expect(text(renderer, 'rescore-outcome')).toBe(
        'Recalculated: HubSpot already had this score.',
      );
      expect(renderer.maybeFindByTestId(Text, 'row-near-office-points')).toBeNull();
      expect(renderer.findByTestId(LoadingButton, 'recalculate-button').props.loading).toBe(false);
    });

    it('keeps the score and shows why when recalculating fails', async () => {
      const backend = new FakeBackend()
        .answer(200, scored())
        .answer(503, { message: 'HubSpot is busy right now; try again in a minute.' });
      const renderer = renderCard(backend);
      await scoreShown(renderer);

      renderer.findByTestId(LoadingButton, 'recalculate-button').trigger('onClick');
      await renderer.waitFor(() => renderer.findByTestId(Alert, 'rescore-error'));
      expect(renderer.findByTestId(Alert, 'rescore-error').text).toBe(
        'HubSpot is busy right now; try again in a minute.',
      );
      expect(renderer.findByTestId(ScoreCircle, 'total-score').props.score).toBe(74);
    });
  });

  it('shows inactivity decay and missing data', async () => {
    const idle = scored({
      years_of_experience: null,
      recent_conversion_date: daysAgo(94),
      hs_email_last_open_date: daysAgo(94),
      engagements_last_meeting_booked: daysAgo(94),
      hs_analytics_last_timestamp: daysAgo(94),
    });
    const renderer = renderCard(new FakeBackend().answer(200, idle));
    await scoreShown(renderer);

    expect(text(renderer, 'row-inactivity-label')).toBe(
      'No engagement for 94 days: engagement −50%',
    );
    expect(shownPoints(text(renderer, 'row-inactivity-points'))).toBeLessThan(0);
    expect(renderer.findByTestId(Box, 'group-limits')).toBeTruthy();
    expect(renderer.findByTestId(Alert, 'score-warnings').text).toContain(
      'years_of_experience is unknown',
    );
    expect(renderer.findByTestId(Tag, 'tier-tag').text).toBe('Cold');
  });

  it('says there is no trend yet with fewer than two scores', async () => {
    const renderer = renderCard(
      new FakeBackend().answer(200, {
        ...scored(),
        history: [{ timestamp: daysAgo(1), score: 70 }],
      }),
    );
    await scoreShown(renderer);
    expect(renderer.maybeFindByTestId(LineChart, 'score-trend')).toBeNull();
    expect(text(renderer, 'score-trend-too-short')).toBe(
      'The trend appears once the score has changed at least twice.',
    );
  });

  it('shows a negative total as a number, since a score circle only goes from 0 to 100', async () => {
    const negative = scored({ country: 'Brazil', city: null, jobtitle: 'Student' });
    const renderer = renderCard(new FakeBackend().answer(200, negative));
    await scoreShown(renderer);
    expect(negative.score).toBeLessThan(0);
    expect(renderer.maybeFind(ScoreCircle)).toBeNull();
    const total = renderer.findByTestId(Statistics, 'total-score-number').find(StatisticsItem);
    expect(total.props.label).toBe('Score');
    expect(shownPoints(String(total.props.number))).toBe(negative.score);
  });
});
