// Internal: remembers the results of pure functions of a few strings and numbers; not part of the public API.

/** Entries a memo keeps before it starts over (bounded memory; the results never depend on what it holds). */
const MEMO_LIMIT = 4096;

/**
 * Wraps a pure function of strings and numbers so that repeated calls with the same arguments return the remembered
 * result. A fan-out computes the same deadlines for every cell (the same guidance dates); luxon's time-zone arithmetic
 * was a tenth of the server's CPU there. Errors are not remembered: a bad input throws every time.
 */
export function memo<A extends ReadonlyArray<string | number>, R>(fn: (...args: A) => R): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args: A): R => {
    const key = args.join('\u0000');
    const hit = results.get(key);
    if (hit !== undefined || results.has(key)) return hit as R;
    const result = fn(...args);
    if (results.size >= MEMO_LIMIT) results.clear();
    results.set(key, result);
    return result;
  };
}
