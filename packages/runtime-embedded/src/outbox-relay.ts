import { OutboxEntry } from '@chibo/db';
import type { Clock } from '@chibo/host';
import { In, LessThanOrEqual, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { QUEUE_NAMES, type OutboxJob, type QueueDriver, type QueueName } from './queues';

/** The queue each kind of outbox row goes to. */
const QUEUE_OF: Record<string, QueueName> = {
  'run-effect': QUEUE_NAMES.effects,
  'start-children': QUEUE_NAMES.children,
  'notify-parent': QUEUE_NAMES.reports,
  'start-timer': QUEUE_NAMES.timers,
};

/** What the relay needs of its runtime. */
export interface OutboxRelayDeps {
  dataSource: DataSource;
  sqlite: boolean;
  clock: Clock;
  queues: QueueDriver;
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /**
   * How long a dispatched row may wait for its job to complete before it is handed to its queue again, in ms
   * (default 30 s). A job still queued or running is left alone; one that vanished (Redis lost or restarted empty)
   * or failed is added again — processors are idempotent, so a spurious re-queue costs a check, never a duplicate.
   */
  leaseMs?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
}

/** Default {@link OutboxRelayDeps.leaseMs}. */
export const DEFAULT_OUTBOX_LEASE_MS = 30_000;

/**
 * The transactional outbox's relay: moves committed outbox rows into their queues and marks them dispatched. Rows a
 * write has just committed are relayed at once (`relaySoon`, no read back); a pass every second (`kick`) takes what a
 * failed relay left; on start-up (`relay(true)`) also rows a process that died had dispatched, so nothing is lost; and
 * while running, rows dispatched longer ago than the lease and still not done are re-queued (`requeueStale`), so a
 * Redis that lost its jobs heals without a restart.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private relaying?: Promise<void>;
  private relayAgain = false;
  private closed = false;
  /** Outbox rows committed and not yet relayed (see `relaySoon`). */
  private readonly toRelay: OutboxEntry[] = [];

  constructor(private readonly deps: OutboxRelayDeps) {}

  private lastSweep = 0;
  private sweeping?: Promise<number>;
  /**
   * What the runtime's clock said at each second of wall time, for the lease's cutoff: the clock's reading one lease
   * ago. With the system clock that is now minus the lease; with a simulated clock (which only moves when advanced)
   * the lease still lapses in wall time.
   */
  private readonly readings: Array<{ wall: number; clock: string }> = [];

  /** Relays whatever a previous process left undone, then keeps a pass every second (and a lease sweep). */
  async start(): Promise<void> {
    await this.relay(true);
    this.lastSweep = Date.now();
    this.timer = setInterval(() => {
      void this.kick();
      const lease = this.deps.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
      const wall = Date.now();
      this.readings.push({ wall, clock: this.deps.clock.now() });
      while (this.readings.length > 1 && this.readings[1]!.wall <= wall - lease) this.readings.shift();
      const cutoff = this.readings[0]!.wall <= wall - lease ? this.readings[0]!.clock : undefined;
      // Sweep at a fraction of the lease: a stuck row waits between one and 1¼ leases.
      if (cutoff && !this.sweeping && wall - this.lastSweep >= Math.max(1000, lease / 4)) {
        this.lastSweep = wall;
        this.sweeping = this.requeueStale(cutoff)
          .catch((error: unknown) => {
            this.deps.logger?.error?.('outbox lease sweep failed', error);
            return 0;
          })
          .finally(() => (this.sweeping = undefined));
      }
    }, 1000);
  }

  /**
   * Re-queues rows dispatched (and, for timers, due) at or before `cutoff` that no job completed. Returns how many rows
   * were handed to their queues again.
   */
  async requeueStale(cutoff: string): Promise<number> {
    const manager = this.deps.dataSource.manager;
    let afterId = 0;
    let requeued = 0;
    for (;;) {
      if (this.closed) return requeued;
      const rows = await manager.find(OutboxEntry, {
        where: { status: 'dispatched', updatedAt: LessThanOrEqual(cutoff), availableAt: LessThanOrEqual(cutoff), id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: 500,
      });
      if (!rows.length) break;
      afterId = rows[rows.length - 1]!.id;
      await this.dispatch(rows, true);
      // The lease starts again from now: a row whose job is merely slow is looked at once per lease, not every pass.
      const ids = rows.map((row) => row.id);
      const renew = (m: EntityManager) => m.update(OutboxEntry, { id: In(ids), status: 'dispatched' }, { updatedAt: this.deps.clock.now() });
      if (this.deps.sqlite) await this.deps.write(renew);
      else await renew(manager);
      requeued += rows.length;
    }
    return requeued;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.relaying;
    await this.sweeping;
  }

  /**
   * Relays rows just committed, without reading them back: those of writes committed at about the same moment go to
   * the queues together. What fails here is still pending, and the relay's timer takes it.
   */
  relaySoon(rows: readonly OutboxEntry[]): void {
    const first = !this.toRelay.length;
    this.toRelay.push(...rows);
    if (!first) return;
    setImmediate(() => {
      const batch = this.toRelay.splice(0);
      if (this.closed || !batch.length) return;
      this.dispatch(batch, false).catch((error: unknown) => this.deps.logger?.error?.('relay failed', error));
    });
  }

  /** Asks the relay to run soon; concurrent asks coalesce into one more pass. */
  kick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.relaying) {
      this.relayAgain = true;
      return this.relaying;
    }
    this.relaying = (async () => {
      try {
        do {
          this.relayAgain = false;
          await this.relay(false);
        } while (this.relayAgain && !this.closed);
      } catch (error) {
        this.deps.logger?.error?.('relay failed', error);
      } finally {
        this.relaying = undefined;
      }
    })();
    return this.relaying;
  }

  /** Moves outbox rows into their queues. On recovery also rows already dispatched by a process that died. */
  async relay(recovering: boolean): Promise<void> {
    const manager = this.deps.dataSource.manager;
    let afterId = 0;
    for (;;) {
      const rows = await manager.find(OutboxEntry, {
        where: { status: recovering ? In(['pending', 'dispatched']) : 'pending', id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: 500,
      });
      if (!rows.length) return;
      afterId = rows[rows.length - 1]!.id;
      await this.dispatch(rows, recovering);
    }
  }

  /** Moves outbox rows into their queues and marks them dispatched (in simulated time, timers are marked done). */
  private async dispatch(rows: ReadonlyArray<Pick<OutboxEntry, 'id' | 'instanceId' | 'commandId' | 'type' | 'payload' | 'availableAt'>>, recovering: boolean): Promise<void> {
    const dispatched: number[] = [];
    const done: number[] = [];
    const batches = new Map<QueueName, Array<{ job: OutboxJob; delay: number }>>();
    for (const row of rows) {
      const job: OutboxJob = { outboxId: row.id, instanceId: row.instanceId, commandId: row.commandId, command: row.payload, ...(recovering ? { recovered: true } : {}) };
      const queue = QUEUE_OF[row.type];
      if (!queue || (row.type === 'start-timer' && this.deps.clock.simulated)) {
        // Simulated time: the timers table is the schedule and `advanceTo` fires them.
        done.push(row.id);
        continue;
      }
      const delay = row.type === 'start-timer' ? Math.max(0, Date.parse(row.availableAt) - Date.parse(this.deps.clock.now())) : 0;
      if (recovering) await this.deps.queues.readd(queue, job, { delay });
      else batches.set(queue, [...(batches.get(queue) ?? []), { job, delay }]);
      dispatched.push(row.id);
    }
    for (const [queue, jobs] of batches) await this.deps.queues.addMany(queue, jobs);
    const mark = async (m: EntityManager) => {
      const now = this.deps.clock.now();
      if (dispatched.length) await m.update(OutboxEntry, { id: In(dispatched), status: 'pending' }, { status: 'dispatched', updatedAt: now });
      if (done.length) await m.update(OutboxEntry, { id: In(done) }, { status: 'done', updatedAt: now });
    };
    // One statement needs no transaction of its own on PostgreSQL (two round trips fewer); SQLite writes go through
    // the write lock.
    if (this.deps.sqlite || (dispatched.length && done.length)) await this.deps.write(mark);
    else await mark(this.deps.dataSource.manager);
  }
}
