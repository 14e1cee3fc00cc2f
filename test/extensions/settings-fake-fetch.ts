import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import type { HubSpotFetch } from '../../extensions/settings-page/settings-client.ts';

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

type Answer = () => Promise<Response>;

/**
 * Stands in for `hubspot.fetch` on the settings page: answers per "METHOD path" in the order
 * queued, records every call (path, query and body), and keeps a call nobody expected in
 * `unexpected` so a test sees it instead of a silent hang.
 */
export class FakeSettingsFetch {
  readonly calls: RecordedCall[] = [];
  readonly unexpected: string[] = [];
  private readonly answers = new Map<string, Answer[]>();

  constructor(readonly baseUrl = 'https://backend.test') {}

  answer(route: string, status: number, body: unknown): this {
    return this.queue(route, () => Promise.resolve(new Response(JSON.stringify(body), { status })));
  }

  /** The same answer for every later call of the route (the property list). */
  always(route: string, status: number, body: unknown): this {
    for (let i = 0; i < 50; i++) this.answer(route, status, body);
    return this;
  }

  fail(route: string): this {
    return this.queue(route, () => Promise.reject(new TypeError('fetch failed')));
  }

  /** An answer that waits until the test releases it, to see a loading state. */
  hold(route: string): { release(status: number, body: unknown): void } {
    let release!: (response: Response) => void;
    const pending = new Promise<Response>((resolve) => (release = resolve));
    this.queue(route, () => pending);
    return {
      release: (status, body) => release(new Response(JSON.stringify(body), { status })),
    };
  }

  callsTo(route: string): RecordedCall[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  private queue(route: string, answer: Answer): this {
    const list = this.answers.get(route) ?? [];
    list.push(answer);
    this.answers.set(route, list);
    return this;
  }

  readonly fetch: HubSpotFetch = (url: string, options?: HubSpotFetchOptions) => {
    const parsed = new URL(url);
    const method = options?.method ?? 'GET';
    const route = `${method} ${parsed.pathname}`;
    this.calls.push({
      method,
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      body: options?.body,
    });
    if (`${parsed.origin}` !== this.baseUrl) this.unexpected.push(`${route} on ${parsed.origin}`);
    const next = this.answers.get(route)?.shift();
    if (!next) {
      this.unexpected.push(route);
      // Never answers: the page stays as it was, and the test's `unexpected` check fails.
      return new Promise<Response>(() => {});
    }
    return next();
  };
}
