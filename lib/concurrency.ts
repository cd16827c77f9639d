/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order.
 * On the first failure no new call starts, the running ones are waited for (so nothing keeps
 * writing after the caller has moved on to clean up), then that first error is thrown.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async () => {
    while (!firstError && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  if (firstError) throw firstError.error;
  return results;
}
