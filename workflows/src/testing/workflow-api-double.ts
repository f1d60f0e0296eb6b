import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { ProcedureActivities } from '../contract';
import type { ChildOptions, WorkflowApi } from '../workflow-api';

/** Thrown (as the real `continueAsNew` throws) when the workflow continues as new; carries the next run's input. */
export class ContinueAsNewCalled extends Error {
  constructor(readonly input: unknown) {
    super('continueAsNew');
    this.name = 'ContinueAsNewCalled';
  }
}

/** How an update ended: refused by its validator (nothing happened), failed in its handler, or completed. */
export type UpdateOutcome<Ret> = { status: 'rejected'; error: unknown } | { status: 'failed'; error: unknown } | { status: 'completed'; value: Ret };

export interface WorkflowApiDoubleOptions {
  workflowId?: string;
  /** Workflow time at the start, in milliseconds. */
  now?: number;
  /** Activity implementations; calling one that is missing fails the call. */
  activities?: Partial<ProcedureActivities>;
  executeChild?: (workflowType: string, options: ChildOptions) => Promise<unknown>;
  startAbandonedChild?: (workflowType: string, options: ChildOptions) => Promise<boolean>;
  signal?: (workflowId: string, signal: string, args: unknown[]) => Promise<void>;
  /** What `patched(id)` answers (default true, as for a workflow started by the current code). */
  patches?: Record<string, boolean>;
  /** Which run of the workflow this is (its run id is derived from it). */
  run?: number;
  /** First history length (workflowInfo().historyLength) of the run. */
  historyLength?: number;
}

interface Waiter {
  fn: () => boolean;
  resolve: (value: boolean) => void;
  reject: (error: unknown) => void;
  deadline?: number;
}

const ACTIVITY_NAMES = ['project', 'runEffect', 'createChildren', 'loadState', 'loadStart', 'sealReport', 'postReport', 'takeReports'] as const;

/**
 * WorkflowApiDouble: a small, in-process test double of the part of @temporalio/workflow the procedure workflows use
 * (the WorkflowApi port). It is NOT Temporal: there is no history, no replay and no server. It keeps handlers,
 * evaluates `condition`s after every delivery and activity result, moves workflow time only when told
 * (`advanceTime`, which fires durable timers), records every activity call, child start, signal, search-attribute
 * upsert and patch check, and turns `continueAsNew` into a `ContinueAsNewCalled` rejection. Tests drive a workflow
 * through `update`, `signal` and `query` as a client would.
 */
export class WorkflowApiDouble implements WorkflowApi {
  time: number;
  historyLength: number;
  historySize = 4096;
  continueAsNewSuggested = false;
  readonly workflowId: string;
  /** This run's id (`<workflowId>/run-<n>`, n from the options' `run`). */
  readonly runId: string;
  readonly activityCalls: Array<{ name: (typeof ACTIVITY_NAMES)[number]; args: unknown }> = [];
  readonly children: Array<{ workflowType: string; options: ChildOptions; abandoned: boolean }> = [];
  readonly signalsSent: Array<{ workflowId: string; signal: string; args: unknown[] }> = [];
  readonly upserts: SearchAttributeUpdatePair[][] = [];
  readonly patchesChecked: string[] = [];
  readonly logs: Array<{ level: 'info' | 'warn'; message: string; attrs?: Record<string, unknown> }> = [];
  /** Durable timers requested through `condition(fn, timeout)`: the duration and the workflow time it ends at. */
  readonly timers: Array<{ ms: number; deadline: number }> = [];
  readonly activities: ProcedureActivities;
  readonly log: WorkflowApi['log'] = {
    info: (message, attrs) => this.logs.push({ level: 'info', message, ...(attrs ? { attrs } : {}) }),
    warn: (message, attrs) => this.logs.push({ level: 'warn', message, ...(attrs ? { attrs } : {}) }),
  };

  private readonly waiters = new Set<Waiter>();
  private readonly updates = new Map<string, { handler: (...args: never[]) => Promise<unknown>; validator?: (...args: never[]) => void }>();
  private readonly signals = new Map<string, (...args: never[]) => void>();
  private readonly queries = new Map<string, () => unknown>();
  private handlersRunning = 0;
  private outstanding = 0;
  private checkScheduled = false;

  constructor(private readonly options: WorkflowApiDoubleOptions = {}) {
    this.workflowId = options.workflowId ?? 'test-workflow';
    this.runId = `${this.workflowId}/run-${options.run ?? 0}`;
    this.time = options.now ?? Date.UTC(2022, 2, 16, 2);
    this.historyLength = options.historyLength ?? 3;
    const activities = {} as Record<string, (args: unknown) => Promise<unknown>>;
    for (const name of ACTIVITY_NAMES) {
      activities[name] = (args: unknown) => {
        this.activityCalls.push({ name, args: structuredClone(args) });
        const impl = options.activities?.[name] as ((a: unknown) => Promise<unknown>) | undefined;
        return this.track(impl ? impl(args) : Promise.reject(new Error(`activity ${name} is not provided to the double`)));
      };
    }
    this.activities = activities as unknown as ProcedureActivities;
  }

  // ---- the WorkflowApi port --------------------------------------------------------------------------------------

  now(): number {
    return this.time;
  }

  condition(fn: () => boolean, timeoutMs?: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const waiter: Waiter = { fn, resolve, reject };
      if (timeoutMs !== undefined) {
        waiter.deadline = this.time + timeoutMs;
        this.timers.push({ ms: timeoutMs, deadline: waiter.deadline });
      }
      this.waiters.add(waiter);
      this.schedule();
    });
  }

  onUpdate<Ret, Args extends unknown[]>(def: UpdateDefinition<Ret, Args>, handler: (...args: NoInfer<Args>) => Promise<NoInfer<Ret>>, validator?: (...args: NoInfer<Args>) => void): void {
    this.updates.set(def.name, { handler: handler as never, ...(validator ? { validator: validator as never } : {}) });
  }

  onSignal<Args extends unknown[]>(def: SignalDefinition<Args>, handler: (...args: NoInfer<Args>) => void): void {
    this.signals.set(def.name, handler as never);
  }

  onQuery<Ret>(def: QueryDefinition<Ret, []>, handler: () => NoInfer<Ret>): void {
    this.queries.set(def.name, handler);
  }

  executeChild(workflowType: string, options: ChildOptions): Promise<unknown> {
    this.children.push({ workflowType, options: structuredClone(options), abandoned: false });
    return this.track(this.options.executeChild ? this.options.executeChild(workflowType, options) : Promise.resolve(undefined));
  }

  startAbandonedChild(workflowType: string, options: ChildOptions): Promise<boolean> {
    this.children.push({ workflowType, options: structuredClone(options), abandoned: true });
    return this.track(this.options.startAbandonedChild ? this.options.startAbandonedChild(workflowType, options) : Promise.resolve(true));
  }

  signal<Args extends unknown[]>(workflowId: string, def: SignalDefinition<Args>, ...args: Args): Promise<void> {
    this.signalsSent.push({ workflowId, signal: def.name, args: structuredClone(args) });
    return this.track(this.options.signal ? this.options.signal(workflowId, def.name, args) : Promise.resolve());
  }

  continueAsNew(input: unknown): Promise<never> {
    return Promise.reject(new ContinueAsNewCalled(structuredClone(input)));
  }

  patched(patchId: string): boolean {
    this.patchesChecked.push(patchId);
    return this.options.patches?.[patchId] ?? true;
  }

  info() {
    return { workflowId: this.workflowId, runId: this.runId, historyLength: this.historyLength, historySize: this.historySize, continueAsNewSuggested: this.continueAsNewSuggested };
  }

  allHandlersFinished(): boolean {
    return this.handlersRunning === 0;
  }

  upsertSearchAttributes(pairs: SearchAttributeUpdatePair[]): void {
    this.upserts.push(pairs);
  }

  // ---- driving the workflow, as a client and as the passing of time ------------------------------------------------

  /** Sends an update: the validator runs first (a throw refuses it: nothing happens), then the handler. */
  async update<Ret, Args extends unknown[]>(def: UpdateDefinition<Ret, Args>, ...args: Args): Promise<UpdateOutcome<Ret>> {
    const entry = this.updates.get(def.name);
    if (!entry) return { status: 'rejected', error: new Error(`no update handler "${def.name}"`) };
    try {
      (entry.validator as unknown as ((...a: Args) => void) | undefined)?.(...args);
    } catch (error) {
      return { status: 'rejected', error };
    }
    this.handlersRunning++;
    this.schedule();
    try {
      return { status: 'completed', value: (await (entry.handler as unknown as (...a: Args) => Promise<Ret>)(...args)) };
    } catch (error) {
      return { status: 'failed', error };
    } finally {
      this.handlersRunning--;
      this.schedule();
    }
  }

  /** Delivers a signal (fire and forget, as for a client). */
  signalIn<Args extends unknown[]>(def: SignalDefinition<Args>, ...args: Args): void {
    const handler = this.signals.get(def.name) as unknown as ((...a: Args) => void) | undefined;
    if (!handler) throw new Error(`no signal handler "${def.name}"`);
    this.handlersRunning++;
    try {
      handler(...args);
    } finally {
      this.handlersRunning--;
      this.schedule();
    }
  }

  /** Evaluates the waiting conditions again (as the next workflow task would), e.g. after a test changed `info()`. */
  wake(): void {
    this.schedule();
  }

  query<Ret>(def: QueryDefinition<Ret, []>): Ret {
    const handler = this.queries.get(def.name);
    if (!handler) throw new Error(`no query handler "${def.name}"`);
    return structuredClone(handler()) as Ret;
  }

  /** Moves workflow time forward; durable timers due on the way fire in order, each one's consequences settling first. */
  async advanceTime(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await this.settle();
      const due = [...this.waiters].filter((w) => w.deadline !== undefined && w.deadline <= until).sort((a, b) => a.deadline! - b.deadline!)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.deadline!);
      this.waiters.delete(due);
      due.resolve(false);
    }
    this.time = until;
    await this.settle();
  }

  /**
   * Waits until nothing more happens: every activity, child and signal call settled and no condition can advance.
   * Counts event-loop turns rather than reading a clock (after the first 200 turns each waits about a millisecond).
   */
  async settle(maxTurns = 60_000): Promise<void> {
    let quietTurns = 0;
    for (let turn = 0; turn < maxTurns; turn++) {
      await new Promise((resolve) => (turn < 200 ? setImmediate(resolve) : setTimeout(resolve, 1)));
      const progressed = this.check();
      if (!progressed && !this.checkScheduled && this.outstanding === 0) {
        if (++quietTurns >= 3) return;
      } else {
        quietTurns = 0;
      }
    }
    throw new Error(`the workflow did not settle in ${maxTurns} turns (${this.outstanding} calls outstanding)`);
  }

  /** Conditions still waiting (with a timeout: durable timers not fired yet). */
  get waiting(): { conditions: number; timers: number } {
    const all = [...this.waiters];
    return { conditions: all.length, timers: all.filter((w) => w.deadline !== undefined).length };
  }

  // ---- internals ---------------------------------------------------------------------------------------------------

  private track<T>(promise: Promise<T>): Promise<T> {
    this.outstanding++;
    return promise.finally(() => {
      this.outstanding--;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      if (this.check()) this.schedule();
    });
  }

  /** Resolves every condition that holds now; true when one did. */
  private check(): boolean {
    let progressed = false;
    for (const waiter of [...this.waiters]) {
      let holds: boolean;
      try {
        holds = waiter.fn();
      } catch (error) {
        this.waiters.delete(waiter);
        waiter.reject(error);
        progressed = true;
        continue;
      }
      if (holds) {
        this.waiters.delete(waiter);
        waiter.resolve(true);
        progressed = true;
      }
    }
    return progressed;
  }
}
