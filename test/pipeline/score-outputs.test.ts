import { describe, expect, it } from 'vitest';
import { scoreOutputValues } from '../../src/hubspot/score-properties.ts';
import { outputsUnchanged } from '../../src/pipeline/score-outputs.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { aContact, daysAgo, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';

const HOUR = 3_600_000;
const engaged = aContact({ hs_email_last_open_date: daysAgo(3), hs_email_open: '4' });
const outputsAt = (at: number) => scoreOutputValues(scoreContact(defaultModel, engaged, at));

describe('whether HubSpot already holds a score', () => {
  it('holds it when every output is the same', () => {
    expect(outputsUnchanged(outputsAt(NOW), outputsAt(NOW), NOW)).toBe(true);
  });

  it('does not hold it when the tier or summary differs, or an output is missing', () => {
    const held = outputsAt(NOW);
    expect(outputsUnchanged({ ...held, recruitment_tier: 'cold' }, held, NOW)).toBe(false);
    expect(outputsUnchanged({ ...held, recruitment_score_summary: 'old' }, held, NOW)).toBe(false);
    expect(outputsUnchanged({ ...held, recruitment_score: null }, held, NOW)).toBe(false);
  });

  it('keeps a held review time that is still ahead and no later than the new one', () => {
    const held = outputsAt(NOW);
    // Rescoring before the review gives the same review time (it is anchored to the activity)...
    expect(outputsAt(NOW + HOUR)).toEqual(held);
    // ...and a held review time earlier than the new one (an older model's) is a safe bound.
    const heldReview = Date.parse(held.recruitment_next_review_at);
    const later = {
      ...held,
      recruitment_next_review_at: new Date(heldReview + HOUR).toISOString(),
    };
    expect(outputsUnchanged(held, later, NOW + 1_000)).toBe(true);
  });

  it('rewrites a review time that is later than the new one, or already past', () => {
    const wanted = outputsAt(NOW);
    const reviewAt = Date.parse(wanted.recruitment_next_review_at);
    const tooLate = {
      ...wanted,
      recruitment_next_review_at: new Date(reviewAt + HOUR).toISOString(),
    };
    expect(outputsUnchanged(tooLate, wanted, NOW)).toBe(false);
    const past = { ...wanted, recruitment_next_review_at: new Date(NOW - HOUR).toISOString() };
    expect(outputsUnchanged(past, wanted, NOW)).toBe(false);
  });

  it('compares review times exactly when no moment of scoring is given', () => {
    const held = outputsAt(NOW);
    const heldReview = Date.parse(held.recruitment_next_review_at);
    const later = {
      ...held,
      recruitment_next_review_at: new Date(heldReview + HOUR).toISOString(),
    };
    expect(outputsUnchanged(held, later)).toBe(false);
  });
});
