import { Flex, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it, vi } from 'vitest';
import { RecruitmentScoreCard } from '../../extensions/score-card/score-card.tsx';
import { buildScoreResponse } from '../../src/card-api/build-score-response.ts';
import { PROFILE_PROPERTY, SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { daysAgo, NOW } from '../card-api/card-helpers.ts';
import { profilesModel } from '../scoring/profile-fixtures.ts';
import { FakeBackend } from './fake-backend.ts';

type Properties = Record<string, string | null>;
const STORED: Properties = {
  [SCORE_PROPERTIES.score]: '45',
  [SCORE_PROPERTIES.fit]: '45',
  [SCORE_PROPERTIES.engagement]: '0',
  [SCORE_PROPERTIES.tier]: 'cold',
  [SCORE_PROPERTIES.scoredAt]: daysAgo(2),
  [SCORE_PROPERTIES.nextReviewAt]: null,
  [SCORE_PROPERTIES.summary]: 'Fit +45: Developer title',
};

/** The backend's answer for a contact of the two-profile model, made by the real code. */
function answerFor(properties: Properties) {
  return buildScoreResponse({
    compiled: profilesModel,
    contactId: '123',
    portalId: '123',
    properties: { ...STORED, ...properties },
    score: scoreContact(profilesModel, properties, NOW),
    history: [],
    now: NOW,
  });
}

function renderWith(backend: FakeBackend, stored: Properties, locale?: string) {
  const renderer = createRenderer('crm.record.sidebar');
  renderer.mocks.useCrmProperties.willCall((names) => ({
    properties: Object.fromEntries(names.map((n) => [n, stored[n] ?? null])),
    error: null,
    isLoading: false,
    isRefetching: false,
    refetch: vi.fn(async () => {}),
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
  return renderer;
}

async function cardFor(properties: Properties, locale?: string, stored: Properties = STORED) {
  const backend = new FakeBackend().answer(200, answerFor(properties));
  const renderer = renderWith(backend, stored, locale);
  await renderer.waitFor(() => expect(renderer.findByTestId(Flex, 'profile-fits')).toBeTruthy());
  return renderer;
}

type Renderer = Awaited<ReturnType<typeof cardFor>>;
const text = (renderer: Renderer, testId: string) => renderer.findByTestId(Text, testId).text;
const tagsIn = (renderer: Renderer, testId: string) =>
  renderer
    .findByTestId(Flex, testId)
    .findAll(Tag)
    .map((tag) => tag.text);

describe('the card for a model with several fit profiles', () => {
  it('shows the fit per profile and that the best one counts', async () => {
    const renderer = await cardFor({ jobtitle: 'Java Developer', country: 'NL' });
    expect(text(renderer, 'profile-developer-label')).toBe('Software developer');
    expect(text(renderer, 'profile-developer-fit')).toBe('+45');
    expect(text(renderer, 'profile-nurse-label')).toBe('Nurse');
    expect(text(renderer, 'profile-nurse-fit')).toBe('0');
    const tags = renderer.findAll(Tag).filter((tag) => tag.props.testId === 'counting-profile');
    expect(tags.map((tag) => tag.text)).toEqual(['Counts: best fit']);
    expect(tagsIn(renderer, 'profile-developer')).toEqual(['Counts: best fit']);
    expect(tagsIn(renderer, 'profile-nurse')).toEqual([]);
  });

  it('says a pinned profile counts because the candidate is linked to it, in Dutch', async () => {
    const renderer = await cardFor(
      { jobtitle: 'Java Developer', country: 'NL', job_family: 'Zorg' },
      'nl-nl',
    );
    expect(renderer.findByTestId(Flex, 'profile-fits').findAllChildren(Text)[0]!.text).toBe(
      'Fit per profiel',
    );
    expect(tagsIn(renderer, 'profile-nurse')).toEqual(['Telt: gekoppeld aan dit profiel']);
    expect(renderer.findByTestId(Tag, 'counting-profile').text).toBe(
      'Telt: gekoppeld aan dit profiel',
    );
    expect(text(renderer, 'profile-nurse-fit')).toBe('0');
  });

  it('marks knocked-out profiles', async () => {
    const renderer = await cardFor({
      jobtitle: 'Nurse',
      country: 'Belgium',
      big_registration: 'x',
    });
    expect(renderer.findByTestId(Tag, 'profile-nurse-knocked-out').text).toBe(
      'Outside this profile',
    );
    expect(tagsIn(renderer, 'profile-developer')).toEqual(['Counts: best fit']);
    expect(text(renderer, 'profile-nurse-fit')).toBe('+5');
  });
});

describe("the card's headline names the profile that counts", () => {
  const headline = (renderer: Renderer) => text(renderer, 'counting-profile-headline');

  it('from the stored recruitment_profile, with its label from the breakdown', async () => {
    const renderer = await cardFor({ jobtitle: 'Java Developer', country: 'NL' }, undefined, {
      ...STORED,
      [PROFILE_PROPERTY]: 'developer',
    });
    expect(headline(renderer)).toBe('Scored as Software developer (best fit)');
  });

  it('from the stored value alone while the backend has not answered', async () => {
    const backend = new FakeBackend();
    const held = backend.hold();
    const renderer = renderWith(backend, { ...STORED, [PROFILE_PROPERTY]: 'nurse' });
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Text, 'counting-profile-headline')).toBeTruthy(),
    );
    expect(headline(renderer)).toBe('Scored as Nurse (best fit)');
    held.release(200, answerFor({ jobtitle: 'Nurse', country: 'NL' }));
  });

  it("from the backend's breakdown when nothing is stored yet, pinned, in Dutch", async () => {
    const renderer = await cardFor(
      { jobtitle: 'Java Developer', country: 'NL', job_family: 'Zorg' },
      'nl-nl',
    );
    expect(headline(renderer)).toBe('Score als Nurse (gekoppeld profiel)');
  });
});
