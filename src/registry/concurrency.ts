/**
 * Runs async work over a list with at most `limit` calls in flight, keeping the results in input
 * order: 200 subjects become 200 requests, 8 at a time, instead of 200 at once or one by one.
 */

/**
 * Maps `items` through `work` with at most `limit` calls pending at once. Results keep the order of
 * `items`. The first rejection rejects the whole map; calls already started are left to finish, and
 * no new call starts after it.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
