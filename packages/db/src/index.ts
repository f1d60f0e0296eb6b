import 'reflect-metadata';

export * from './entities';
export {
  createDataSource,
  runMigrations,
  revertAllMigrations,
  defaultSqlitePath,
  isPostgresUrl,
  MIGRATIONS_TABLE,
  SQLITE_BUSY_TIMEOUT_MS,
  type CreateDataSourceOptions,
} from './data-source';
export { isUniqueViolation } from './is-unique-violation';
export { insertRows } from './insert-rows';
export { findOrgUnit } from './org-unit-cache';
export { documentChecksum, rememberDocumentChecksum } from './document-checksums';
export { CoalescingLoader } from './coalescing-loader';
export { ImmutableFacts } from './immutable-facts';
export { rememberTaskRows, knownTaskLocation, knownTaskRowId, type TaskLocation } from './task-rows';
export { CombinedWrite, type ValuesColumn } from './combined-write';
export { batchedInTransaction } from './transaction-batch';
export { AppendOnlySubscriber, AppendOnlyViolationError, APPEND_ONLY_TABLES } from './append-only.subscriber';
export { SQLITE_MIGRATIONS } from './migrations/sqlite';
export { POSTGRES_MIGRATIONS } from './migrations/postgres';
export * from './seed-org-tree';
