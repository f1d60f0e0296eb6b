import {
  CoalescingLoader,
  insertRows,
  InstanceEvent,
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
  KeyedMutex,
  NotFoundError,
  outboxRows,
  prepareGuidance,
  prepareOrgInstance,
  ProjectionSink,
  RejectedError,
  snapshotDue,
  sqliteWriteLock,
  startInstances,
  stateFrom,
  type AppendedEvents,
  type Clock,
  type EffectHandler,
  type HostHooks,
  type InstanceHead,
  type OrgInstanceInput,
  type IssueGuidanceInput,
  type NewInstance,
} from '@chibo/host';
import {
  handle,
  handleAll,
  newCommands,
  type Actor,
  type InstanceState,
  type ProcedureEvent,
  type ProcedureInput,
  type StepRegistry,
} from '@chibo/procedure';
import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import { LRUCache } from 'lru-cache';
import { DEFAULT_EFFECTS } from './effects';
import { GroupCommit } from './group-commit';
import { AppendScope, type Appended, type MarkDone, type PendingAppend } from './append-scope';
import { AppendWriter } from './append-writer';
import { JobProcessors, type RuntimeInternals } from './job-processors';
import { OutboxRelay } from './outbox-relay';
import { BullmqQueueDriver, type QueueDriver } from './queues';

export interface EmbeddedRuntimeOptions extends HostHooks {
  dataSource: DataSource;
  registry: StepRegistry;
  clock: Clock;
  redisUrl: string;
  /** Redis key prefix: separates installations (and test runs) sharing one Redis. */
  queuePrefix?: string;
  /** The queues to use instead of BullMQ on `redisUrl` (another broker behind the same interface). */
  queues?: QueueDriver;
  effects?: readonly EffectHandler[];
  /** Run the workers in this process (default true). A process may also only accept requests and relay. */
  workers?: boolean;
  /**
   * Group commit (PostgreSQL): how many writes one transaction may carry and how many such transactions may be open at
   * once. Default 32 and 1 (measured: one at a time makes larger batches, less CPU per write and a lower p99 than
   * two or three); SQLite always writes one at a time.
   */
  groupCommit?: { maxBatch?: number; maxInFlight?: number };
  /** Outbox lease in ms: a dispatched row no job completed within it is re-queued while running (default 30 s). */
  outboxLeaseMs?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
}

export type { AppendedEvents, IssueGuidanceInput };

const MAX_RETRIES = 50;

/**
 * The states cache's bound: at most 20,000 states, and at most this many bytes by {@link estimatedStateBytes}. The
 * count alone let a cache of large states (committees' guidance with thousands of children) hold any amount; a cell's
 * state is estimated at a few KiB, so 20,000 cells' states still fit (ADR 0025, "Memory, twelfth session").
 */
const STATE_CACHE_ENTRIES = 20_000;
const STATE_CACHE_BYTES = 160 * 2 ** 20;

/**
 * A cheap estimate of the heap an instance state takes, in bytes, without walking it: a base for its definition,
 * context and step states, and a share per event folded into it (each event adds a task, a timer, a fact or a child
 * and its report). Its version is its event count. Measured at 40,000 cascade cells (ADR 0025): 20,000 cached states
 * with their heads held 127 MB of live heap; this estimated the states at 115 MB.
 */
export function estimatedStateBytes(state: Pick<InstanceState, 'version'>): number {
  return 2048 + 256 * Math.max(0, state.version);
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
  /** Recently used instance states (immutable objects), keyed by id; valid only while their version is current. */
  private readonly states = new LRUCache<string, InstanceState>({ max: STATE_CACHE_ENTRIES, maxSize: STATE_CACHE_BYTES, sizeCalculation: estimatedStateBytes });
  private readonly heads = new LRUCache<string, InstanceHead>({ max: 20_000 });
  private readonly group: GroupCommit<AppendScope>;
  private readonly writer: AppendWriter;
  private readonly relay: OutboxRelay;
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
      finish: (m, scope) => this.writer.finish(m, scope),
      maxBatch: this.sqlite ? 1 : (options.groupCommit?.maxBatch ?? 32),
      maxInFlight: this.sqlite ? 1 : (options.groupCommit?.maxInFlight ?? 1),
    });
    this.effects = new Map((options.effects ?? DEFAULT_EFFECTS).map((e) => [e.name, e]));
    this.queues = options.queues ?? new BullmqQueueDriver(options.redisUrl, options.queuePrefix ?? 'chibo');
    this.writer = new AppendWriter(this.sqlite, { now: () => this.clock.now(), ...(options.onEvents ? { onEvents: options.onEvents } : {}) });
    this.relay = new OutboxRelay({
      dataSource: options.dataSource,
      sqlite: this.sqlite,
      clock: options.clock,
      queues: this.queues,
      write: (work) => this.write(work),
      ...(options.outboxLeaseMs !== undefined ? { leaseMs: options.outboxLeaseMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** What the job processors use of this runtime. */
  private internals(): RuntimeInternals {
    return {
      dataSource: this.options.dataSource,
      registry: this.registry,
      clock: this.clock,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      ...(this.options.sealReport ? { sealReport: this.options.sealReport } : {}),
      effect: (name) => this.effects.get(name),
      orgOf: (id) => this.heads.get(id)?.orgId,
      outboxRow: (id) => this.outboxRows.load(id),
      write: (work) => this.write(work),
      group: this.group,
      instanceLock: this.instanceLock,
      loadForWrite: (id) => this.loadForWrite(id),
      guarded: (id, work) => this.guarded(id, work),
      pendingAppend: (row, before, after, events) => this.pendingAppend(row, before, after, events),
      remember: (row, after, appended) => this.remember(row, after, appended),
      markDone: (m, rows) => this.writer.markDone(m, rows),
      create: (items) => this.create(items),
      sendInternal: (id, make, also) => this.sendInternal(id, make, also),
      sendTogether: (id, make) => this.sendTogether(id, make),
      fireTimer: (id, timer, also) => this.fireTimer(id, timer, also),
    };
  }

  /** How full the in-process caches are (entries; for the states, also their estimated size), for measurements. */
  cacheStats(): { states: number; statesSize: number; heads: number; inboxes: number } {
    return { states: this.states.size, statesSize: this.states.calculatedSize ?? 0, heads: this.heads.size, inboxes: this.inboxes.size };
  }

  /** Forgets every cached state and head (the next use of each reloads it), to measure what the caches hold. */
  forgetCaches(): void {
    this.states.clear();
    this.heads.clear();
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get registry(): StepRegistry {
    return this.options.registry;
  }

  /** Starts the workers and relays whatever a previous process left undone. */
  async start(): Promise<void> {
    if (this.options.workers !== false) new JobProcessors(this.internals()).register(this.queues);
    await this.relay.start();
  }

  async close(): Promise<void> {
    await this.relay.close();
    await this.queues.close();
  }

  /** Asks the relay to run soon; concurrent asks coalesce into one more pass. */
  kick(): Promise<void> {
    return this.relay.kick();
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

  /**
   * Starts an instance an org unit runs for itself (a cell's year): its context and the plugin definition, in one
   * transaction with its first events and commands.
   */
  async startOrgInstance(input: OrgInstanceInput): Promise<{ instanceId: string }> {
    const at = this.clock.now();
    const made = await this.write(async (m) => {
      const prepared = await prepareOrgInstance(m, this.registry, input, at);
      return this.createIn(m, [{ instanceId: prepared.instanceId, orgId: prepared.orgId, guidanceId: null, parent: null, input: prepared.start }]);
    });
    this.rememberCreated(made);
    return { instanceId: input.instanceId };
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
    if (!row) throw new NotFoundError(`Không tìm thấy quy trình ${instanceId}`, { rule: 'instance-not-found', params: { instance: instanceId } });
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
  private remember(row: InstanceHead, after: InstanceState, { outbox, tasks }: Appended): void {
    if (tasks.length) rememberTaskRows(this.options.dataSource.manager, tasks);
    this.states.set(row.id, after);
    this.heads.set(row.id, { ...row, version: after.version, status: after.status });
    // Only new outbox rows need relaying (the relay's timer retries what a failed relay left).
    if (!outbox.length) return;
    if (outbox.every((r) => r.id !== undefined)) this.relay.relaySoon(outbox as OutboxEntry[]);
    else void this.kick();
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

}
/** An input waiting in an instance's inbox, and how to answer its sender. */
interface InboxItem {
  make: () => ProcedureInput;
  resolve: (outcome: { state: InstanceState; rejected?: RejectedError }) => void;
  reject: (error: unknown) => void;
}

