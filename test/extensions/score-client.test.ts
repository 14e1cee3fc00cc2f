import { describe, expect, it, vi } from 'vitest';
import { APP_FUNCTION_NAME } from '../../extensions/backend-config.ts';
import { en } from '../../extensions/score-card/messages/en.ts';
import {
  fetchBackend,
  requestScore,
  serverlessBackend,
  type HubSpotServerless,
} from '../../extensions/score-card/score-client.ts';
import { STORED_OUTPUT_PROPERTIES } from '../../extensions/score-card/stored-outputs.ts';
import { APP_FUNCTION_UID } from '../../src/hubspot-project/app-function.ts';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { aCandidate, aScoreResponse } from '../card-api/card-helpers.ts';

const viewer = { portalId: 48807704, userId: 76023669 };

describe("the card's ways to its backend", () => {
  it('signs nothing itself: hubspot.fetch to our URL with portalId and userId appended', async () => {
    const fetch = vi.fn(async () => Response.json(aScoreResponse(aCandidate())));
    const backend = fetchBackend(fetch, 'https://scoring.example.com', viewer);
    const answer = await backend('rescore', '51');
    expect(fetch).toHaveBeenCalledExactlyOnceWith(
      'https://scoring.example.com/api/contacts/51/rescore?portalId=48807704&userId=76023669',
      { method: 'POST', timeout: 14_000 },
    );
    expect(answer.status).toBe(200);
  });

  it('calls the app function by its uid with hubspot.serverless and the parameters it reads', async () => {
    const response = aScoreResponse(aCandidate());
    const serverless = vi.fn<HubSpotServerless>(async () => ({
      statusCode: 200,
      headers: {},
      body: response,
    }));
    const backend = serverlessBackend(serverless, APP_FUNCTION_NAME, viewer);
    expect(await requestScore(backend, '51', 'score', en)).toEqual(response);
    expect(serverless).toHaveBeenCalledExactlyOnceWith('recruitment_scoring', {
      parameters: { action: 'score', contactId: '51', portalId: '48807704', userId: '76023669' },
    });
    // The card calls the function the project build registers.
    expect(APP_FUNCTION_NAME).toBe(APP_FUNCTION_UID);
  });

  it("reads the function's 503 like the server's", async () => {
    const serverless = vi.fn<HubSpotServerless>(async () => ({
      statusCode: 503,
      body: { message: 'slow', reason: 'hubspot-slow', retryAfterSeconds: 10 },
    }));
    const failure = requestScore(serverlessBackend(serverless, 'f', viewer), '51', 'score', en);
    await expect(failure).rejects.toMatchObject({
      status: 503,
      reason: 'hubspot-slow',
      temporary: true,
      message:
        'HubSpot is slow to answer right now. The stored score is shown; try again in 10 seconds.',
    });
  });

  it('reads the outputs under the names the backend writes', () => {
    expect(STORED_OUTPUT_PROPERTIES).toEqual(SCORE_PROPERTIES);
  });
});
