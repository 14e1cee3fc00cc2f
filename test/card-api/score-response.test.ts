import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildScoreResponse,
  MAX_HISTORY_POINTS,
  scoreHistory,
} from '../../src/card-api/build-score-response.ts';
import { scoreResponseSchema } from '../../src/card-api/score-response.ts';
import { DEFAULT_MODEL_PATH, parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import { aCandidate, daysAgo, NOW } from './card-helpers.ts';

describe('the card response', () => {
  it('fits the shared schema for the model that ships with the app', () => {
    const shipped = compileModel(parseModel(readFileSync(DEFAULT_MODEL_PATH, 'utf8')));
    const properties = aCandidate({ years_of_experience: null, country: 'Brazil' });
    const response = buildScoreResponse({
      compiled: shipped,
      contactId: '1',
      portalId: '2',
      properties,
      score: scoreContact(shipped, properties, NOW),
      history: [],
      now: NOW,
    });
    expect(scoreResponseSchema.safeParse(response).success).toBe(true);
    expect(response.tier).toBe('disqualified');
    expect(response.warnings).toContain('years_of_experience is unknown');
    expect(response.model.channels.map((c) => c.id)).toEqual([
      'web',
      'email',
      'content',
      'social',
      'ads',
      'recruiter',
    ]);
  });

  it('reads score history timestamps in epoch milliseconds as well as ISO', () => {
    expect(
      scoreHistory([
        { value: '12', timestamp: String(NOW - 86_400_000) },
        { value: '30.5', timestamp: daysAgo(3) },
        { value: 'not a number', timestamp: daysAgo(2) },
      ]),
    ).toEqual([
      { timestamp: daysAgo(3), score: 30.5 },
      { timestamp: daysAgo(1), score: 12 },
    ]);
  });

  it(`keeps the ${MAX_HISTORY_POINTS} most recent history points`, () => {
    const entries = Array.from({ length: MAX_HISTORY_POINTS + 5 }, (_, i) => ({
      value: String(i),
      timestamp: daysAgo(MAX_HISTORY_POINTS + 5 - i),
    }));
    const history = scoreHistory(entries);
    expect(history).toHaveLength(MAX_HISTORY_POINTS);
    expect(history[0]!.score).toBe(5);
    expect(history.at(-1)!.score).toBe(MAX_HISTORY_POINTS + 4);
  });
});
