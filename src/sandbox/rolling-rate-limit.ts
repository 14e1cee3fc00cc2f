/**
 * HubSpot's rolling window: the last `requests` accepted requests must span at least
 * `perMilliseconds`. Rejected requests do not count (HubSpot does not document that they do).
 */
export class RollingRateLimit {
  private readonly accepted: number[] = [];

  constructor(
    readonly requests: number,
    readonly perMilliseconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records the request and says whether it fits, with what is left in the window. */
  admit(): { allowed: boolean; remaining: number } {
    const now = this.now();
    while (this.accepted.length > 0 && this.accepted[0]! <= now - this.perMilliseconds) {
      this.accepted.shift();
    }
    if (this.accepted.length >= this.requests) return { allowed: false, remaining: 0 };
    this.accepted.push(now);
    return { allowed: true, remaining: this.requests - this.accepted.length };
  }
}
