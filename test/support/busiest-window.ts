/**
 * Rate-limit checks of tests and benches: how many requests fell in the busiest window.
 */

/** The most of these arrival times (sorted or not) within any `windowMs`: a sliding window. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}
