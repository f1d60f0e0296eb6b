import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** PostgreSQL accepts at most 65,535 bind parameters per statement; stay well below. */
const MAX_PARAMETERS = 60_000;

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
  const driver = manager.connection.driver;
  const returned = returning ? metadata.findColumnWithPropertyName(returning) : undefined;
  if (returning && !returned) throw new Error(`${metadata.name} has no column ${returning}`);
  const head = `INSERT INTO ${driver.escape(metadata.tablePath)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tail = returned ? ` RETURNING ${driver.escape(returned.databaseName)} AS "value"` : '';
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const out: unknown[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        parameters.push(driver.preparePersistentValue(column.getEntityValue(row), column));
        return `$${parameters.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const result = (await manager.query(head + tuples.join(', ') + tail, parameters)) as Array<{ value: unknown }>;
    if (returned) for (const row of result) out.push(row.value);
  }
  return out;
}
