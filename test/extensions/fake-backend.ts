import type { ScoreResponse } from '../../src/card-api/score-response.ts';
import type { HubSpotFetch } from '../../extensions/score-card/score-client.ts';

type Answer = () => Promise<Response>;

/**
 * Stands in for `hubspot.fetch`: records every call and plays back queued answers in order.
 * `hold()` keeps an answer pending until the test releases it, to see loading states.
 */
export class FakeBackend {
  readonly calls: { url: string; method: string; body: unknown }[] = [];
  private readonly answers: Answer[] = [];

  answer(
    status: number,
    body: ScoreResponse | { message: string } | Record<string, unknown>,
  ): this {
    this.answers.push(() => Promise.resolve(Response.json(body, { status })));
    return this;
  }

  fail(error: Error): this {
    this.answers.push(() => Promise.reject(error));
    return this;
  }

  hold(): { release(status: number, body: unknown): void } {
    let release!: (response: Response) => void;
    const pending = new Promise<Response>((resolve) => (release = resolve));
    this.answers.push(() => pending);
    return { release: (status, body) => release(Response.json(body, { status })) };
  }

  readonly fetch: HubSpotFetch = (url, options) => {
    this.calls.push({ url, method: options?.method ?? 'GET', body: options?.body });
    const next = this.answers.shift();
    if (!next) return Promise.reject(new Error(`unexpected call: ${url}`));
    return next();
  };
}
