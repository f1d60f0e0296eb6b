import { SqliteInitial1795212346742 } from './1795212346742-SqliteInitial';

/** SQLite migrations in the order they run. Add each newly generated migration here. */
export const SQLITE_MIGRATIONS = [SqliteInitial1795212346742] as const;
