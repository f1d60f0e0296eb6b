import type { EntityManager } from 'typeorm';

/** A column of the VALUES list of {@link updateFromValues}, with the SQL type its parameters are cast to. */
export interface ValuesColumn {
  name: string;
  type: string;
}

/**
 * PostgreSQL: updates many rows in one statement, `UPDATE table AS t SET … FROM (VALUES …) AS v(columns) WHERE …`, each
 * row of values bound as parameters (cast to its column's type). `set` and `where` are SQL over `t` and `v`. Returns
 * the rows of `returning` (SQL over `t`), when given.
 */
export async function updateFromValues(
  manager: EntityManager,
  spec: { table: string; columns: readonly ValuesColumn[]; rows: ReadonlyArray<readonly unknown[]>; set: string; where: string; returning?: string },
): Promise<Array<Record<string, unknown>>> {
  if (!spec.rows.length) return [];
  const parameters: unknown[] = [];
  const tuples = spec.rows.map((row) => {
    if (row.length !== spec.columns.length) throw new Error(`updateFromValues(${spec.table}): a row has ${row.length} values for ${spec.columns.length} columns`);
    return `(${row.map((value, i) => `$${parameters.push(value)}::${spec.columns[i]!.type}`).join(', ')})`;
  });
  const raw = (await manager.query(
    `UPDATE ${spec.table} AS t SET ${spec.set} FROM (VALUES ${tuples.join(', ')}) AS v(${spec.columns.map((c) => `"${c.name}"`).join(', ')}) ` +
      `WHERE ${spec.where}${spec.returning ? ` RETURNING ${spec.returning}` : ''}`,
    parameters,
  )) as unknown[];
  // TypeORM returns [rows, count] for an UPDATE.
  return (Array.isArray(raw[0]) ? raw[0] : raw) as Array<Record<string, unknown>>;
}
