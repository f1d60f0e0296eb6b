import { type EntitySubscriberInterface, EventSubscriber, type RemoveEvent, type SoftRemoveEvent, type UpdateEvent } from 'typeorm';

/** Tables whose rows are never updated or deleted once written. Database triggers enforce the same (see migrations). */
export const APPEND_ONLY_TABLES: ReadonlySet<string> = new Set(['audit_entries', 'audit_checkpoints']);

/** Thrown when code tries to update or delete a row of an append-only table. */
export class AppendOnlyViolationError extends Error {
  override readonly name = 'AppendOnlyViolationError';

  constructor(table: string, operation: 'update' | 'delete') {
    super(`${table} is append-only: ${operation} refused`);
  }
}

/**
 * Refuses, in code, every update and delete that goes through TypeORM (repositories, entity managers, query builders)
 * on the append-only tables, before any SQL is sent. Raw SQL is stopped by the database triggers instead.
 */
@EventSubscriber()
export class AppendOnlySubscriber implements EntitySubscriberInterface {
  beforeUpdate(event: UpdateEvent<unknown>): void {
    refuse(event.metadata.tableName, 'update');
  }

  beforeRemove(event: RemoveEvent<unknown>): void {
    refuse(event.metadata.tableName, 'delete');
  }

  beforeSoftRemove(event: SoftRemoveEvent<unknown>): void {
    refuse(event.metadata.tableName, 'delete');
  }
}

function refuse(table: string, operation: 'update' | 'delete'): void {
  if (APPEND_ONLY_TABLES.has(table)) throw new AppendOnlyViolationError(table, operation);
}
