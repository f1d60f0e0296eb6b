import { createRegistry } from '@chibo/catalog';
import {
  decide,
  EMPTY_STATE,
  handle,
  handleAll,
  newCommands,
  openTasks,
  type HandleResult,
  type InstanceState,
  type ProcedureCommand,
  type ProcedureEvent,
  type ProcedureInput,
  type Rejection,
  type StepRegistry,
} from '@chibo/procedure';
import { ApplicationFailure, ContinueAsNew, TemporalFailure } from '@temporalio/workflow';
import type { SearchAttributePair, SignalDefinition } from '@temporalio/common';
import { doneBy, OUTBOUND, planCommand, RECORDED, type TemporalAction } from './command-plan';
import { MAX_EVENTS_PER_PROJECTION, nextProjectionSlice, PROJECTION_LIMITS, PROJECTION_LIMITS_UNDER_WARNING, type QueuedProjection } from './projection-slices';
import { CARRIED_REPORTS_LIMIT, CONTINUE_AS_NEW, INLINE_STATE_LIMIT, REPORT_PAGE_UNITS, type ContinueAsNewLimits, shouldContinueAsNew, shouldContinueAsNewBySize, START_CHUNK, STATE_CHUNK_UNDER_WARNING } from './continue-as-new';
import {
  REJECTED_FAILURE_TYPE,
  type ChildReportArgs,
  type HostSettings,
  type InstanceTarget,
  type OutboxRef,
  type ProcedureWorkflowInput,
  type ProcedureWorkflowResult,
  type SubmitArgs,
  type SubmitResult,
} from './contract';
import { childReportSignal, fireTimerUpdate, openTasksQuery, progressQuery, reportsWaitingSignal, settleUpdate, stateQuery, submitUpdate } from './messages';
import { PATCHES } from './patches';
import { guidanceKey, SEARCH_ATTRIBUTES } from './search-attributes';
import type { WorkflowApi } from './workflow-api';

/** The ApplicationFailure a refused input becomes: the caller of the update gets the core's rejection as its detail. */
export function rejectionFailure(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({ type: REJECTED_FAILURE_TYPE, message: rejection.message, details: [rejection], nonRetryable: true });
}

/** The failure type of a workflow that met an error of its own (not a refused input, not an activity's failure). */
export const WORKFLOW_ERROR_FAILURE_TYPE = 'ChiboWorkflowError';

/**
 * What an error becomes when it leaves workflow code or an Update handler. Temporal fails the workflow (or the
 * Update) only for its own failures; any other error fails the workflow *task*, which the server retries forever, so
 * the instance would hang instead of failing. A continue-as-new passes through.
 */
export function asWorkflowFailure(error: unknown): unknown {
  if (error instanceof TemporalFailure || error instanceof ContinueAsNew) return error;
  if (error instanceof Error && error.name === 'ContinueAsNewCalled') return error;
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.create({ type: WORKFLOW_ERROR_FAILURE_TYPE, message, nonRetryable: true, ...(error instanceof Error ? { cause: error } : {}) });
}

/** How a failure reads in an instance's reason: the innermost cause's message (an activity's own error). */
function causeOf(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as { message?: string; cause?: unknown };
  return current?.message ?? String(error);
}

/** How a history recorded before PATCHES.projectionSlicesInBytes sliced projections: 200 events, the rest with the first. */
function legacySlice(queued: QueuedProjection): { slice: QueuedProjection; rest: QueuedProjection | undefined } {
  const events = queued.events.slice(0, MAX_EVENTS_PER_PROJECTION);
  const rest = queued.events.slice(events.length);
  return { slice: { ...queued, events }, rest: rest.length ? { fromSeq: queued.fromSeq + events.length, events: rest, commands: [], done: [] } : undefined };
}

/**
 * The generic procedure workflow (the DSL-interpreter pattern): it holds one instance's state and interprets its
 * procedure definition with the pure core. Every input — the start, a submission (Update), a child's report (Signal),
 * a timer, an effect's result — goes through `handle`; the new events are projected into the read side by an
 * activity, in order; the new commands are mapped to Temporal (planCommand): effects become activities with their
 * idempotency key, deadlines durable timers, fan-out batches child workflows, reports to the parent signals. An
 * outbound command is dispatched only once the events that decided it are in the read side, as the embedded runtime's
 * outbox relays only committed rows. The run ends when the instance has ended and nothing outbound is left, and
 * continues as new before its history grows large.
 *
 * All Temporal calls go through the WorkflowApi port, so this class runs unchanged against the test double.
 */
export class ProcedureInterpreter {
  private state: InstanceState = EMPTY_STATE;
  private ready = false;
  /** Simulated clock only: the latest instant this instance was given. */
  private simulatedNow: string;
  private queuedVersion = 0;
  private projectedVersion = 0;
  private pending: QueuedProjection | undefined;
  private slicedInBytes: boolean | undefined;
  private flushing = false;
  private inFlight = 0;
  private failure: unknown;
  /** Outbound commands given up for good (see giveUp): not awaited before the run ends. */
  private readonly abandoned = new Set<string>();
  private startLength = 0;
  /** Where the run's own progress is counted from (PATCHES.rotateBySize): its history once its state was loaded. */
  private loaded = { length: 0, size: 0 };
  private rotateBySize: boolean | undefined;
  /** The run is ending (continue-as-new decided): child reports now go to the next run (PATCHES.carryReportsOnRotation). */
  private rotating = false;
  private readonly carried: ChildReportArgs[] = [];
  private carriedUnits = 0;
  /** Reports delivered in this activation, handled together at its end (PATCHES.batchChildReports). */
  private readonly reportInbox: ChildReportArgs[] = [];
  private batchingReports: boolean | undefined;
  /** Signals this run has received, and whether their number now ends it (PATCHES.rotateOnSignalCount). */
  private signalsReceived = 0;
  private signalsEndRun = false;
  /** Whether a report refused for the parent's signal limit is sent again (PATCHES.retrySignalLimit). */
  private retryingSignals: boolean | undefined;
  /**
   * Reports go through the read side (PATCHES.reportsViaInbox): this run posts its own and takes its children's. Asked
   * where it is first needed (see `viaInbox`), like every patch of this run: each patch a run asks records a marker and
   * a search-attribute upsert in its history, and a visibility write on the server.
   */
  private inbox: boolean | undefined;
  /** Projections are sliced under Temporal's 512 KiB warning (PATCHES.payloadsUnderWarning); asked at the first one. */
  private underWarning: boolean | undefined;
  /** Taking reports: a page is being taken, another is asked for, how many pages this run took, whether it was woken. */
  private taking = false;
  private takeAgain = false;
  private pagesTaken = 0;
  private woken = false;
  private readonly host: HostSettings;
  private readonly target: InstanceTarget;
  private readonly runNumber: number;

  constructor(
    private readonly input: ProcedureWorkflowInput,
    private readonly api: WorkflowApi,
    private readonly registry: StepRegistry = createRegistry(),
    /** When a run ends (tests lower them). */
    private readonly limits: ContinueAsNewLimits = CONTINUE_AS_NEW,
  ) {
    this.host = input.host;
    this.target = input.target;
    this.runNumber = input.kind === 'resume' ? (input.run ?? 0) : 0;
    this.simulatedNow = input.kind === 'start' ? input.start.at : input.kind === 'stored-start' ? input.at : (input.now ?? input.state?.updatedAt ?? '');
  }

  async run(): Promise<ProcedureWorkflowResult> {
    try {
      return await this.execute();
    } catch (error) {
      throw asWorkflowFailure(error);
    }
  }

  private async execute(): Promise<ProcedureWorkflowResult> {
    // No patch is asked here: each one asked is a marker and a search-attribute upsert (a visibility write on the
    // server) in the history, and a guidance starts thousands of cells whose first run only waits for a submission.
    // Each patch is asked where it is first needed, at the same point on replay.
    this.registerHandlers();
    this.startLength = this.api.info().historyLength;
    if (this.input.kind === 'start' || this.input.kind === 'stored-start') {
      const start = this.input.kind === 'start' ? this.input.start : await this.loadStart();
      const result = this.apply(start);
      if (!result.ok) throw rejectionFailure(result.rejection);
    } else {
      const state = this.input.state ?? (await this.loadState(this.input.version));
      if (state.version !== this.input.version) throw new Error(`State of ${this.target.instanceId} is at version ${state.version}, expected ${this.input.version}`);
      this.state = state;
      this.queuedVersion = this.projectedVersion = state.version;
      this.observe(state.updatedAt);
      // Nothing of a previous run is in flight any more: carry out every outstanding command again (effects are
      // idempotent by key; timers are re-armed at their instant).
      for (const command of decide(state)) this.dispatch(command, state.version);
      // Reports the previous run carried over, before any that arrive at this one.
      const carried = this.input.reports ?? [];
      if (carried.length && this.batchReports()) this.recordReports(carried);
      else for (const report of carried) this.recordReport(report);
    }
    this.ready = true;
    const loaded = this.api.info();
    this.loaded = { length: loaded.historyLength, size: loaded.historySize };
    // Reports that waited while the previous run ended (it no longer took them, and their posts woke nobody).
    if (this.input.kind === 'resume' && hasChildren(this.state) && this.viaInbox()) this.takeReports();
    for (;;) {
      await this.api.condition(() => this.failure !== undefined || this.ended() || this.shouldRotate());
      this.rethrow();
      const ending = this.ended();
      // From here a report is carried to the next run rather than handled: handled, each would start a projection,
      // and a steady stream of them would keep this run from ever becoming idle.
      if (!ending && !this.rotating) this.rotating = this.api.patched(PATCHES.carryReportsOnRotation);
      // Let updates, signals, projections and outbound work finish: a run must not end under them.
      await this.api.condition(() => this.failure !== undefined || (this.idle() && this.api.allHandlersFinished()));
      this.rethrow();
      if (ending) {
        if (!this.ended()) continue;
        // Reports posted before the end reached the read side wait for this run: take them (the core refuses them,
        // which closes their senders' commands); a post after it finds the instance ended and closes its own.
        if (((hasChildren(this.state) && this.viaInbox()) || this.woken) && (await this.takeLastReports())) continue;
        return this.summary();
      }
      return this.api.continueAsNew(this.nextRunInput());
    }
  }

  // ---- inputs ---------------------------------------------------------------------------------------------------

  private registerHandlers(): void {
    this.api.onQuery(stateQuery, () => this.state);
    this.api.onQuery(openTasksQuery, () => openTasks(this.state));
    this.api.onQuery(progressQuery, () => ({
      instanceId: this.target.instanceId,
      status: this.state.status,
      version: this.state.version,
      projectedVersion: this.projectedVersion,
      inFlight: this.inFlight,
      run: this.runNumber,
    }));
    this.api.onUpdate(
      submitUpdate,
      (args) =>
        guarded(async () => {
          await this.whenReady();
          this.observe(args.at);
          const result = this.apply(this.submitInput(args));
          if (!result.ok) throw rejectionFailure(result.rejection);
          await this.projectedThrough(this.state.version);
          return this.summary();
        }),
      (args) => {
        // Until a resumed run has loaded its state, the handler validates (a rejection is then a failed update).
        if (!this.ready) return;
        const result = handle(this.state, this.submitInput(args), this.registry);
        if (!result.ok) throw rejectionFailure(result.rejection);
        // (A step's own error does not throw here: the core fails the instance with it, in the handler.)
      },
    );
    this.api.onUpdate(
      fireTimerUpdate,
      ({ timerId, at }) =>
        guarded(async () => {
          await this.whenReady();
          this.observe(at);
          this.apply({ type: 'fire-timer', at: this.now(), timerId });
          await this.projectedThrough(this.state.version);
          return this.summary();
        }),
      () => {
        if (this.host.clock !== 'simulated') {
          throw ApplicationFailure.create({ type: 'ChiboClockNotSimulated', message: 'Timers fire on their own under the system clock', nonRetryable: true });
        }
      },
    );
    this.api.onUpdate(settleUpdate, () =>
      guarded(async () => {
        await this.whenReady();
        await this.api.condition(() => this.failure !== undefined || (!this.pending && !this.flushing));
        this.rethrow();
        return this.summary();
      }),
    );
    this.api.onSignal(reportsWaitingSignal, () => {
      this.countSignal();
      this.woken = true;
      // A run that is ending leaves them to the next run, which takes what waits when it starts.
      if (!this.rotating) this.takeReports();
    });
    this.api.onSignal(childReportSignal, (args) => {
      this.countSignal();
      if (this.rotating && this.carry(args)) return;
      if (!this.batchReports()) {
        if (this.ready) this.recordReport(args);
        else void this.whenReady().then(() => this.recordReport(args));
        return;
      }
      // The first report of an activation schedules one handling of all of them, after the activation's other
      // deliveries (a microtask runs before the activation completes, in the same order on replay).
      this.reportInbox.push(args);
      if (this.reportInbox.length > 1) return;
      void (this.ready ? Promise.resolve() : this.whenReady()).then(() => this.recordReports(this.reportInbox.splice(0)));
    });
  }

  /** Whether reports go through the read side (PATCHES.reportsViaInbox), asked the first time a run needs to know. */
  private viaInbox(): boolean {
    return (this.inbox ??= this.api.patched(PATCHES.reportsViaInbox));
  }

  /** Counts a signal; at the one that reaches the run's limit, asks whether that ends the run (where a replay asks). */
  private countSignal(): void {
    if (++this.signalsReceived === (this.host.maxSignalsPerRun ?? this.limits.maxSignalsPerRun)) this.signalsEndRun = this.api.patched(PATCHES.rotateOnSignalCount);
  }

  /**
   * Takes the reports waiting in the read side, page after page, until none waits or the run starts to end; each page
   * is handled as one batch and projected before the next is taken. Asked again while a page is being taken, it takes
   * one more page after it. Counted as work in flight, so the run does not end under it.
   */
  private takeReports(): void {
    this.takeAgain = true;
    if (this.taking) return;
    this.taking = true;
    this.inFlight++;
    void (async () => {
      try {
        await this.whenReady();
        while (this.takeAgain && !this.rotating && this.failure === undefined) {
          this.takeAgain = false;
          if ((await this.takePage()).more) this.takeAgain = true;
        }
      } catch (error) {
        this.failure ??= error;
      } finally {
        this.taking = false;
        this.inFlight--;
      }
    })();
  }

  /** Takes every report still waiting for an ended instance; true when there was one (handle it, then look again). */
  private async takeLastReports(): Promise<boolean> {
    let took = false;
    for (let more = true; more; ) {
      const page = await this.takePage();
      took ||= page.reports.length > 0;
      more = page.more;
    }
    return took;
  }

  private async takePage(): Promise<{ reports: readonly ChildReportArgs[]; more: boolean }> {
    const page = await this.api.activities.takeReports({ instanceId: this.target.instanceId, page: `${this.api.info().runId}:${++this.pagesTaken}`, maxUnits: REPORT_PAGE_UNITS });
    if (page.reports.length) {
      this.recordReports(page.reports);
      await this.projectedThrough(this.state.version);
    }
    return page;
  }

  /** Whether projections are bounded in bytes (asked once per run, at the first projection, where replay asks it too). */
  private slicingProjections(): boolean {
    this.slicedInBytes ??= this.api.patched(PATCHES.projectionSlicesInBytes);
    return this.slicedInBytes;
  }

  /** Whether reports are handled in batches (asked once per run, at the first report, where replay asks it too). */
  private batchReports(): boolean {
    this.batchingReports ??= this.api.patched(PATCHES.batchChildReports);
    return this.batchingReports;
  }

  /** Handles several child reports as `recordReport` handles each in turn, with the state's maps copied once. */
  private recordReports(batch: readonly ChildReportArgs[]): void {
    if (batch.length <= 1) {
      for (const args of batch) this.recordReport(args);
      return;
    }
    const inputs: ProcedureInput[] = batch.map((args) => {
      this.observe(args.at);
      return { type: 'child-report', at: this.now(), child: args.child, report: args.report };
    });
    const before = this.state;
    const { results, state } = handleAll(before, inputs, this.registry);
    const events = results.flatMap((r) => (r.ok ? r.events : []));
    results.forEach((r, i) => {
      if (!r.ok) this.api.log.warn('child report refused', { child: batch[i]!.child, reason: r.rejection.message });
    });
    this.state = state;
    const fresh = newCommands(before, state);
    // Every report's command has the parent's half closed in the projection that records the batch (refused ones too).
    this.enqueue(
      events,
      fresh.filter((c) => RECORDED.has(c.type)),
      [...doneBy(this.target.instanceId, events), ...batch.map((args) => takenHalf(args.from))],
    );
    for (const command of fresh) this.dispatch(command, state.version);
    if (state.status !== before.status) this.upsertStatus();
  }

  private recordReport(args: ChildReportArgs): void {
    this.observe(args.at);
    // The parent's half of the child's report command is closed in the projection that records (or refuses) the report.
    const result = this.apply({ type: 'child-report', at: this.now(), child: args.child, report: args.report }, [takenHalf(args.from)]);
    if (!result.ok) this.api.log.warn('child report refused', { child: args.child, reason: result.rejection.message });
  }

  /** Keeps a report for the next run, unless the next run's input would grow past CARRIED_REPORTS_LIMIT. */
  private carry(args: ChildReportArgs): boolean {
    const units = JSON.stringify(args).length;
    if (this.carriedUnits + units > CARRIED_REPORTS_LIMIT) return false;
    this.carried.push(args);
    this.carriedUnits += units;
    return true;
  }

  private submitInput(args: SubmitArgs): ProcedureInput {
    const at = this.host.clock === 'simulated' ? later(this.simulatedNow, args.at) : this.now();
    return { type: 'submit', at, taskId: args.taskId, by: args.by, input: args.input };
  }

  /**
   * Handles one input with the core: on success the state moves on, the events (and the commands they decided, and
   * the commands they closed) are queued for projection, and the new commands are carried out.
   */
  private apply(input: ProcedureInput, closes: OutboxRef[] = []): HandleResult {
    const before = this.state;
    const result = handle(before, input, this.registry);
    if (!result.ok) {
      this.enqueue([], [], closes);
      return result;
    }
    this.state = result.state;
    const fresh = newCommands(before, result.state);
    this.enqueue(
      result.events,
      fresh.filter((c) => RECORDED.has(c.type)),
      [...doneBy(this.target.instanceId, result.events), ...closes],
    );
    for (const command of fresh) this.dispatch(command, result.state.version);
    if (result.state.status !== before.status) this.upsertStatus();
    return result;
  }

  // ---- commands -------------------------------------------------------------------------------------------------

  private dispatch(command: ProcedureCommand, version: number): void {
    const action = planCommand(command, { instanceId: this.target.instanceId, host: this.host, guidanceId: this.target.guidanceId });
    switch (action.kind) {
      case 'none':
        return;
      case 'timer':
        return this.arm(action);
      case 'activity':
        return this.background(version, async () => {
          let result: Record<string, unknown>;
          try {
            result = await this.api.activities.runEffect({ ...action.args, at: this.now() });
          } catch (error) {
            // Non-retryable, or out of retries: the instance fails visibly with the reason (the guidance goes on).
            return this.giveUp(command.id, `Tác vụ tự động "${action.args.name}" không thực hiện được: ${causeOf(error)}`);
          }
          this.apply({ type: 'complete-effect', at: this.now(), effectId: action.effectId, result });
        });
      case 'child-workflow':
        return this.background(version, async () => {
          try {
            await this.api.executeChild(action.workflowType, {
              workflowId: action.workflowId,
              taskQueue: this.host.taskQueue,
              args: [{ ...action.input, at: this.now() }],
              ...this.searchAttributesOf({ guidance: action.input.guidance }),
            });
          } catch (error) {
            return this.giveUp(command.id, `Không khởi tạo được đợt "${action.batch}" của các chi bộ: ${causeOf(error)}`);
          }
          this.apply({ type: 'children-started', at: this.now(), batch: action.batch });
        });
      case 'signal':
        return this.background(version, async () => {
          const report = await this.api.activities.sealReport({ instanceId: this.target.instanceId, report: action.args.report });
          if (this.viaInbox()) return this.postReport(action, { ...action.args, report, at: this.now() });
          // A history recorded before PATCHES.retrySignalLimit gave up at the first refusal for the signal limit.
          const error = await this.signalParent(action.workflowId, () => (this.retryingSignals ??= this.api.patched(PATCHES.retrySignalLimit)), childReportSignal, {
            ...action.args,
            report,
            at: this.now(),
          });
          if (error === undefined) {
            // The child's half: the command stays open until the parent has projected the report too.
            this.apply({ type: 'parent-notified', at: this.now(), notificationId: action.notificationId }, [{ ...action.args.from, half: 'notified' }]);
            return;
          }
          // The parent has ended (or never existed): as in the embedded runtime, the report is delivered to an
          // instance that no longer takes it. Nobody else will close the command, so this instance does.
          this.api.log.warn('parent did not take the report', { parent: action.workflowId, error: String(error) });
          this.apply({ type: 'parent-notified', at: this.now(), notificationId: action.notificationId }, [action.args.from]);
        });
    }
  }

  /**
   * Sends a report through the read side (PATCHES.reportsViaInbox): posts it, and wakes the parent when nothing else
   * was waiting for it. A parent that has ended takes no report, so this instance closes its own command, as when a
   * signal finds the parent closed.
   */
  private async postReport(action: Extract<TemporalAction, { kind: 'signal' }>, args: ChildReportArgs): Promise<void> {
    const posted = await this.api.activities.postReport({ parentInstanceId: action.parentInstanceId, args });
    // The child's half of its report command; the parent closes the other half when it takes the report.
    let closes: OutboxRef[] = [{ ...args.from, half: 'notified' }];
    if (posted.parentEnded) {
      this.api.log.warn('parent did not take the report', { parent: action.workflowId, error: 'the parent has ended' });
      closes = [args.from];
    } else if (posted.wake) {
      const error = await this.signalParent(action.workflowId, () => true, reportsWaitingSignal);
      if (error !== undefined) {
        // Closed since the post: its last take took the report, unless it was terminated; closing twice is harmless.
        this.api.log.warn('parent did not take the report', { parent: action.workflowId, error: String(error) });
        closes = [args.from];
      }
    }
    this.apply({ type: 'parent-notified', at: this.now(), notificationId: action.notificationId }, closes);
  }

  /**
   * Signals the parent. While its run refuses for the signal limit (it has taken all the signals the server allows a
   * run, is about to continue as new, and its next run takes them) and `retry()` allows it, waits and sends again, 5 s
   * doubling to a minute. Resolves to nothing once the signal is taken, or to the error that ended the attempts.
   */
  private async signalParent<Args extends unknown[]>(workflowId: string, retry: () => boolean, def: SignalDefinition<Args>, ...args: Args): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.api.signal(workflowId, def, ...args);
        return undefined;
      } catch (error) {
        if (!isSignalLimitError(error) || !retry()) return error;
        this.api.log.warn('parent refused the signal for its signal limit; sending again', { parent: workflowId, attempt });
        await this.api.condition(() => false, signalRetryDelayMs(attempt));
      }
    }
  }

  /**
   * Outbound work that cannot be done, for good: the instance fails with the reason (the core's `fail` input, recorded
   * and projected like any other), and the command is closed in the read side and no longer awaited by this run.
   */
  private giveUp(commandId: string, reason: string): void {
    this.abandoned.add(commandId);
    this.api.log.warn('outbound work given up', { instanceId: this.target.instanceId, commandId, reason });
    this.apply({ type: 'fail', at: this.now(), reason }, [{ instanceId: this.target.instanceId, commandId }]);
  }

  /** A timer: under the system clock a durable timer (cancelled when the core cancels it); simulated: the host fires it. */
  private arm(action: Extract<TemporalAction, { kind: 'timer' }>): void {
    if (this.host.clock === 'simulated') return;
    const scheduled = () => this.state.status === 'running' && this.state.timers[action.timerId]?.status === 'scheduled';
    void (async () => {
      const delay = Date.parse(action.fireAt) - this.api.now();
      if (delay > 0) {
        if (await this.api.condition(() => !scheduled(), delay)) return;
      } else {
        // Already due (a run resumed after its instant): fire after the input that armed it has been handled.
        await Promise.resolve();
      }
      if (scheduled()) this.apply({ type: 'fire-timer', at: this.now(), timerId: action.timerId });
    })().catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Outbound work: starts once the events that decided it are in the read side; counted until it is done. */
  private background(version: number, work: () => Promise<void>): void {
    this.inFlight++;
    void (async () => {
      try {
        await this.projectedThrough(version);
        await work();
      } catch (error) {
        this.failure ??= error;
      } finally {
        this.inFlight--;
      }
    })();
  }

  // ---- projection -----------------------------------------------------------------------------------------------

  private enqueue(events: ProcedureEvent[], commands: ProcedureCommand[], done: OutboxRef[]): void {
    if (!events.length && !commands.length && !done.length) return;
    const pending = (this.pending ??= { fromSeq: this.queuedVersion + 1, events: [], commands: [], done: [] });
    pending.events.push(...events);
    pending.commands.push(...commands);
    pending.done.push(...done);
    this.queuedVersion += events.length;
    if (!this.flushing) void this.flush();
  }

  /** Projects queued events in order, one activity at a time; what queues up meanwhile goes in the next call. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending) {
        // Bounded in events and in bytes (see nextProjectionSlice for the order things go in).
        const { slice, rest } = this.slicingProjections() ? nextProjectionSlice(this.pending, (this.underWarning ??= this.api.patched(PATCHES.payloadsUnderWarning)) ? PROJECTION_LIMITS_UNDER_WARNING : PROJECTION_LIMITS) : legacySlice(this.pending);
        this.pending = rest;
        await this.api.activities.project({ target: this.target, fromSeq: slice.fromSeq, ...this.withoutStoredContext(slice.fromSeq, slice.events), commands: slice.commands, done: slice.done, at: this.now() });
        if (slice.events.length) this.projectedVersion = slice.fromSeq + slice.events.length - 1;
      }
    } catch (error) {
      this.failure ??= error;
    } finally {
      this.flushing = false;
    }
  }

  /** A stored start's first event goes to the read side without its context, which the activity has (see ProjectArgs). */
  private withoutStoredContext(fromSeq: number, events: ProcedureEvent[]): { events: ProcedureEvent[]; contextFromStoredStart?: true } {
    const [first, ...rest] = events;
    if (this.input.kind !== 'stored-start' || fromSeq !== 1 || first?.type !== 'instance-started') return { events };
    return { events: [{ ...first, context: {} as typeof first.context }, ...rest], contextFromStoredStart: true };
  }

  private async projectedThrough(version: number): Promise<void> {
    await this.api.condition(() => this.failure !== undefined || this.projectedVersion >= version);
    this.rethrow();
  }

  // ---- run lifecycle --------------------------------------------------------------------------------------------

  /** The instance has ended and nothing outbound (effects, batches, reports) is left to carry out. */
  private ended(): boolean {
    return this.ready && this.state.status !== 'running' && !decide(this.state).some((c) => OUTBOUND.has(c.type) && !this.abandoned.has(c.id));
  }

  private idle(): boolean {
    return !this.flushing && !this.pending && this.inFlight === 0 && this.reportInbox.length === 0;
  }

  private shouldRotate(): boolean {
    if (!this.ready) return false;
    if (this.signalsEndRun) return true;
    const info = this.api.info();
    const bySize = shouldContinueAsNewBySize(info, this.loaded, this.limits);
    const byCount = shouldContinueAsNew(info, this.startLength, this.limits);
    // Asked only when the two rules disagree, which a run far from every limit (a cell waiting for input) never sees.
    if (bySize === byCount) return bySize;
    return (this.rotateBySize ??= this.api.patched(PATCHES.rotateBySize)) ? bySize : byCount;
  }

  private nextRunInput(): ProcedureWorkflowInput {
    const inline = JSON.stringify(this.state).length <= INLINE_STATE_LIMIT;
    return {
      kind: 'resume',
      host: this.host,
      target: this.target,
      version: this.state.version,
      ...(inline ? { state: this.state } : {}),
      ...(this.host.clock === 'simulated' ? { now: this.simulatedNow } : {}),
      run: this.runNumber + 1,
      ...(this.carried.length ? { reports: this.carried } : {}),
    };
  }

  /** Reads a state too large for a workflow input from the read side, in slices under the payload limit. */
  private async loadState(version: number): Promise<InstanceState> {
    // Under the warning without asking PATCHES.payloadsUnderWarning (every cell's first run loads its state): replay
    // does not compare an activity's input, and the slices a run reads are driven by the results in its history (each
    // next offset is the length read so far), so a history that read larger slices replays the same activities.
    const length = STATE_CHUNK_UNDER_WARNING;
    const json = await this.loadSlices('State', (offset) => this.api.activities.loadState({ instanceId: this.target.instanceId, version, offset, length }));
    return JSON.parse(json) as InstanceState;
  }

  /** Reads the start the host stored in the read side (a `stored-start` input), in slices under the payload warning. */
  private async loadStart(): Promise<Extract<ProcedureInput, { type: 'start' }>> {
    const json = await this.loadSlices('Start', (offset) => this.api.activities.loadStart({ instanceId: this.target.instanceId, offset, length: START_CHUNK }));
    return JSON.parse(json) as Extract<ProcedureInput, { type: 'start' }>;
  }

  private async loadSlices(what: string, slice: (offset: number) => Promise<{ total: number; chunk: string }>): Promise<string> {
    let json = '';
    for (;;) {
      const { total, chunk } = await slice(json.length);
      json += chunk;
      if (json.length >= total) return json;
      if (!chunk.length) throw new Error(`${what} of ${this.target.instanceId} ended early at ${json.length} of ${total} characters`);
    }
  }

  private upsertStatus(): void {
    if (!this.host.searchAttributes || !this.api.patched(PATCHES.statusSearchAttribute)) return;
    this.api.upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: this.state.status }]);
  }

  /** Search attributes of a batch workflow: the guidance it dispatches (none when the namespace lacks them). */
  private searchAttributesOf(child: { guidance?: { number: string; issuedOn: string } | undefined }): { searchAttributes?: SearchAttributePair[] } {
    if (!this.host.searchAttributes || !child.guidance) return {};
    return { searchAttributes: [{ key: SEARCH_ATTRIBUTES.guidance, value: guidanceKey(child.guidance) }] };
  }

  private rethrow(): void {
    if (this.failure !== undefined) throw asWorkflowFailure(this.failure);
  }

  private async whenReady(): Promise<void> {
    if (!this.ready) await this.api.condition(() => this.ready);
  }

  private summary(): SubmitResult & ProcedureWorkflowResult {
    return { instanceId: this.target.instanceId, status: this.state.status, version: this.state.version };
  }

  /** The instant of an input: workflow time, or the simulated clock. */
  private now(): string {
    return this.host.clock === 'simulated' ? this.simulatedNow : new Date(this.api.now()).toISOString();
  }

  private observe(at: string | undefined): void {
    if (this.host.clock === 'simulated' && at) this.simulatedNow = later(this.simulatedNow, at);
  }
}

/** Whether an instance has children (who may report to it). */
function hasChildren(state: InstanceState): boolean {
  for (const _ in state.children) return true;
  return false;
}

/** Runs an Update handler's body; whatever it throws leaves it as a Temporal failure (see asWorkflowFailure). */
async function guarded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw asWorkflowFailure(error);
  }
}

/** The later of two instants (kept as written: instants are compared, never reformatted). */
function later(a: string, b: string | undefined): string {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Whether sending a signal failed because the receiving run has had all the signals the server allows one run
 * (`history.maximumSignalsPerExecution`): the SDK reports it as an application failure typed after the server's cause.
 */
export function isSignalLimitError(error: unknown): boolean {
  const e = error as { type?: unknown; message?: unknown } | undefined;
  const type = typeof e?.type === 'string' ? e.type : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return /signal_?count_?limit_?exceeded/i.test(type) || /signal limit was exceeded/i.test(message);
}

/** Seconds between sends of a report its parent refused for its signal limit: 5, 10, 20, 40, then every 60. Pure. */
export function signalRetryDelayMs(attempt: number): number {
  return Math.min(60_000, 5_000 * 2 ** Math.max(0, attempt - 1));
}

/** The parent's half of a child's report command (the child closes the other when it records the notification). */
function takenHalf(from: OutboxRef): OutboxRef {
  return { instanceId: from.instanceId, commandId: from.commandId, half: 'taken' };
}
