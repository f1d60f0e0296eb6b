/**
 * Reads by key, sharing one query among the callers that ask while an earlier query is on its way: the first caller's
 * key is fetched at once (a quiet system waits for nothing), and the keys asked for meanwhile go together in the next
 * query. Under load, N concurrent requests for N users cost one or two round trips instead of N.
 *
 * Unlike a per-tick batcher (DataLoader), this coalesces requests that arrive in different I/O callbacks — as
 * concurrent HTTP requests do — and it keeps nothing: every `load` reads what is committed when its query runs.
 */
export class CoalescingLoader<K, V> {
  private pending = new Map<K, Array<{ resolve: (value: V | undefined) => void; reject: (error: unknown) => void }>>();
  private inFlight = 0;

  /**
   * @param fetch reads the rows of the given keys (distinct), returning them by key; a key without a row is absent.
   * @param options.maxKeys keys per query; options.maxInFlight queries at once.
   */
  constructor(
    private readonly fetch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: { maxKeys?: number; maxInFlight?: number } = {},
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < (this.options.maxInFlight ?? 1) && this.pending.size) {
      const batch = new Map<K, Array<{ resolve: (value: V | undefined) => void; reject: (error: unknown) => void }>>();
      for (const [key, waiters] of this.pending) {
        if (batch.size >= (this.options.maxKeys ?? 100)) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) this.pending.delete(key);
      this.inFlight++;
      this.fetch([...batch.keys()])
        .then(
          (rows) => {
            for (const [key, waiters] of batch) for (const w of waiters) w.resolve(rows.get(key));
          },
          async (error: unknown) => {
            if (batch.size === 1) {
              for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
              return;
            }
            // One key's failure (a malformed id, say) reaches only its own callers: each key is read again alone.
            await Promise.all(
              [...batch].map(async ([key, waiters]) => {
                try {
                  const rows = await this.fetch([key]);
                  for (const w of waiters) w.resolve(rows.get(key));
                } catch (alone) {
                  for (const w of waiters) w.reject(alone);
                }
              }),
            );
          },
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
