import type { Actor, GuidanceRef, InstanceState, ProcedureCommand, ProcedureEvent, ProcedureInput, ProcedureRef, TaskRecord } from '@chibo/procedure';

/** Workflow type names, as registered by the worker (the exported function names of `workflows.ts`). */
export const WORKFLOW_TYPES = {
  procedure: 'procedureWorkflow',
  dispatchBatch: 'dispatchBatchWorkflow',
} as const;

/** The `type` of the ApplicationFailure a refused input carries; its first detail is the core's `Rejection`. */
export const REJECTED_FAILURE_TYPE = 'ChiboRejected';

/**
 * How the host runs an installation: carried in every workflow's input and handed down to the workflows it starts,
 * so a whole guidance tree runs with the same settings.
 */
export interface HostSettings {
  /** Task queue of the procedure workflows and activities. */
  taskQueue: string;
  /** Put before every business key to make a Temporal workflow id ('' in production; a run id in tests). */
  workflowIdPrefix: string;
  /**
   * `system`: instants are workflow time and timers are durable Temporal timers. `simulated`: instants come from the
   * host (each update and signal carries one) and a timer fires only when the host sends `fire-timer` (scenario runs,
   * demos), exactly as the embedded runtime's simulated clock does.
   */
  clock: 'system' | 'simulated';
  /** Whether the namespace has chibo's search attributes (see SEARCH_ATTRIBUTES); unregistered ones fail a start. */
  searchAttributes: boolean;
  /**
   * Signals after which a run continues as new (CONTINUE_AS_NEW.maxSignalsPerRun when absent): half the server's
   * `history.maximumSignalsPerExecution`, for a cluster that changed it (TEMPORAL_SIGNALS_PER_RUN).
   */
  maxSignalsPerRun?: number;
}

/** The instance a workflow projects into the read side (ids of rows the API joins on). */
export interface InstanceTarget {
  instanceId: string;
  orgId: string;
  guidanceId: string | null;
}

/**
 * The input of the procedure workflow. `start`: a new instance (the guidance) whose start input the host composed.
 * `resume`: an instance whose events are already in the read side — a cell created by its batch, or this workflow's
 * next run after continue-as-new; its state comes inline when small, else is loaded from the read side.
 */
export type ProcedureWorkflowInput =
  | { kind: 'start'; host: HostSettings; target: InstanceTarget; start: Extract<ProcedureInput, { type: 'start' }> }
  | {
      /**
       * A start too large for a workflow input (over START_INLINE_BYTES): the host stored it in the read side, and the
       * workflow reads it back in slices (`loadStart`) before it handles it as `start`.
       */
      kind: 'stored-start';
      host: HostSettings;
      target: InstanceTarget;
      /** The start's instant (the simulated clock begins there). */
      at: string;
    }
  | {
      kind: 'resume';
      host: HostSettings;
      target: InstanceTarget;
      /** The version (event count) the read side holds and the state must have. */
      version: number;
      /** The state, when small enough to travel in the input (see INLINE_STATE_LIMIT). */
      state?: InstanceState;
      /** Simulated clock: the instant this instance had reached. */
      now?: string;
      /** How many runs came before this one (continue-as-new), for operators. */
      run?: number;
      /** Child reports that arrived while the previous run was ending: handled first, in order (see CARRIED_REPORTS_LIMIT). */
      reports?: ChildReportArgs[];
    };

export interface ProcedureWorkflowResult {
  instanceId: string;
  status: InstanceState['status'];
  version: number;
}

/** The input of a fan-out batch: create the batch's instances in the read side, then start their workflows. */
export interface DispatchBatchInput {
  host: HostSettings;
  parentInstanceId: string;
  batch: string;
  procedure: ProcedureRef;
  children: Array<{ key: string; org: string }>;
  guidance?: GuidanceRef;
  guidanceId: string | null;
  /** The instant the children start at (the parent's clock when it dispatched the batch). */
  at: string;
  /** How many of `children` earlier runs of this batch workflow started (it continues as new past a bound). */
  startedBefore?: number;
}

export interface DispatchBatchResult {
  batch: string;
  started: number;
}

/** A person submits a task. `at` is used on a simulated clock only; under the system clock it is workflow time. */
export interface SubmitArgs {
  taskId: string;
  by: Actor;
  input: unknown;
  at?: string;
}

export interface SubmitResult {
  instanceId: string;
  status: InstanceState['status'];
  version: number;
}

/** Simulated clock: fire one timer at `at` (its due instant), as the embedded runtime's `advanceTo` does. */
export interface FireTimerArgs {
  timerId: string;
  at: string;
}

/** A child instance reports to its parent (a Signal: an external fact for the parent). */
export interface ChildReportArgs {
  child: string;
  report: Record<string, unknown>;
  /** The child's instant (used on a simulated clock). */
  at: string;
  /**
   * The child's command that sent it. It is closed in the read side in two halves: the parent's when it records the
   * report, the child's when it records that the parent was notified; whichever comes second closes it.
   */
  from: OutboxRef;
}

/** One command of one instance, as the read side's outbox knows it. */
export interface OutboxRef {
  instanceId: string;
  commandId: string;
  /**
   * A report closes in two halves (`taken` by the parent, `notified` by the child), so the read side counts it open
   * until both instances have projected their side. Without it, the command is closed outright.
   */
  half?: ReportHalf;
}

/** Which side of a report a closing stands for. */
export type ReportHalf = 'taken' | 'notified';

/** What the `progress` query answers. */
export interface ProcedureProgress {
  instanceId: string;
  status: InstanceState['status'];
  version: number;
  projectedVersion: number;
  /** Activities, child batches and signals under way. */
  inFlight: number;
  run: number;
}

// ---- activities (implemented on the Node side, in @chibo/runtime-temporal; workflows see only these types) -------

export interface ProjectArgs {
  target: InstanceTarget;
  /** Sequence number of the first event (1-based); events may be empty when only `done` is to be recorded. */
  fromSeq: number;
  events: ProcedureEvent[];
  /** Commands newly decided: written to the outbox as dispatched (what is in flight, for `drain` and operators). */
  commands: ProcedureCommand[];
  /** Commands carried out: marked done in the outbox. */
  done: OutboxRef[];
  /** When the host recorded the events (workflow time, or the simulated clock). */
  at: string;
  /**
   * The first event (instance-started, at sequence 1) travels without its context, which the activity takes from the
   * stored start (a `stored-start` input): the context of a guidance to thousands of cells is most of its start.
   */
  contextFromStoredStart?: true;
}

export interface RunEffectArgs {
  instanceId: string;
  name: string;
  input: Record<string, unknown>;
  idempotencyKey: string;
  at: string;
}

export interface CreateChildrenArgs {
  parentInstanceId: string;
  batch: string;
  procedure: ProcedureRef;
  children: Array<{ key: string; org: string }>;
  guidance?: GuidanceRef;
  guidanceId: string | null;
  at: string;
}

export interface CreatedChild {
  key: string;
  target: InstanceTarget;
  version: number;
}

export interface LoadStateArgs {
  instanceId: string;
  version: number;
  /** Character offset into the state's JSON. */
  offset: number;
  length: number;
}

/** A slice of a stored start's JSON (see the `stored-start` input). */
export interface LoadStartArgs {
  instanceId: string;
  /** Character offset into the start's JSON. */
  offset: number;
  length: number;
}

export interface SealReportArgs {
  /** The instance whose report it is. */
  instanceId: string;
  report: Record<string, unknown>;
}

/** A child posts its report for its parent to take (PATCHES.reportsViaInbox; ADR 0026). */
export interface PostReportArgs {
  /** The instance the report is for. */
  parentInstanceId: string;
  /** The report, sealed, as the parent is to record it. */
  args: ChildReportArgs;
}

/** Whether the parent must be woken: nothing was waiting for it before this report (or this report still waits). */
export interface PostReportResult {
  wake: boolean;
  /** The parent has ended (or is unknown): the report was not stored, and the child closes its own command. */
  parentEnded?: boolean;
}

/** A parent takes the next page of the reports posted for it. */
export interface TakeReportsArgs {
  instanceId: string;
  /**
   * The page's key, unique for all time (`<workflow run id>:<page number>`): a retried activity returns the page that
   * key already took instead of taking another.
   */
  page: string;
  /** At most this many code units of JSON of reports in the page (at least one report however large). */
  maxUnits: number;
}

export interface ReportPage {
  reports: ChildReportArgs[];
  /** Reports still wait after this page. */
  more: boolean;
}

export interface StateChunk {
  /** Length of the whole JSON. */
  total: number;
  chunk: string;
}

/**
 * The activities the workflows call. Workflows import this type only (the implementation is Node code); the worker
 * registers an object of this shape built by `createActivities` in @chibo/runtime-temporal.
 */
export interface ProcedureActivities {
  /** Appends events to the read side's log and projects them, in one transaction; idempotent per `fromSeq`. */
  project(args: ProjectArgs): Promise<void>;
  /** Runs a named effect once per idempotency key; a retry returns the recorded result. */
  runEffect(args: RunEffectArgs): Promise<Record<string, unknown>>;
  /** Creates a fan-out batch's instances (rosters loaded here, not carried in history); idempotent. */
  createChildren(args: CreateChildrenArgs): Promise<CreatedChild[]>;
  /** A slice of an instance's state JSON at an exact version (large states travel in slices under the payload limit). */
  loadState(args: LoadStateArgs): Promise<StateChunk>;
  /** A slice of the JSON of a start the host stored in the read side (too large for the workflow's input). */
  loadStart(args: LoadStartArgs): Promise<StateChunk>;
  /**
   * A report on its way to the parent, as the parent is to record it: the audit log adds a signed checkpoint of the
   * sender's chain (the embedded runtime's `sealReport` hook); unchanged when the worker has no such hook.
   */
  sealReport(args: SealReportArgs): Promise<Record<string, unknown>>;
  /** Stores a child's report for its parent in the read side, once per sending command; says whether to wake it. */
  postReport(args: PostReportArgs): Promise<PostReportResult>;
  /** Takes the next page of the reports waiting for an instance, in the order they were posted; idempotent per page. */
  takeReports(args: TakeReportsArgs): Promise<ReportPage>;
}

/** Open tasks, as the `open-tasks` query answers. */
export type OpenTasks = TaskRecord[];

/**
 * The workflow-task timeout of chibo's workflows (Temporal's default is 10 s). A guidance's first task after
 * thousands of reports, or a batch's, can take seconds on a busy worker; a task past its timeout is thrown away and
 * done again from the start, which under load makes every task later still.
 */
export const WORKFLOW_TASK_TIMEOUT = '30 seconds';
