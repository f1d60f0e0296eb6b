import type { DataSource, EntityManager } from 'typeorm';
import { KeyedMutex } from './keyed-mutex';

const sqliteLocks = new WeakMap<DataSource, KeyedMutex>();

/** One write lock per SQLite data source, shared by every runtime (and service) using that connection. */
export function sqliteWriteLock(dataSource: DataSource): KeyedMutex {
  let lock = sqliteLocks.get(dataSource);
  if (!lock) sqliteLocks.set(dataSource, (lock = new KeyedMutex()));
  return lock;
}

/** A write transaction; on SQLite serialised with every other writer of the same data source in this process. */
export function writeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const tx = () => dataSource.transaction(work);
  return dataSource.options.type === 'better-sqlite3' ? sqliteWriteLock(dataSource).run('write', tx) : tx();
}
