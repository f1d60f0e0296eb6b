import type { EntityManager } from 'typeorm';

/**
 * One write that may share its transaction with others. `work` runs inside the shared transaction, beside the work of
 * the other writes (so it must not depend on them); what it leaves for the end (the instance appends) is written by
 * `finish` for all of them at once. It must be safe to run again: when a shared transaction fails, each of its writes is retried alone.
 */
export type BatchedWork<S, T> = (manager: EntityManager, scope: S) => Promise<T>;

export interface GroupCommitOptions<S> {
  /** Runs a transaction (the runtime's `write`: serialised on SQLite). */
  transaction: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;
  /** A fresh scope for one transaction: what the writes register to be written together. */
  scope: (manager: EntityManager) => S;
  /** Writes what the scope collected, inside the transaction, after every write's work. Throws to roll all back. */
  finish: (manager: EntityManager, scope: S) => Promise<void>;
  /** Writes one transaction may carry (1: no sharing). */
  maxBatch: number;
  /** Shared transactions open at once. */
  maxInFlight: number;
}

interface Pending<S> {
  work: BatchedWork<S, unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive while earlier transactions are in flight are carried together by the next one, so
 * their statements are merged (one version-guarded UPDATE for all their instances, one INSERT for all their events,
 * audit entries, outbox rows…) and their commits cost one round trip and one WAL flush. A write arriving when a slot
 * is free starts at once, so a quiet system pays no extra latency.
 *
 * A write is acknowledged only after its transaction commits. When a shared transaction fails (a lost race with
 * another process, a deadlock, an effect's error), nothing of it is kept and each of its writes runs again alone, so
 * one write's failure reaches only its own caller.
 */
export class GroupCommit<S> {
  private readonly queue: Array<Pending<S>> = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<S>) {}

  write<T>(work: BatchedWork<S, T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async commit(batch: Array<Pending<S>>): Promise<void> {
    let results: unknown[];
    try {
      results = await this.run(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Alone, each write meets only its own failure (and the others commit).
      await Promise.all(
        batch.map(async (item) => {
          try {
            item.resolve((await this.run([item]))[0]);
          } catch (alone) {
            item.reject(alone);
          }
        }),
      );
      return;
    }
    batch.forEach((item, i) => item.resolve(results[i]));
  }

  private run(batch: Array<Pending<S>>): Promise<unknown[]> {
    return this.options.transaction(async (manager) => {
      const scope = this.options.scope(manager);
      // Side by side: their statements queue on the one connection, and what they ask for at the same moment (document
      // numbers) can be taken together. All settle before a failure rolls the transaction back.
      const settled = await Promise.allSettled(batch.map((item) => item.work(manager, scope)));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      await this.options.finish(manager, scope);
      return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
    });
  }
}
