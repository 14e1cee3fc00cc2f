/** HubSpot's batch endpoints take 100 inputs a request (50 when property history is asked). */
export const BATCH_SIZE = 100;
export const HISTORY_BATCH_SIZE = 50;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** HubSpot rejects a batch that names the same id twice, so keep the first of each. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Runs `work` over the items with at most `concurrency` in flight, results in input order.
 * The rate budget still decides when each request starts; this only overlaps the latency.
 */
export async function mapInPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (err) {
        // Stop handing out work: the caller gets the first error, not a half-finished run.
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
