import {
  CoalescingLoader,
  EffectRun,
  insertRows,
  InstanceEvent,
  isUniqueViolation,
  OutboxEntry,
  ProcedureInstance,
  Timer,
  CombinedWrite,
  rememberTaskRows,
  type TaskLocation,
} from '@chibo/db';
import {
  advanceSimulatedClock,
  ConcurrencyError,
  DrainTimeoutError,
  eventRows,
  KeyedMutex,
  NotFoundError,
  outboxRows,
  prepareChildren,
  prepareGuidance,
  projectInto,
  ProjectionSink,
  RejectedError,
  rosterNeeded,
  runEffectOnce,
  snapshotDue,
  sqliteWriteLock,
  startInstances,
  stateFrom,
  type AppendedEvents,
  type Clock,
  type EffectHandler,
  type HostHooks,
  type InstanceHead,
  type IssueGuidanceInput,
  type NewInstance,
} from '@chibo/host';
import {
  handle,
  handleAll,
  newCommands,
  type Actor,
  type InstanceState,
  type ProcedureCommand,
  type ProcedureEvent,
  type ProcedureInput,
  type StepRegistry,
} from '@chibo/procedure';
import { In, MoreThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { LRUCache } from 'lru-cache';
import { DEFAULT_EFFECTS } from './effects';
import { GroupCommit } from './group-commit';
import type { Job } from 'bullmq';
import { QUEUE_NAMES, QueueDriver, type OutboxJob, type QueueName } from './queues';

export interface EmbeddedRuntimeOptions extends HostHooks {
  dataSource: DataSource;
  registry: StepRegistry;
  clock: Clock;
  redisUrl: string;
  /** Redis key prefix: separates installations (and test runs) sharing one Redis. */
  queuePrefix?: string;
  effects?: readonly EffectHandler[];
  /** Run the workers in this process (default true). A process may also only accept requests and relay. */
  workers?: boolean;
  /**
   * Group commit (PostgreSQL): how many writes one transaction may carry and how many such transactions may be open at
   * once. Default 32 and 1 (measured: one at a time makes larger batches, less CPU per write and a lower p99 than
   * two or three); SQLite always writes one at a time.
   */
  groupCommit?: { maxBatch?: number; maxInFlight?: number };
  logger?: Pick<Console, 'warn' | 'error'>;
}

export type { AppendedEvents, IssueGuidanceInput };

const QUEUE_OF: Record<string, QueueName> = {
  'run-effect': QUEUE_NAMES.effects,
  'start-children': QUEUE_NAMES.children,
  'notify-parent': QUEUE_NAMES.reports,
  'start-timer': QUEUE_NAMES.timers,
};
const MAX_RETRIES = 50;

/** What an append did besides the events: whether the snapshot was rewritten, whether commands were queued. */
interface Appended {
  snapshot: boolean;
  /** The outbox rows written (on PostgreSQL with their ids once committed: the runtime relays them at once). */
  outbox: ReadonlyArray<Partial<OutboxEntry>>;
  /** The task rows the projection opened (remembered once committed). */
  tasks: readonly TaskLocation[];
}

/** Instances just created, with the task rows their start opened. */
type Created = Array<{ head: InstanceHead; state: InstanceState }> & { tasks: TaskLocation[] };


/** Every column of an instance except its (possibly large) state snapshot. */
const HEAD_COLUMNS = {
  id: true,
  businessKey: true,
  definitionKey: true,
  definitionVersion: true,
  orgId: true,
  guidanceId: true,
  parentInstanceId: true,
  status: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;

/**
 * Hosts the pure core durably on one machine. Each input is handled against the stored state; its events, the new
 * commands (as outbox rows) and the read-side projection are written in one transaction guarded by the instance's
 * version (a lost race is a `ConcurrencyError`, never a corrupted instance). A relay moves outbox rows to BullMQ;
 * workers carry them out idempotently and feed results back as inputs. After a crash, `start()` re-relays every row
 * not marked done, so nothing is lost, and effect idempotency keys mean nothing is applied twice.
 */
export class EmbeddedRuntime {
  readonly queues: QueueDriver;
  private readonly effects: Map<string, EffectHandler>;
  private readonly instanceLock = new KeyedMutex();
  private readonly sqlite: boolean;
  private relayTimer?: NodeJS.Timeout;
  private relaying?: Promise<void>;
  private relayAgain = false;
  private closed = false;
  /** Recently used instance states (immutable objects), keyed by id; valid only while their version is current. */
  private readonly states = new LRUCache<string, InstanceState>({ max: 20_000 });
  private readonly heads = new LRUCache<string, InstanceHead>({ max: 20_000 });
  private readonly group: GroupCommit<AppendScope>;
  /** Outbox rows committed and not yet relayed (see `relaySoon`). */
  private readonly toRelay: OutboxEntry[] = [];
  /** Inputs waiting to be handled together, by instance (see `sendTogether`). */
  private readonly inboxes = new Map<string, InboxItem[]>();
  /** Outbox rows as the workers read them: concurrent jobs share one query. */
  private readonly outboxRows: CoalescingLoader<number, OutboxEntry>;

  constructor(private readonly options: EmbeddedRuntimeOptions) {
    this.sqlite = options.dataSource.options.type === 'better-sqlite3';
    this.outboxRows = new CoalescingLoader(async (ids) => {
      const rows = await options.dataSource.manager.find(OutboxEntry, { where: { id: In(ids) } });
      return new Map(rows.map((row) => [row.id, row]));
    });
    this.group = new GroupCommit<AppendScope>({
      transaction: (work) => this.write(work),
      scope: () => new AppendScope(),
      finish: (m, scope) => this.finish(m, scope),
      maxBatch: this.sqlite ? 1 : (options.groupCommit?.maxBatch ?? 32),
      maxInFlight: this.sqlite ? 1 : (options.groupCommit?.maxInFlight ?? 1),
    });
    this.effects = new Map((options.effects ?? DEFAULT_EFFECTS).map((e) => [e.name, e]));
    this.queues = new QueueDriver(options.redisUrl, options.queuePrefix ?? 'chibo');
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get registry(): StepRegistry {
    return this.options.registry;
  }

  /** Starts the workers and relays whatever a previous process left undone. */
  async start(): Promise<void> {
    if (this.options.workers !== false) {
      this.queues.work(QUEUE_NAMES.effects, 16, (job) => this.processJob(job, (cmd, done, first) => this.runEffect(job.data, cmd, done, first)));
      // As many batches at once as the dispatch step keeps in flight (3): one is prepared while another is written.
      this.queues.work(QUEUE_NAMES.children, 3, (job) => this.processJob(job, (cmd, done) => this.startChildren(job.data, cmd, done)));
      this.queues.work(QUEUE_NAMES.reports, 8, (job) => this.processJob(job, (cmd, done) => this.deliverReport(job.data, cmd, done)));
      this.queues.work(QUEUE_NAMES.timers, 8, (job) => this.processJob(job, (_cmd, done) => this.fireTimerOf(job.data, done)));
    }
    await this.relay(true);
    this.relayTimer = setInterval(() => void this.kick(), 1000);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.relayTimer) clearInterval(this.relayTimer);
    await this.relaying;
    await this.queues.close();
  }

  /** The current state of an instance. */
  async state(instanceId: string, manager: EntityManager = this.options.dataSource.manager): Promise<InstanceState> {
    return (await this.load(manager, instanceId)).state;
  }

  /** The instance's event log, in order. */
  async events(instanceId: string): Promise<Array<{ seq: number; event: ProcedureEvent; recordedAt: string }>> {
    const rows = await this.options.dataSource.manager.find(InstanceEvent, { where: { instanceId }, order: { seq: 'ASC' } });
    return rows.map((r) => ({ seq: r.seq, event: r.payload as ProcedureEvent, recordedAt: r.recordedAt }));
  }

  /**
   * A person submits a task. Refusals throw `RejectedError` (nothing recorded); losing a race with another
   * submission of the same task throws `ConcurrencyError`.
   */
  async submit(instanceId: string, taskId: string, input: unknown, by: Actor): Promise<InstanceState> {
    return this.instanceLock.run(instanceId, async () => {
      for (let attempt = 0; ; attempt++) {
        const { row, state } = await this.loadForWrite(instanceId);
        const result = handle(state, { type: 'submit', at: this.clock.now(), taskId, by, input }, this.registry);
        if (!result.ok) throw new RejectedError(result.rejection);
        try {
          await this.append(row, state, result.state, result.events);
          return result.state;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= MAX_RETRIES) throw error;
          // Someone else appended first. If the task is no longer open, they took it: that is the conflict to report.
          const fresh = await this.state(instanceId);
          if (fresh.tasks[taskId]?.status !== 'open') throw error;
        }
      }
    });
  }

  /** An input from the system (timer, effect result, child report): retried until it applies or is refused. */
  async sendInternal(
    instanceId: string,
    make: () => ProcedureInput,
    alsoInTransaction?: MarkDone,
  ): Promise<{ state: InstanceState; rejected?: RejectedError }> {
    return this.instanceLock.run(instanceId, async () => {
      for (let attempt = 0; ; attempt++) {
        const { row, state } = await this.loadForWrite(instanceId);
        const result = handle(state, make(), this.registry);
        if (!result.ok) return { state, rejected: new RejectedError(result.rejection) };
        if (!result.events.length) {
          if (alsoInTransaction) await this.write((m) => alsoInTransaction(m));
          return { state };
        }
        try {
          await this.append(row, state, result.state, result.events, alsoInTransaction);
          return { state: result.state };
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= MAX_RETRIES) throw error;
        }
      }
    });
  }

  /**
   * Like `sendInternal`, but inputs for the same instance that arrive while a write to it is on its way are handled
   * together, in order, and appended as one write: a guidance receiving the reports of thousands of cells takes them
   * as fast as they come rather than one per transaction. Each caller learns its own input's outcome (a refused input
   * is skipped; the others still apply).
   */
  sendTogether(instanceId: string, make: () => ProcedureInput): Promise<{ state: InstanceState; rejected?: RejectedError }> {
    return new Promise((resolve, reject) => {
      const waiting = this.inboxes.get(instanceId);
      if (waiting) {
        waiting.push({ make, resolve, reject });
        return;
      }
      const inbox: InboxItem[] = [{ make, resolve, reject }];
      this.inboxes.set(instanceId, inbox);
      void this.instanceLock.run(instanceId, async () => {
        // From here on, later inputs wait for the next write.
        this.inboxes.delete(instanceId);
        try {
          const outcomes = await this.handleTogether(instanceId, inbox);
          inbox.forEach((item, i) => item.resolve(outcomes[i]!));
        } catch (error) {
          for (const item of inbox) item.reject(error);
        }
      });
    });
  }

  /** Handles inputs in order against an instance's state and appends their events as one write (retried on a lost race). */
  private async handleTogether(instanceId: string, inbox: readonly InboxItem[]): Promise<Array<{ state: InstanceState; rejected?: RejectedError }>> {
    for (let attempt = 0; ; attempt++) {
      const { row, state } = await this.loadForWrite(instanceId);
      const { results, state: current } = handleAll(state, inbox.map((item) => item.make()), this.registry);
      const events = results.flatMap((r) => (r.ok ? r.events : []));
      const outcomes = results.map((r) => (r.ok ? { state: current } : { state: current, rejected: new RejectedError(r.rejection) }));
      try {
        await this.append(row, state, current, events);
        return outcomes;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_RETRIES) throw error;
      }
    }
  }

  /**
   * Issues a guidance: composes the cells' procedure (plugin steps added, rubric set), stores it as the issuer's next
   * definition version, records the guidance, and starts the guidance instance, which dispatches to the cells.
   */
  async issueGuidance(input: IssueGuidanceInput): Promise<{ guidanceId: string; instanceId: string }> {
    const at = this.clock.now();
    const { guidanceId, instanceId, made } = await this.write(async (m) => {
      const prepared = await prepareGuidance(m, this.registry, input, at);
      // The guidance and its instance commit together: a start that fails leaves no guidance behind.
      const made = await this.createIn(m, [{ instanceId: prepared.instanceId, orgId: prepared.orgId, guidanceId: prepared.guidanceId, parent: null, input: prepared.start }]);
      return { guidanceId: prepared.guidanceId, instanceId: prepared.instanceId, made };
    });
    this.rememberCreated(made);
    return { guidanceId, instanceId };
  }

  /** Waits until every dispatched command (not counting timers waiting for their time) has been carried out. */
  async drain(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.kick();
      const busy = await this.options.dataSource.manager.count(OutboxEntry, {
        where: { status: In(['pending', 'dispatched']), type: Not('start-timer') },
      });
      if (busy === 0) return;
      if (Date.now() > deadline) throw new DrainTimeoutError(timeoutMs, busy);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Simulated clock only: moves time to `at`, firing every timer due on the way (see `advanceSimulatedClock`). */
  async advanceTo(at: string): Promise<void> {
    await advanceSimulatedClock(
      { dataSource: this.options.dataSource, clock: this.clock as Clock & { set(at: string): void }, fire: (id, timer) => this.fireTimer(id, timer), settle: () => this.drain() },
      at,
    );
  }

  /**
   * Fires one timer now (idempotent: a timer already fired or cancelled does nothing). A timer the instance does not
   * react to — it has ended, or it never had that timer — is closed on the read side all the same (`cancelled`), so
   * that nothing lists it as scheduled or fires it again.
   */
  async fireTimer(instanceId: string, timerId: string, alsoInTransaction?: MarkDone): Promise<void> {
    const { state } = await this.sendInternal(instanceId, () => ({ type: 'fire-timer', at: this.clock.now(), timerId }), alsoInTransaction);
    if (state.timers[timerId]?.status === 'scheduled' || !state.timers[timerId]) {
      await this.write((m) => m.update(Timer, { instanceId, timerId, status: 'scheduled' }, { status: state.status === 'running' ? 'fired' : 'cancelled' }));
    }
  }

  // ---- writing ------------------------------------------------------------------------------------------------

  /** Runs a write transaction (serialised in-process on SQLite, whose single connection cannot overlap them). */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const tx = () => this.options.dataSource.transaction(work);
    return this.sqlite ? sqliteWriteLock(this.options.dataSource).run('write', tx) : tx();
  }

  /**
   * For writes: the cached head and state when this process has them (the version-guarded update catches a stale
   * cache, and the caller retries), else a load from the database.
   */
  private async loadForWrite(instanceId: string): Promise<{ row: InstanceHead; state: InstanceState }> {
    const row = this.heads.get(instanceId);
    const state = this.states.get(instanceId);
    if (row && state && state.version === row.version) return { row, state };
    return this.load(this.options.dataSource.manager, instanceId);
  }

  /**
   * Loads an instance: its head row (version, org), and its state from the in-process cache when the cached version
   * is current, else from the last snapshot plus the events after it. Other processes' writes are seen because the
   * version is always read from the database.
   */
  private async load(manager: EntityManager, instanceId: string): Promise<{ row: ProcedureInstance; state: InstanceState }> {
    const row = await manager.findOne(ProcedureInstance, { select: HEAD_COLUMNS, where: { id: instanceId } });
    if (!row) throw new NotFoundError(`Không tìm thấy quy trình ${instanceId}`);
    const cached = this.states.get(instanceId);
    if (cached && cached.version === row.version) {
      this.heads.set(instanceId, row);
      return { row, state: cached };
    }
    const snapshot = (await manager.findOne(ProcedureInstance, { select: { id: true, state: true }, where: { id: instanceId } }))?.state as InstanceState | null;
    const state = await stateFrom(manager, instanceId, snapshot, row.version);
    this.states.set(instanceId, state);
    this.heads.set(instanceId, row);
    return { row, state };
  }

  private async append(
    row: InstanceHead,
    before: InstanceState,
    after: InstanceState,
    events: ProcedureEvent[],
    alsoInTransaction?: MarkDone,
  ): Promise<void> {
    if (!events.length) return;
    const wrote = await this.guarded(row.id, () =>
      this.group.write(async (m, scope) => {
        await alsoInTransaction?.(m, scope);
        return scope.add(this.pendingAppend(row, before, after, events));
      }),
    );
    this.remember(row, after, wrote);
  }

  /**
   * What appending `events` to an instance will write: its new head (with a state snapshot when the host kernel's
   * snapshot policy says so; events after the snapshot are replayed on load), the events, and the new commands as
   * outbox rows.
   */
  private pendingAppend(row: InstanceHead, before: InstanceState, after: InstanceState, events: ProcedureEvent[]): PendingAppend {
    const now = this.clock.now();
    const snapshot = snapshotDue(row.version, after.version, Object.keys(after.children).length);
    return { row, after, events, now, snapshot, priorFacts: before.facts, outbox: outboxRows(row.id, newCommands(before, after), now), tasks: [] };
  }

  /**
   * The end of a (group) transaction: what its writes collected — the rows effects issued, the effect runs, the outbox
   * rows carried out, and the appends. On PostgreSQL all of it is one statement (`CombinedWrite`), plus one to delete
   * read-side rows that recorded facts replace, when any may exist.
   */
  private async finish(m: EntityManager, scope: AppendScope): Promise<void> {
    if (this.sqlite) {
      for (const [entity, rows] of scope.later) await insertRows(m, entity as never, rows as never);
      await this.writeAppends(m, scope.appends);
      await insertRows(m, EffectRun, scope.runs);
      await this.markDone(m, scope.done);
      return;
    }
    const combined = new CombinedWrite(m);
    for (const [entity, rows] of scope.later) await combined.insert(entity as never, rows as never);
    await combined.insert(EffectRun, scope.runs);
    combined.update(this.doneUpdate(scope.done));
    await this.writeAppends(m, scope.appends, combined);
  }

  /**
   * Writes appends inside the caller's transaction: the version-guarded update of every instance (a lost race throws
   * `ConcurrencyError`), their events, their new commands as outbox rows, the read-side projection and the `onEvents`
   * hook. On PostgreSQL all but the hook go into `combined` (with whatever the caller put there), executed here.
   */
  private async writeAppends(m: EntityManager, appends: readonly PendingAppend[], combined?: CombinedWrite): Promise<void> {
    const sink = new ProjectionSink(m);
    await sink.prefetchRosters(appends.filter((a) => rosterNeeded(a.events)).map((a) => a.row.orgId));
    for (const a of appends) await projectInto(sink, { instanceId: a.row.id, orgId: a.row.orgId, guidanceId: a.row.guidanceId }, a.events, { priorFacts: a.priorFacts });
    const byInstance = new Map(appends.map((a) => [a.row.id, a]));
    for (const task of sink.tasksOpened) byInstance.get(task.instanceId)?.tasks.push(task);
    const events = appends.flatMap((a) => eventRows(a.row.id, a.row.version, a.events, a.now));

    try {
      if (combined) {
        combined.update(this.headsUpdate(appends));
        await combined.insert(InstanceEvent, events);
        await combined.insert(
          OutboxEntry,
          appends.flatMap((a) => a.outbox),
          { tag: 'outbox', columns: ['id', 'instance_id', 'command_id'] },
        );
        await sink.flushInto(combined);
        const returned = await combined.execute();
        const updated = new Set((returned.get('heads') ?? []).map((r) => r['id']));
        const lost = appends.find((a) => !updated.has(a.row.id));
        if (lost) throw new ConcurrencyError(lost.row.id);
        // The new rows' ids, so that the runtime can relay them as soon as the transaction commits.
        const ids = new Map((returned.get('outbox') ?? []).map((r) => [`${String(r['instance_id'])}\u0000${String(r['command_id'])}`, Number(r['id'])]));
        for (const a of appends) for (const row of a.outbox) row.id = ids.get(`${row.instanceId}\u0000${row.commandId}`);
      } else {
        for (const a of appends) {
          const updated = await m.update(ProcedureInstance, { id: a.row.id, version: a.row.version }, { version: a.row.version + a.events.length, status: a.after.status, updatedAt: a.now, ...(a.snapshot ? { state: a.after } : {}) });
          if (updated.affected !== 1) throw new ConcurrencyError(a.row.id);
        }
        await insertRows(m, InstanceEvent, events);
        await insertRows(m, OutboxEntry, appends.flatMap((a) => a.outbox));
        await sink.flush();
      }
    } catch (error) {
      // Only a writer that passed the version guard may insert these sequence numbers: another process raced us.
      if (isUniqueViolation(error) && appends.length) throw new ConcurrencyError(appends[0]!.row.id);
      throw error;
    }
    for (const a of appends) {
      await this.options.onEvents?.(m, { instanceId: a.row.id, orgId: a.row.orgId, guidanceId: a.row.guidanceId, fromSeq: a.row.version + 1, events: a.events, recordedAt: a.now });
    }
  }

  /** PostgreSQL: the version-guarded update of every instance's head, returning the ids it updated. */
  private headsUpdate(appends: readonly PendingAppend[]): Parameters<CombinedWrite['update']>[0] {
    return {
      table: 'procedure_instances',
      columns: [
        { name: 'id', type: 'varchar' },
        { name: 'expected', type: 'int' },
        { name: 'version', type: 'int' },
        { name: 'status', type: 'varchar' },
        { name: 'updated_at', type: 'varchar' },
        { name: 'snapshot', type: 'boolean' },
        { name: 'state', type: 'text' },
      ],
      rows: appends.map((a) => [a.row.id, a.row.version, a.row.version + a.events.length, a.after.status, a.now, a.snapshot, a.snapshot ? JSON.stringify(a.after) : null]),
      set: 'version = v.version, status = v.status, updated_at = v.updated_at, state = CASE WHEN v.snapshot THEN v.state ELSE t.state END',
      where: 't.id = v.id AND t.version = v.expected',
      returning: { tag: 'heads', sql: 't.id' },
    };
  }

  /** PostgreSQL: marks outbox rows done, with their attempt counts. */
  private doneUpdate(rows: ReadonlyArray<{ id: number; attempts: number }>): Parameters<CombinedWrite['update']>[0] {
    const now = this.clock.now();
    return {
      table: 'outbox',
      columns: [
        { name: 'id', type: 'int' },
        { name: 'attempts', type: 'int' },
        { name: 'updated_at', type: 'varchar' },
      ],
      rows: rows.map(({ id, attempts }) => [id, attempts, now]),
      set: "status = 'done', updated_at = v.updated_at, attempts = v.attempts",
      where: 't.id = v.id',
    };
  }

  /** Marks outbox rows done (with their attempt counts). */
  private async markDone(m: EntityManager, rows: ReadonlyArray<{ id: number; attempts: number }>): Promise<void> {
    if (!rows.length) return;
    if (this.sqlite || rows.length === 1) {
      const now = this.clock.now();
      for (const { id, attempts } of rows) await m.update(OutboxEntry, { id }, { status: 'done', updatedAt: now, attempts });
      return;
    }
    await new CombinedWrite(m).update(this.doneUpdate(rows)).execute();
  }

  /** Forgets what this process knew of an instance when a write to it lost a race (another process moved it on). */
  private async guarded<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        this.states.delete(instanceId);
        this.heads.delete(instanceId);
      }
      throw error;
    }
  }

  /** After a commit: the new state and head are current; relay the new commands. */
  private remember(row: InstanceHead, after: InstanceState, { snapshot, outbox, tasks }: Appended): void {
    if (tasks.length) rememberTaskRows(this.options.dataSource.manager, tasks);
    this.states.set(row.id, after);
    this.heads.set(row.id, { ...row, version: after.version, status: after.status });
    // Only new outbox rows need relaying (the relay's timer retries what a failed relay left).
    if (!outbox.length) return;
    if (outbox.every((r) => r.id !== undefined)) this.relaySoon(outbox as OutboxEntry[]);
    else void this.kick();
  }

  /**
   * Relays rows just committed, without reading them back: those of writes committed at about the same moment go to
   * the queues together. What fails here is still pending, and the relay's timer takes it.
   */
  private relaySoon(rows: readonly OutboxEntry[]): void {
    const first = !this.toRelay.length;
    this.toRelay.push(...rows);
    if (!first) return;
    setImmediate(() => {
      const batch = this.toRelay.splice(0);
      if (this.closed || !batch.length) return;
      this.dispatch(batch, false).catch((error: unknown) => this.options.logger?.error?.('relay failed', error));
    });
  }

  /** Creates instances (idempotently: an existing id is skipped) with their start events, in one transaction. */
  private async create(items: NewInstance[]): Promise<void> {
    const made = await this.write((m) => this.createIn(m, items));
    this.rememberCreated(made);
  }

  private rememberCreated(made: Created): void {
    rememberTaskRows(this.options.dataSource.manager, made.tasks);
    for (const { head, state } of made) {
      this.states.set(head.id, state);
      this.heads.set(head.id, head);
    }
    this.kick();
  }

  /** Creates instances inside the caller's transaction; bulk inserts, so a fan-out batch costs a few statements. */
  private async createIn(m: EntityManager, items: NewInstance[]): Promise<Created> {
    const existing = new Set(
      (await m.find(ProcedureInstance, { select: { id: true }, where: { id: In(items.map((i) => i.instanceId)) } })).map((r) => r.id),
    );
    const sink = new ProjectionSink(m);
    const started = await startInstances(sink, this.registry, items, { now: this.clock.now(), existing });
    if (this.sqlite) {
      // SQLite limits the parameters of one statement: a few hundred rows per insert.
      for (let i = 0; i < started.instances.length; i += 200) await insertRows(m, ProcedureInstance, started.instances.slice(i, i + 200));
      for (let i = 0; i < started.events.length; i += 500) await insertRows(m, InstanceEvent, started.events.slice(i, i + 500));
      for (let i = 0; i < started.outbox.length; i += 500) await insertRows(m, OutboxEntry, started.outbox.slice(i, i + 500));
      await sink.flush();
    } else {
      // The instances, their events, outbox rows and read-side rows in as few statements as the parameter limit allows.
      const combined = new CombinedWrite(m);
      await combined.insert(ProcedureInstance, started.instances);
      await combined.insert(InstanceEvent, started.events);
      await combined.insert(OutboxEntry, started.outbox);
      await sink.flushInto(combined);
      await combined.execute();
    }
    for (const batch of started.appended) await this.options.onEvents?.(m, batch);
    return Object.assign(started.made, { tasks: [...sink.tasksOpened] });
  }

  // ---- relaying and processing ----------------------------------------------------------------------------------

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
        this.options.logger?.error?.('relay failed', error);
      } finally {
        this.relaying = undefined;
      }
    })();
    return this.relaying;
  }

  /** Moves outbox rows into their queues. On recovery also rows already dispatched by a process that died. */
  private async relay(recovering: boolean): Promise<void> {
    const manager = this.options.dataSource.manager;
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
      if (!queue || (row.type === 'start-timer' && this.clock.simulated)) {
        // Simulated time: the timers table is the schedule and `advanceTo` fires them.
        done.push(row.id);
        continue;
      }
      const delay = row.type === 'start-timer' ? Math.max(0, Date.parse(row.availableAt) - Date.parse(this.clock.now())) : 0;
      if (recovering) await this.queues.readd(queue, job, { delay });
      else batches.set(queue, [...(batches.get(queue) ?? []), { job, delay }]);
      dispatched.push(row.id);
    }
    for (const [queue, jobs] of batches) await this.queues.addMany(queue, jobs);
    const mark = async (m: EntityManager) => {
      const now = this.clock.now();
      if (dispatched.length) await m.update(OutboxEntry, { id: In(dispatched), status: 'pending' }, { status: 'dispatched', updatedAt: now });
      if (done.length) await m.update(OutboxEntry, { id: In(done) }, { status: 'done', updatedAt: now });
    };
    // One statement needs no transaction of its own on PostgreSQL (two round trips fewer); SQLite writes go through
    // the write lock.
    if (this.sqlite || (dispatched.length && done.length)) await this.write(mark);
    else await mark(this.options.dataSource.manager);
  }

  /**
   * Runs one job's command. The work marks the outbox row done inside the transaction of its last write (so a crash
   * cannot leave a done command looking undone, or the reverse); errors leave the row for BullMQ's retries.
   */
  private async processJob(
    job: Job<OutboxJob>,
    work: (command: ProcedureCommand, done: MarkDone, firstAttempt: boolean) => Promise<void>,
  ): Promise<void> {
    // A job on its first run, never stalled nor re-added after a restart, is for a row nobody has carried out: the relay
    // queued it while pending, and its id keeps a second copy out of the queue. It needs no read of the row. Any other
    // run reads the row first, and does nothing if it is done.
    const fresh = job.attemptsMade === 0 && !job.stalledCounter && !job.data.recovered && job.data.command !== undefined;
    const row = fresh ? { id: job.data.outboxId, attempts: 0, payload: job.data.command } : await this.outboxRows.load(job.data.outboxId);
    if (!row || ('status' in row && row.status === 'done')) return;
    const done: MarkDone = async (m, scope) => {
      if (scope) scope.markDone(row.id, row.attempts + 1);
      else await this.markDone(m, [{ id: row.id, attempts: row.attempts + 1 }]);
    };
    try {
      await work(row.payload as ProcedureCommand, done, row.attempts === 0 && job.attemptsMade === 0);
    } catch (error) {
      // After the last attempt the row is `failed`: visible (bull-board, the outbox), and no longer awaited by drain().
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.write((m) =>
        m.update(
          OutboxEntry,
          { id: row.id },
          { attempts: row.attempts + 1, lastError: String((error as Error).stack ?? error), updatedAt: this.clock.now(), ...(last ? { status: 'failed' as const } : {}) },
        ),
      );
      if (last) this.options.logger?.error?.(`Command ${job.data.commandId} of ${job.data.instanceId} failed for good: ${(error as Error).message}`);
      throw error;
    }
  }

  /**
   * Runs an effect and feeds its result back in ONE transaction: the effect's writes (a document and its number), its
   * `effect_runs` record, the instance's new events and the outbox row marked done commit together, so a crash or a
   * lost race rolls all of it back (the number is not consumed) and the retry starts clean.
   */
  private async runEffect(job: OutboxJob, command: ProcedureCommand, done: MarkDone, firstAttempt: boolean): Promise<void> {
    if (command.type !== 'run-effect') return this.write(done).then(() => undefined);
    const handler = this.effects.get(command.name);
    if (!handler) throw new Error(`No effect named "${command.name}"`);
    const effectId = command.id.slice('effect:'.length);
    // The effect's reads that need no transaction happen before it, so the shared transaction carries only writes.
    const prepared = handler.prepare
      ? await handler.prepare({ manager: this.options.dataSource.manager, at: this.clock.now(), instanceId: job.instanceId, idempotencyKey: command.idempotencyKey }, command.input)
      : undefined;
    await this.instanceLock.run(job.instanceId, async () => {
      for (let attempt = 0; ; attempt++) {
        const { row, state } = await this.loadForWrite(job.instanceId);
        try {
          const outcome = await this.guarded(row.id, () =>
            this.group.write(async (m, scope) => {
              const at = this.clock.now();
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
              const handled = handle(state, { type: 'complete-effect', at, effectId, result }, this.registry);
              await done(m, scope);
              if (!handled.ok || !handled.events.length) return undefined;
              return { after: handled.state, appended: scope.add(this.pendingAppend(row, state, handled.state, handled.events)) };
            }),
          );
          if (outcome) this.remember(row, outcome.after, outcome.appended);
          return;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= MAX_RETRIES) throw error;
        }
      }
    });
  }

  private async startChildren(job: OutboxJob, command: ProcedureCommand, done: MarkDone): Promise<void> {
    if (command.type !== 'start-children') return this.write(done).then(() => undefined);
    const manager = this.options.dataSource.manager;
    const parentRow = await manager.findOneOrFail(ProcedureInstance, { select: { id: true, guidanceId: true }, where: { id: job.instanceId } });
    const items = await prepareChildren(manager, this.registry, {
      procedure: command.procedure,
      children: command.children,
      ...(command.parent.guidance ? { guidance: command.parent.guidance } : {}),
      parentInstanceId: job.instanceId,
      guidanceId: parentRow.guidanceId,
      at: this.clock.now(),
    });
    await this.create(items);
    await this.sendInternal(job.instanceId, () => ({ type: 'children-started', at: this.clock.now(), batch: command.batch }), done);
  }

  private async deliverReport(job: OutboxJob, command: ProcedureCommand, done: MarkDone): Promise<void> {
    if (command.type !== 'notify-parent') return this.write(done).then(() => undefined);
    const seal = this.options.sealReport;
    // The sender's org unit, when this process knows its head (it never changes): spares the seal a look-up.
    const orgId = this.heads.get(job.instanceId)?.orgId;
    const report = seal ? await this.group.write((m) => seal(m, { instanceId: job.instanceId, ...(orgId ? { orgId } : {}) }, command.report)) : command.report;
    const delivered = await this.sendTogether(command.parent.instanceId, () => ({ type: 'child-report', at: this.clock.now(), child: command.parent.childKey, report }));
    if (delivered.rejected) this.options.logger?.warn?.(`Report of ${job.instanceId} refused by ${command.parent.instanceId}: ${delivered.rejected.message}`);
    const notificationId = command.id.slice('notify:'.length);
    await this.sendInternal(job.instanceId, () => ({ type: 'parent-notified', at: this.clock.now(), notificationId }), done);
  }

  private async fireTimerOf(job: OutboxJob, done: MarkDone): Promise<void> {
    await this.fireTimer(job.instanceId, job.commandId.slice('timer:'.length), done);
  }
}


/**
 * Marks a job's outbox row done inside the transaction of its last write: at once, or with the other rows of a group
 * commit when given its scope.
 */
type MarkDone = (manager: EntityManager, scope?: AppendScope) => Promise<unknown>;

/** An input waiting in an instance's inbox, and how to answer its sender. */
interface InboxItem {
  make: () => ProcedureInput;
  resolve: (outcome: { state: InstanceState; rejected?: RejectedError }) => void;
  reject: (error: unknown) => void;
}

/** An append waiting for the end of its transaction (see `writeAppends`). */
interface PendingAppend {
  row: InstanceHead;
  after: InstanceState;
  events: ProcedureEvent[];
  now: string;
  snapshot: boolean;
  /** The instance's facts before these events (the read side replaces only rows of facts it had). */
  priorFacts: Readonly<Record<string, unknown>>;
  /** The task rows its projection opens (filled when the appends are written). */
  tasks: TaskLocation[];
  outbox: Array<Partial<OutboxEntry>>;
}

/** The appends one transaction collects from its writes, written together at its end. */
class AppendScope {
  readonly appends: PendingAppend[] = [];
  /** Outbox rows whose command this transaction carries out. */
  readonly done: Array<{ id: number; attempts: number }> = [];
  /** Effect runs to record (their keys refuse a second run of the same effect). */
  readonly runs: EffectRun[] = [];
  /** Rows an effect issued (a document), inserted with the transaction's other writes, by entity. */
  readonly later = new Map<new () => object, object[]>();

  /** Adds an append; returns what it will do besides the events (the caller remembers it after the commit). */
  add(append: PendingAppend): Appended {
    this.appends.push(append);
    return { snapshot: append.snapshot, outbox: append.outbox, tasks: append.tasks };
  }

  markDone(id: number, attempts: number): void {
    this.done.push({ id, attempts });
  }

  recordRun(run: EffectRun): void {
    this.runs.push(run);
  }

  insertLater<T extends object>(entity: new () => T, row: T): void {
    const rows = this.later.get(entity) ?? [];
    rows.push(row);
    this.later.set(entity, rows);
  }
}
