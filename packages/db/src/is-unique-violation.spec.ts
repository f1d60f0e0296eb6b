import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './is-unique-violation';

function withCode(code: string, message = 'constraint failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isUniqueViolation', () => {
  it.each([
    ['a Postgres unique_violation (23505)', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a better-sqlite3 SQLITE_CONSTRAINT_UNIQUE', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a better-sqlite3 SQLITE_CONSTRAINT_PRIMARYKEY', withCode('SQLITE_CONSTRAINT_PRIMARYKEY')],
    ['a bare "UNIQUE constraint failed" message', new Error('UNIQUE constraint failed: instance_events.instance_id')],
    ['a TypeORM QueryFailedError wrapping one', new QueryFailedError('INSERT …', [], withCode('23505'))],
    ['an error whose cause is one', new Error('append failed', { cause: withCode('SQLITE_CONSTRAINT_UNIQUE') })],
  ])('should be true when given %s', (_label, error) => {
    expect(isUniqueViolation(error)).toBe(true);
  });

  it.each([
    ['a Postgres foreign_key_violation (23503)', withCode('23503')],
    ['a Postgres not_null_violation (23502)', withCode('23502')],
    ['a SQLite foreign key failure', withCode('SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed')],
    ['a SQLite busy error', withCode('SQLITE_BUSY', 'database is locked')],
    ['a plain error', new Error('boom')],
    ['a string', 'UNIQUE'],
    ['null', null],
    ['undefined', undefined],
  ])('should be false when given %s', (_label, error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });

  it('should stop when a cause chain loops back on itself', () => {
    const a: { cause?: unknown; message: string } = { message: 'a' };
    a.cause = { message: 'b', cause: a };

    expect(isUniqueViolation(a)).toBe(false);
  });
});
