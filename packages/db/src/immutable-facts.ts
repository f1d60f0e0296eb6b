import type { DataSource, EntityManager } from 'typeorm';

/**
 * Facts that never change once written (a document's checksum, a member's id by code, where a task sits), remembered
 * per database so that a hot path need not read them again. A stale entry is impossible by construction; memory is
 * bounded: past `limit` entries the oldest are forgotten.
 */
export class ImmutableFacts<K, V> {
  private readonly byDatabase = new WeakMap<DataSource, Map<K, V>>();

  constructor(private readonly limit: number) {}

  has(manager: EntityManager, key: K): boolean {
    return this.byDatabase.get(manager.connection)?.has(key) ?? false;
  }

  get(manager: EntityManager, key: K): V | undefined {
    return this.byDatabase.get(manager.connection)?.get(key);
  }

  set(manager: EntityManager, key: K, value: V): void {
    let facts = this.byDatabase.get(manager.connection);
    if (!facts) this.byDatabase.set(manager.connection, (facts = new Map()));
    if (!facts.has(key) && facts.size >= this.limit) facts.delete(facts.keys().next().value as K);
    facts.set(key, value);
  }
}
