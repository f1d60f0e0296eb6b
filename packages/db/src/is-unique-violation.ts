// better-sqlite3 error codes for a duplicate key (a primary key is a unique key too).
const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
// What SQLite says when the error arrives without its code (e.g. re-thrown as a plain Error).
const SQLITE_UNIQUE_MESSAGE = /^UNIQUE constraint failed|SQLITE_CONSTRAINT_(?:UNIQUE|PRIMARYKEY)/;
// Postgres SQLSTATE unique_violation.
const POSTGRES_UNIQUE_VIOLATION = '23505';

/**
 * True when `error` (or what it wraps) is a unique-constraint violation from SQLite or Postgres. The runtime uses it to
 * turn a lost optimistic-concurrency race (two appends of the same `seq`) into HTTP 409 instead of 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; isObject(current) && !seen.has(current); current = next(current)) {
    seen.add(current);
    const code = current['code'];
    if (code === POSTGRES_UNIQUE_VIOLATION) return true;
    if (typeof code === 'string' && SQLITE_UNIQUE_CODES.has(code)) return true;
    const message = current['message'];
    if (typeof message === 'string' && SQLITE_UNIQUE_MESSAGE.test(message)) return true;
  }
  return false;
}

// TypeORM's QueryFailedError keeps the driver's error in `driverError`; other wrappers use `cause`.
function next(error: Record<string, unknown>): unknown {
  return error['driverError'] ?? error['cause'];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
