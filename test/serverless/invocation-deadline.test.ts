import { describe, expect, it } from 'vitest';
import {
  invocationClock,
  InvocationDeadlineError,
  withinDeadline,
} from '../../src/serverless/invocation-deadline.ts';
import { fakeRetryClock } from './serverless-harness.ts';

/**
 * The accounts' adapters live as long as a warm function instance, but each invocation's
 * retries end at that invocation's deadline: the clock asks which invocation is running.
 */
describe('the invocation clock', () => {
  it('refuses a sleep past the running invocation’s deadline, and only inside it', async () => {
    const base = fakeRetryClock(1_000);
    const clock = invocationClock(base);
    await expect(withinDeadline(1_500, () => clock.sleep(600))).rejects.toThrow(
      InvocationDeadlineError,
    );
    expect(base.slept).toEqual([]);
    await withinDeadline(1_500, () => clock.sleep(400));
    // Outside any invocation (a test, a one-off command) there is no deadline.
    await clock.sleep(10_000);
    expect(base.slept).toEqual([400, 10_000]);
  });

  it('keeps concurrent invocations’ deadlines apart', async () => {
    const base = fakeRetryClock(0);
    const clock = invocationClock(base);
    const outcomes = await Promise.allSettled([
      withinDeadline(100, async () => {
        await Promise.resolve();
        await clock.sleep(500);
      }),
      withinDeadline(10_000, async () => {
        await Promise.resolve();
        await clock.sleep(500);
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
  });
});
