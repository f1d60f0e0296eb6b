import type { EntityManager } from 'typeorm';
import { DocumentEntity } from './entities';
import { ImmutableFacts } from './immutable-facts';

const known = new ImmutableFacts<string, string | null>(20_000);

/**
 * Remembers the data checksum of a document just issued. A document's data and its checksum never change once issued
 * (cancelling changes its status only), so the audit log, which records the checksum of every document an event
 * refers to, can take it from here instead of reading the row back in the same transaction.
 */
export function rememberDocumentChecksum(manager: EntityManager, id: string, checksum: string | null): void {
  known.set(manager, id, checksum);
}

/**
 * The data checksum of a document: remembered when this process issued it, else read. Undefined when there is no such
 * document. A remembered id whose transaction rolled back is never asked for: events naming it rolled back with it.
 */
export async function documentChecksum(manager: EntityManager, id: string): Promise<string | null | undefined> {
  if (known.has(manager, id)) return known.get(manager, id) ?? null;
  const row = await manager.findOne(DocumentEntity, { select: { id: true, checksum: true }, where: { id } });
  return row ? row.checksum : undefined;
}
