import { OutboxEntry, ProcedureInstance } from '@chibo/db';
import { ConcurrencyError, isPermanentEffectError, prepareChildren, runEffectOnce, type Clock, type EffectHandler, type HostHooks, type InstanceHead, type KeyedMutex, type NewInstance, type RejectedError } from '@chibo/host';
import type { InstanceState, ProcedureCommand, ProcedureEvent, ProcedureInput, StepRegistry } from '@chibo/procedure';
import { handle } from '@chibo/procedure';
import type { DataSource, EntityManager } from 'typeorm';
import type { Appended, AppendScope, MarkDone, PendingAppend } from './append-scope';
import type { GroupCommit } from './group-commit';
import { PermanentJobError, QUEUE_NAMES, type OutboxJob, type QueueDriver, type QueueJob } from './queues';

const MAX_RETRIES = 50;

/** A definition names an effect this process has not registered: a deployment error that retrying cannot cure. */
export class UnknownEffectError extends Error {
  readonly permanent = true;
  constructor(name: string) {
    super(`Không có tác vụ nào tên "${name}" được đăng ký ở máy chủ này`);
    this.name = 'UnknownEffectError';
  }
}

/** What the job processors need of their runtime (its instance store, write paths and inputs). */
export interface RuntimeInternals {
  dataSource: DataSource;
  registry: StepRegistry;
  clock: Clock;
  logger?: Pick<Console, 'warn' | 'error'>;
  sealReport?: HostHooks['sealReport'];
  effect(name: string): EffectHandler | undefined;
  /** The org unit of an instance, when this process knows its head (it never changes). */
  orgOf(instanceId: string): string | undefined;
  outboxRow(id: number): Promise<OutboxEntry | undefined>;
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  group: GroupCommit<AppendScope>;
  instanceLock: KeyedMutex;
  loadForWrite(instanceId: string): Promise<{ row: InstanceHead; state: InstanceState }>;
  guarded<T>(instanceId: string, work: () => Promise<T>): Promise<T>;
  pendingAppend(row: InstanceHead, before: InstanceState, after: InstanceState, events: ProcedureEvent[]): PendingAppend;
  remember(row: InstanceHead, after: InstanceState, appended: Appended): void;
  markDone(m: EntityManager, rows: ReadonlyArray<{ id: number; attempts: number }>): Promise<void>;
  create(items: NewInstance[]): Promise<void>;
  sendInternal(instanceId: string, make: () => ProcedureInput, alsoInTransaction?: MarkDone): Promise<{ state: InstanceState; rejected?: RejectedError }>;
  sendTogether(instanceId: string, make: () => ProcedureInput): Promise<{ state: InstanceState; rejected?: RejectedError }>;
  fireTimer(instanceId: string, timerId: string, alsoInTransaction?: MarkDone): Promise<void>;
}

/**
 * The queue processors of the embedded runtime: one per queue (effects, child batches, reports to the parent,
 * timers). Each carries out one outbox row's command and marks the row done in the transaction of its last write.
 */
export class JobProcessors {
  constructor(private readonly rt: RuntimeInternals) {}

  /** Starts the workers of every queue on `queues`. */
  register(queues: QueueDriver): void {
    queues.work(QUEUE_NAMES.effects, 16, (job) => this.processJob(job, (cmd, done, first) => this.runEffect(job.data, cmd, done, first)));
    // As many batches at once as the dispatch step keeps in flight (3): one is prepared while another is written.
    queues.work(QUEUE_NAMES.children, 3, (job) => this.processJob(job, (cmd, done) => this.startChildren(job.data, cmd, done)));
    queues.work(QUEUE_NAMES.reports, 8, (job) => this.processJob(job, (cmd, done) => this.deliverReport(job.data, cmd, done)));
    queues.work(QUEUE_NAMES.timers, 8, (job) => this.processJob(job, (_cmd, done) => this.fireTimerOf(job.data, done)));
  }

  /**
   * Runs one job's command. The work marks the outbox row done inside the transaction of its last write (so a crash
   * cannot leave a done command looking undone, or the reverse); errors leave the row for BullMQ's retries.
   */
  private async processJob(
    job: QueueJob,
    work: (command: ProcedureCommand, done: MarkDone, firstAttempt: boolean) => Promise<void>,
  ): Promise<void> {
    // A job on its first run, never stalled nor re-added after a restart, is for a row nobody has carried out: the relay
    // queued it while pending, and its id keeps a second copy out of the queue. It needs no read of the row. Any other
    // run reads the row first, and does nothing if it is done.
    const fresh = job.attemptsMade === 0 && !job.stalledCounter && !job.data.recovered && job.data.command !== undefined;
    const row = fresh ? { id: job.data.outboxId, attempts: 0, payload: job.data.command } : await this.rt.outboxRow(job.data.outboxId);
    if (!row || ('status' in row && row.status === 'done')) return;
    const done: MarkDone = async (m, scope) => {
      if (scope) scope.markDone(row.id, row.attempts + 1);
      else await this.rt.markDone(m, [{ id: row.id, attempts: row.attempts + 1 }]);
    };
    try {
      await work(row.payload as ProcedureCommand, done, row.attempts === 0 && job.attemptsMade === 0);
    } catch (error) {
      // After the last attempt the row is `failed`: visible (bull-board, the outbox), and no longer awaited by drain().
      // An error that retrying cannot cure (an effect input its schema refuses, an effect nobody registered) is the
      // last attempt at once.
      const permanent = isPermanentEffectError(error);
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const record = (m: EntityManager) =>
        m.update(
          OutboxEntry,
          { id: row.id },
          { attempts: row.attempts + 1, lastError: String((error as Error).stack ?? error), updatedAt: this.rt.clock.now(), ...(last ? { status: 'failed' as const } : {}) },
        );
      const command = row.payload as ProcedureCommand;
      if (last && command.type === 'run-effect') {
        // An effect that cannot be done for good fails its instance, visibly and with the reason (the core's `fail`
        // input), in the transaction that marks the row failed — as the Temporal host does — instead of leaving it
        // waiting forever for a result.
        const reason = `Tác vụ tự động "${command.name}" không thực hiện được: ${(error as Error).message ?? String(error)}`;
        await this.rt.sendInternal(job.data.instanceId, () => ({ type: 'fail', at: this.rt.clock.now(), reason }), async (m) => void (await record(m)));
      } else {
        await this.rt.write(record);
      }
      if (last) this.rt.logger?.error?.(`Command ${job.data.commandId} of ${job.data.instanceId} failed for good: ${(error as Error).message}`);
      throw permanent ? new PermanentJobError(error) : error;
    }
  }

  /**
   * Runs an effect and feeds its result back in ONE transaction: the effect's writes (a document and its number), its
   * `effect_runs` record, the instance's new events and the outbox row marked done commit together, so a crash or a
   * lost race rolls all of it back (the number is not consumed) and the retry starts clean.
   */
  private async runEffect(job: OutboxJob, command: ProcedureCommand, done: MarkDone, firstAttempt: boolean): Promise<void> {
    if (command.type !== 'run-effect') return this.rt.write(done).then(() => undefined);
    const handler = this.rt.effect(command.name);
    if (!handler) throw new UnknownEffectError(command.name);
    const effectId = command.id.slice('effect:'.length);
    // The effect's reads that need no transaction happen before it, so the shared transaction carries only writes.
    const prepared = handler.prepare
      ? await handler.prepare({ manager: this.rt.dataSource.manager, at: this.rt.clock.now(), instanceId: job.instanceId, idempotencyKey: command.idempotencyKey }, command.input)
      : undefined;
    await this.rt.instanceLock.run(job.instanceId, async () => {
      for (let attempt = 0; ; attempt++) {
        const { row, state } = await this.rt.loadForWrite(job.instanceId);
        try {
          const outcome = await this.rt.guarded(row.id, () =>
            this.rt.group.write(async (m, scope) => {
              const at = this.rt.clock.now();
              // A run is recorded with its outbox row marked done, in one transaction: on the first attempt of a row
              // not done there is none to find (a concurrent duplicate of the job fails on the record's key and
              // retries, and a retry looks).
              const result = await runEffectOnce(
                m,
                handler,
                { name: command.name, input: command.input, instanceId: job.instanceId, idempotencyKey: command.idempotencyKey, at },
                {
                  ...(firstAttempt ? { known: 'not-run' as const } : {}),
                  ...(prepared !== undefined ? { prepared } : {}),
                  insertLater: (entity, row) => scope.insertLater(entity, row),
                  record: (run) => scope.recordRun(run),
                },
              );
              const handled = handle(state, { type: 'complete-effect', at, effectId, result }, this.rt.registry);
              await done(m, scope);
              if (!handled.ok || !handled.events.length) return undefined;
              return { after: handled.state, appended: scope.add(this.rt.pendingAppend(row, state, handled.state, handled.events)) };
            }),
          );
          if (outcome) this.rt.remember(row, outcome.after, outcome.appended);
          return;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= MAX_RETRIES) throw error;
        }
      }
    });
  }

  private async startChildren(job: OutboxJob, command: ProcedureCommand, done: MarkDone): Promise<void> {
    if (command.type !== 'start-children') return this.rt.write(done).then(() => undefined);
    const manager = this.rt.dataSource.manager;
    const parentRow = await manager.findOneOrFail(ProcedureInstance, { select: { id: true, guidanceId: true }, where: { id: job.instanceId } });
    const items = await prepareChildren(manager, this.rt.registry, {
      procedure: command.procedure,
      children: command.children,
      ...(command.parent.guidance ? { guidance: command.parent.guidance } : {}),
      parentInstanceId: job.instanceId,
      guidanceId: parentRow.guidanceId,
      at: this.rt.clock.now(),
    });
    await this.rt.create(items);
    await this.rt.sendInternal(job.instanceId, () => ({ type: 'children-started', at: this.rt.clock.now(), batch: command.batch }), done);
  }

  private async deliverReport(job: OutboxJob, command: ProcedureCommand, done: MarkDone): Promise<void> {
    if (command.type !== 'notify-parent') return this.rt.write(done).then(() => undefined);
    const seal = this.rt.sealReport;
    // The sender's org unit, when this process knows its head (it never changes): spares the seal a look-up.
    const orgId = this.rt.orgOf(job.instanceId);
    const report = seal ? await this.rt.group.write((m) => seal(m, { instanceId: job.instanceId, ...(orgId ? { orgId } : {}) }, command.report)) : command.report;
    const delivered = await this.rt.sendTogether(command.parent.instanceId, () => ({ type: 'child-report', at: this.rt.clock.now(), child: command.parent.childKey, report }));
    if (delivered.rejected) this.rt.logger?.warn?.(`Report of ${job.instanceId} refused by ${command.parent.instanceId}: ${delivered.rejected.message}`);
    const notificationId = command.id.slice('notify:'.length);
    await this.rt.sendInternal(job.instanceId, () => ({ type: 'parent-notified', at: this.rt.clock.now(), notificationId }), done);
  }

  private async fireTimerOf(job: OutboxJob, done: MarkDone): Promise<void> {
    await this.rt.fireTimer(job.instanceId, job.commandId.slice('timer:'.length), done);
  }
}
