import type { SearchAttributePair, SearchAttributeUpdatePair } from '@temporalio/common';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { HistoryInfo } from './continue-as-new';
import type { ProcedureActivities } from './contract';

/** How a workflow starts a child. */
export interface ChildOptions {
  workflowId: string;
  taskQueue: string;
  args: unknown[];
  searchAttributes?: SearchAttributePair[];
}

/**
 * The part of the @temporalio/workflow API the procedure workflows use, as one object. Workflow functions pass the
 * real one (`temporalWorkflowApi()`); the glue's unit tests pass `WorkflowApiDouble` (src/testing), which is how CI
 * tests update validation, the command mapping, batching and continue-as-new without a Temporal server.
 */
export interface WorkflowApi {
  readonly activities: ProcedureActivities;
  /** Workflow time in milliseconds (deterministic: Temporal replays the same value). */
  now(): number;
  /** `condition(fn)` / `condition(fn, timeout)`: true when `fn` became true, false when the timeout passed first. */
  condition(fn: () => boolean, timeoutMs?: number): Promise<boolean>;
  onUpdate<Ret, Args extends unknown[]>(def: UpdateDefinition<Ret, Args>, handler: (...args: NoInfer<Args>) => Promise<NoInfer<Ret>>, validator?: (...args: NoInfer<Args>) => void): void;
  onSignal<Args extends unknown[]>(def: SignalDefinition<Args>, handler: (...args: NoInfer<Args>) => void): void;
  onQuery<Ret>(def: QueryDefinition<Ret, []>, handler: () => NoInfer<Ret>): void;
  /** Starts a child workflow and waits for its result. */
  executeChild(workflowType: string, options: ChildOptions): Promise<unknown>;
  /** Starts a child workflow that outlives this one (parent close policy ABANDON); false when that id is already running. */
  startAbandonedChild(workflowType: string, options: ChildOptions): Promise<boolean>;
  /** Signals another workflow; rejects when it does not exist or has closed. */
  signal<Args extends unknown[]>(workflowId: string, def: SignalDefinition<Args>, ...args: Args): Promise<void>;
  /** Ends this run and starts the next with `input` (never returns). */
  continueAsNew(input: unknown): Promise<never>;
  patched(patchId: string): boolean;
  info(): HistoryInfo & { workflowId: string; runId: string };
  allHandlersFinished(): boolean;
  upsertSearchAttributes(pairs: SearchAttributeUpdatePair[]): void;
  readonly log: { info(message: string, attrs?: Record<string, unknown>): void; warn(message: string, attrs?: Record<string, unknown>): void };
}
