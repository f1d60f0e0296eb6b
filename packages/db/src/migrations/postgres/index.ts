import { PostgresInitial1795212346742 } from './1795212346742-PostgresInitial';

/** Postgres migrations in the order they run. Add each newly generated migration here. */
export const POSTGRES_MIGRATIONS = [PostgresInitial1795212346742] as const;
