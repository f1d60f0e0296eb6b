import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { insertStatements, MAX_PARAMETERS } from './insert-rows';


/** A column of the VALUES list of an UPDATE part, with the SQL type its parameters are cast to. */
export interface ValuesColumn {
  name: string;
  type: string;
}

/** One write of a combined statement: its SQL, written for its own parameters ($1…), and those parameters. */
interface Part {
  sql: string;
  parameters: unknown[];
  /** Names the rows this part returns, when it returns any. */
  tag?: string;
}

/**
 * PostgreSQL: several writes (multi-row INSERTs, UPDATE … FROM (VALUES …)) sent as ONE statement, the data-modifying
 * parts of one `WITH`. A group commit of many appends then costs one round trip for its events, outbox rows, tasks,
 * timers, facts and instance heads instead of one per table.
 *
 * The parts run with one snapshot and in no defined order, so they must not touch the same rows: what one part
 * inserts is not what another updates or deletes (a row deleted to be replaced must be deleted by an earlier
 * statement). Foreign keys are checked at the end of the statement, so a row and the rows referring to it may be
 * inserted together. Parts may return rows, under a tag. A combination too large for one statement is split, keeping
 * the parts' order.
 */
export class CombinedWrite {
  private readonly parts: Part[] = [];

  constructor(private readonly manager: EntityManager) {
    if (manager.connection.options.type !== 'postgres') throw new Error('CombinedWrite needs PostgreSQL');
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  /**
   * Adds an INSERT of `rows` (after the entity's @BeforeInsert listeners, as TypeORM runs them), converting values as
   * TypeORM would. Rows that leave different columns undefined go in separate parts (an undefined column takes its
   * default, which one VALUES list cannot express for some rows only).
   */
  async insert<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: ReadonlyArray<Partial<T>>, returning?: { tag: string; columns: readonly string[] }): Promise<this> {
    if (!rows.length) return this;
    const metadata = this.manager.connection.getMetadata(entity);
    for (const row of rows) for (const listener of metadata.beforeInsertListeners) if (listener.isAllowed(row)) await listener.execute(row);
    const bySignature = new Map<string, { columns: typeof metadata.columns; rows: Array<Partial<T>> }>();
    for (const row of rows) {
      const columns = metadata.columns.filter((column) => column.getEntityValue(row) !== undefined);
      const signature = columns.map((c) => c.databaseName).join(',');
      const group = bySignature.get(signature);
      if (group) group.rows.push(row);
      else bySignature.set(signature, { columns, rows: [row] });
    }
    for (const { columns, rows: group } of bySignature.values()) {
      for (const { sql, parameters } of insertStatements(this.manager, entity, columns, group, returning?.columns ?? [])) {
        this.parts.push({ sql, parameters, ...(returning ? { tag: returning.tag } : {}) });
      }
    }
    return this;
  }

  /**
   * Adds an `UPDATE table AS t SET … FROM (VALUES …) AS v(…) WHERE …`: many rows updated by one statement, each row of
   * values bound as parameters (cast to its column's type); `set` and `where` are SQL over `t` and `v`. `returning`
   * (SQL over `t`) names what it returns, under `tag`.
   */
  update(spec: { table: string; columns: readonly ValuesColumn[]; rows: ReadonlyArray<readonly unknown[]>; set: string; where: string; returning?: { tag: string; sql: string } }): this {
    if (!spec.rows.length) return this;
    const parameters: unknown[] = [];
    const tuples = spec.rows.map((row) => {
      if (row.length !== spec.columns.length) throw new Error(`CombinedWrite(${spec.table}): a row has ${row.length} values for ${spec.columns.length} columns`);
      return `(${row.map((value, i) => `$${parameters.push(value)}::${spec.columns[i]!.type}`).join(', ')})`;
    });
    this.parts.push({
      sql:
        `UPDATE ${spec.table} AS t SET ${spec.set} FROM (VALUES ${tuples.join(', ')}) AS v(${spec.columns.map((c) => `"${c.name}"`).join(', ')}) ` +
        `WHERE ${spec.where}${spec.returning ? ` RETURNING ${spec.returning.sql}` : ''}`,
      parameters,
      ...(spec.returning ? { tag: spec.returning.tag } : {}),
    });
    return this;
  }

  /** Sends the parts (as few statements as the parameter limit allows); returns what the parts return, by tag. */
  async execute(): Promise<Map<string, Array<Record<string, unknown>>>> {
    const returned = new Map<string, Array<Record<string, unknown>>>();
    let statement: Part[] = [];
    let count = 0;
    const send = async () => {
      if (!statement.length) return;
      for (const [tag, rows] of await this.send(statement)) returned.set(tag, [...(returned.get(tag) ?? []), ...rows]);
      statement = [];
      count = 0;
    };
    for (const part of this.parts) {
      if (count + part.parameters.length > MAX_PARAMETERS) await send();
      statement.push(part);
      count += part.parameters.length;
    }
    await send();
    this.parts.length = 0;
    return returned;
  }

  /**
   * One statement. With one returning part, that part is the main statement and the others its WITH parts; with
   * several, all are WITH parts and the main statement gathers their rows (as JSON, with their tags).
   */
  private async send(parts: Part[]): Promise<Map<string, Array<Record<string, unknown>>>> {
    const tagged = parts.filter((p) => p.tag !== undefined);
    const parameters: unknown[] = [];
    // Each part's $n becomes $(offset + n).
    const renumber = (part: Part) => {
      const offset = parameters.length;
      parameters.push(...part.parameters);
      return offset ? part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`) : part.sql;
    };
    const out = new Map<string, Array<Record<string, unknown>>>();
    if (tagged.length > 1) {
      const withs = parts.map((part, i) => `w${i} AS (${renumber(part)})`);
      const gather = parts.flatMap((part, i) => (part.tag === undefined ? [] : [`SELECT ${i} AS "part", row_to_json(w${i}.*) AS "row" FROM w${i}`]));
      const rows = (await this.manager.query(`WITH ${withs.join(', ')} ${gather.join(' UNION ALL ')}`, parameters)) as Array<{ part: number; row: Record<string, unknown> }>;
      for (const tag of new Set(tagged.map((p) => p.tag!))) out.set(tag, []);
      for (const { part, row } of rows) out.get(parts[part]!.tag!)!.push(row);
      return out;
    }
    const returning = parts.findIndex((p) => p.tag !== undefined);
    const mainIndex = returning >= 0 ? returning : parts.length - 1;
    const withs = parts.flatMap((part, i) => (i === mainIndex ? [] : [`w${i} AS (${renumber(part)})`]));
    const main = renumber(parts[mainIndex]!);
    const raw = (await this.manager.query(withs.length ? `WITH ${withs.join(', ')} ${main}` : main, parameters)) as unknown[];
    // TypeORM returns [rows, count] for an UPDATE.
    if (returning >= 0) out.set(parts[returning]!.tag!, (Array.isArray(raw[0]) ? raw[0] : raw) as Array<Record<string, unknown>>);
    return out;
  }
}
