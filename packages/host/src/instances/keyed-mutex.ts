/**
 * Serialises async work per key within this process (e.g. per instance, or one key for every SQLite write). Other
 * processes are kept honest by optimistic concurrency in the database; this only avoids wasted work and, on SQLite,
 * overlapping transactions on the single connection.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
