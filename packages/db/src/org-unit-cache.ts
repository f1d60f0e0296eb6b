import type { DataSource, EntityManager } from 'typeorm';
import { OrgUnit } from './entities';

interface Directory {
  byId: Map<string, OrgUnit>;
  byCode: Map<string, OrgUnit>;
}

/** One directory per database: tests (and tools) open several in one process, with the same codes in each. */
const directories = new WeakMap<DataSource, Directory>();
const LIMIT = 50_000;

/**
 * An org unit by id or code, remembered per database once read. Org units are insert-only — nothing edits, moves or
 * deletes one (their code, parent and path are what documents, chains and scopes hang on) — so a row once read stays
 * true; units not found are not remembered, so a unit created later is found. The hot paths (a submission's scope
 * check, each document's numbering, each projected task) look the same few units up again and again.
 *
 * Returns a copy: callers may not change what others read.
 */
export async function findOrgUnit(manager: EntityManager, where: { id: string } | { code: string }): Promise<OrgUnit | null> {
  let directory = directories.get(manager.connection);
  if (!directory) {
    directory = { byId: new Map(), byCode: new Map() };
    directories.set(manager.connection, directory);
  }
  const known = 'id' in where ? directory.byId.get(where.id) : directory.byCode.get(where.code);
  if (known) return copy(known);
  const row = await manager.findOne(OrgUnit, { where });
  if (!row) return null;
  if (directory.byId.size >= LIMIT) {
    directory.byId.clear();
    directory.byCode.clear();
  }
  directory.byId.set(row.id, copy(row));
  directory.byCode.set(row.code, copy(row));
  return row;
}

function copy(row: OrgUnit): OrgUnit {
  return Object.assign(Object.create(OrgUnit.prototype) as OrgUnit, row);
}
