import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** PostgreSQL accepts at most 65,535 bind parameters per statement; stay well below. */
export const MAX_PARAMETERS = 60_000;

/**
 * Inserts many rows of one entity with plain multi-row `INSERT … VALUES` statements on PostgreSQL, converting each
 * value as TypeORM would (JSON columns, dates…) but without its query builder, whose parameter handling costs more
 * CPU than the database spends on the insert when a fan-out writes thousands of rows. Returns the `returning`
 * column of each row, in order, when asked.
 *
 * Runs the entities' @BeforeInsert listeners (but no subscribers: none listens to inserts of these tables).
 * Falls back to `manager.insert` on other databases, and when the rows do not all set the same columns (a column left
 * undefined takes its database default, which one VALUES list cannot express for some rows only).
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
  returning?: keyof T & string,
): Promise<unknown[]> {
  if (!rows.length) return [];
  const metadata = manager.connection.getMetadata(entity);
  // The entities' @BeforeInsert defaults (ids, timestamps), as TypeORM runs them for entity instances.
  for (const row of rows) for (const listener of metadata.beforeInsertListeners) if (listener.isAllowed(row)) await listener.execute(row);
  const first = rows[0]!;
  const columns = metadata.columns.filter((column) => column.getEntityValue(first) !== undefined);
  const uniform = rows.every((row) => metadata.columns.every((column) => (column.getEntityValue(row) !== undefined) === columns.includes(column)));
  if (manager.connection.options.type !== 'postgres' || !uniform || !columns.length) {
    const result = await manager.insert(entity, rows as never);
    return returning ? result.identifiers.map((identifier) => identifier?.[returning]) : [];
  }
  const returned = returning ? metadata.findColumnWithPropertyName(returning) : undefined;
  if (returning && !returned) throw new Error(`${metadata.name} has no column ${returning}`);
  const out: unknown[] = [];
  for (const { sql, parameters } of insertStatements(manager, entity, columns, rows, returned ? [returned.databaseName] : [])) {
    const result = (await manager.query(sql, parameters)) as Array<Record<string, unknown>>;
    if (returned) for (const row of result) out.push(row[returned.databaseName]);
  }
  return out;
}

/**
 * PostgreSQL: multi-row `INSERT … VALUES` statements for rows that all set `columns` (each value converted as TypeORM
 * would: JSON columns, dates…), as many rows per statement as the parameter limit allows, each returning `returning`.
 * Used by `insertRows` and `CombinedWrite`; the entity's @BeforeInsert listeners must have run.
 */
export function insertStatements<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  columns: readonly ColumnMetadata[],
  rows: ReadonlyArray<Partial<T>>,
  returning: readonly string[],
): Array<{ sql: string; parameters: unknown[] }> {
  const driver = manager.connection.driver;
  const metadata = manager.connection.getMetadata(entity);
  const head = `INSERT INTO ${driver.escape(metadata.tablePath)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tail = returning.length ? ` RETURNING ${returning.map((c) => driver.escape(c)).join(', ')}` : '';
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  const statements: Array<{ sql: string; parameters: unknown[] }> = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const parameters: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const placeholders = columns.map((column) => `$${parameters.push(driver.preparePersistentValue(column.getEntityValue(row), column))}`);
      return `(${placeholders.join(', ')})`;
    });
    statements.push({ sql: head + tuples.join(', ') + tail, parameters });
  }
  return statements;
}
