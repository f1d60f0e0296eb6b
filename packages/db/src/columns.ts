import { randomUUID } from 'node:crypto';
import { Column, PrimaryColumn } from 'typeorm';

// Column shapes shared by every entity, so that SQLite and Postgres store the same text for the same value.
// Every column gets an explicit snake_case name: the generated migrations and hand-written SQL then read the same.

interface NullableOption {
  nullable?: boolean;
}

/** A uuid primary key `id`, stored as varchar(36) on both databases and filled by {@link newId} when missing. */
export function UuidPrimaryColumn(table: string): PropertyDecorator {
  return PrimaryColumn({ name: 'id', type: 'varchar', length: 36, primaryKeyConstraintName: `pk_${table}` });
}

/** A reference to a uuid primary key (same type as {@link UuidPrimaryColumn}, so foreign keys match on Postgres). */
export function UuidColumn(name: string, options: NullableOption = {}): PropertyDecorator {
  return Column({ name, type: 'varchar', length: 36, nullable: options.nullable ?? false });
}

/** A procedure instance id (a caller-chosen business key such as `cell:CB-X:27-HD/ĐU:2022-03-16`). */
export function InstanceIdColumn(name = 'instance_id', options: NullableOption = {}): PropertyDecorator {
  return Column({ name, type: 'varchar', length: 200, nullable: options.nullable ?? false });
}

/**
 * An instant as an ISO-8601 string. Stored as text rather than a timestamp type because the domain passes ISO instants
 * around and the simulated clock must round-trip exactly (offset and precision included) on both databases.
 */
export function IsoColumn(name: string, options: NullableOption = {}): PropertyDecorator {
  return Column({ name, type: 'varchar', length: 30, nullable: options.nullable ?? false });
}

/** A calendar date `YYYY-MM-DD` (guidance dates, deadlines, term starts): a date, not an instant. */
export function DateColumn(name: string, options: NullableOption = {}): PropertyDecorator {
  return Column({ name, type: 'varchar', length: 10, nullable: options.nullable ?? false });
}

/** JSON kept as text (`simple-json`) so both databases return exactly what was stored, without jsonb reordering. */
export function JsonColumn(name: string, options: NullableOption = {}): PropertyDecorator {
  return Column({ name, type: 'simple-json', nullable: options.nullable ?? false });
}

/** A short identifier-like string: codes, statuses, kinds, keys. */
export function CodeColumn(name: string, options: NullableOption & { length?: number } = {}): PropertyDecorator {
  return Column({ name, type: 'varchar', length: options.length ?? 100, nullable: options.nullable ?? false });
}

/** Human-readable text of any length: names, titles, notes. */
export function TextColumn(name: string, options: NullableOption = {}): PropertyDecorator {
  return Column({ name, type: 'text', nullable: options.nullable ?? false });
}

export function IntColumn(name: string, options: NullableOption & { default?: number } = {}): PropertyDecorator {
  return Column({
    name,
    type: 'integer',
    nullable: options.nullable ?? false,
    ...(options.default === undefined ? {} : { default: options.default }),
  });
}

export function BoolColumn(name: string, options: { default?: boolean } = {}): PropertyDecorator {
  return Column({ name, type: 'boolean', ...(options.default === undefined ? {} : { default: options.default }) });
}

/** A fresh uuid for a new row; entities call it from `@BeforeInsert` when the caller did not choose an id. */
export function newId(): string {
  return randomUUID();
}

/**
 * Wall-clock fallback for bookkeeping timestamps (`created_at`, `updated_at`) that the caller left empty.
 * Code driven by the simulated clock passes its own instants and this is never used.
 */
export function nowIso(): string {
  return new Date().toISOString();
}
