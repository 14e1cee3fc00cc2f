import type { ScoreResponse } from '../../src/card-api/score-response.ts';
import type {
  BackendAnswer,
  ScoreAction,
  ScoreBackend,
} from '../../extensions/score-card/score-client.ts';

type Answer = () => Promise<BackendAnswer>;

/**
 * Stands in for the card's backend (`hubspot.fetch` or `hubspot.serverless` behind it): records
 * every call and plays back queued answers in order. `hold()` keeps an answer pending until the
 * test releases it, to see loading states.
 */
export class FakeBackend {
  readonly calls: { action: ScoreAction; contactId: string }[] = [];
  private readonly answers: Answer[] = [];

  answer(
    status: number,
    body: ScoreResponse | { message: string } | Record<string, unknown>,
  ): this {
    this.answers.push(() => Promise.resolve({ status, body }));
    return this;
  }

  fail(error: Error): this {
    this.answers.push(() => Promise.reject(error));
    return this;
  }

  hold(): { release(status: number, body: unknown): void } {
    let release!: (answer: BackendAnswer) => void;
    const pending = new Promise<BackendAnswer>((resolve) => (release = resolve));
    this.answers.push(() => pending);
    return { release: (status, body) => release({ status, body }) };
  }

  readonly backend: ScoreBackend = (action, contactId) => {
    this.calls.push({ action, contactId });
    const next = this.answers.shift();
    if (!next) return Promise.reject(new Error(`unexpected call: ${action} ${contactId}`));
    return next();
  };
}
