import type { z } from 'zod';
import type { Actor, Assignee, GuidanceRef, InstanceContext, ProcedureRef } from './context';
import type { ScoreCap } from './facts';
import type { FieldIssue } from './issues';
import type { Localized } from './localized';
import type { ChildRecord, FindingParams, IssuedDocument, TaskRecord } from './state';

/** What a scoring rubric offers the steps that use it (contributed by rubric plugins). */
export interface RubricContribution {
  id: string;
  title: Localized;
  /** The score form for this rubric. */
  form: z.ZodType;
  validate(input: unknown): FieldIssue[];
  /** Total (null for rubrics that rate directly) and rating; `cappedBy` when a min-marks condition capped it. Only called with validated input. */
  score(input: unknown): { total: number | null; rating: string; capped: boolean; cappedBy?: ScoreCap[] };
  /** The criteria of a marks rubric as printed on the score sheet (empty when the scorers rate directly). */
  criteria?: ReadonlyArray<{ id: string; label: string; max: number }>;
  /** The ratings the scorers choose from, for a rubric without marks. */
  ratings?: readonly string[];
  /** For validated input whose rating was capped: the labels of the criteria that kept it from the top rating. */
  cappedBy?(input: unknown): string[];
}

/** Read-only view a step gets of its instance when it reacts. */
export interface StepContext<P, S> {
  instanceId: string;
  stepId: string;
  /** How many times this step has been entered (1 on first entry; loops increase it). */
  visit: number;
  params: P;
  state: S;
  /** Facts recorded by any step so far (e.g. `session`, `rating`). */
  facts: Readonly<Record<string, unknown>>;
  context: InstanceContext;
  /** The instant of the input being handled. Pure code never reads a clock. */
  now: string;
  /** Whether this step is the current one (timers and child reports can reach steps that are not). */
  current: boolean;
  tasks: readonly TaskRecord[];
  /** Children with the summary of their reports the state keeps (`CHILD_REPORT_FIELDS`); `onChildReport` gets the whole report. */
  children: Readonly<Record<string, ChildRecord>>;
  /** How many of `children` have reported (without counting them). */
  childrenReported: number;
  documents: readonly IssuedDocument[];
  /** Codes of the findings currently active on the instance. */
  findings: readonly string[];
  rubric(id: string): RubricContribution;
  /** Whether a step can be added by this short name (`self-criticism`) with the enabled plugins. */
  hasAddable(alias: string): boolean;
  /** Whether a rubric of this id is enabled. */
  hasRubric(id: string): boolean;
}

/** A task a step opens for a person. */
export interface TaskSpec {
  /** Unique within the step visit, e.g. `submit`, or `assess:m04` for per-member tasks. */
  key: string;
  /** Which of the step's task definitions handles the submission. */
  task: string;
  assignee: Assignee;
  title: Localized;
  dueAt?: string;
  /** Values the form starts with (e.g. the rotation's suggested assignee). */
  prefill?: Record<string, unknown>;
  /**
   * A standing task stays open when its step completes (an action the assignee may take at any time while the
   * instance runs, such as moving a scheduled session); it is cancelled when the instance ends.
   */
  standing?: boolean;
}

/** A side effect run outside the core (render/issue a document, notify people); its id makes it idempotent. */
export interface EffectSpec {
  key: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * A batch of child procedures to start. The host builds each child's context (its roster, the guidance) from `org`,
 * so that a guidance to 10,000 cells does not carry 10,000 rosters in its own history.
 */
export interface ChildBatch {
  batch: string;
  procedure: ProcedureRef;
  children: ChildSpec[];
  /** The guidance the children carry out, when it is not the instance's own (a committee implementing one). */
  guidance?: GuidanceRef;
}

/**
 * One child of a batch: its key and org; a committee child (cascades) also carries the procedure its cells run by
 * default (`childProcedure`), which the host puts in its context.
 */
export interface ChildSpec {
  key: string;
  org: string;
  childProcedure?: ProcedureRef;
}

/** What a step asks for in response to something. Each field becomes one or more events. */
export interface Reaction<S> {
  state?: S;
  facts?: Record<string, unknown>;
  openTasks?: TaskSpec[];
  cancelTasks?: string[];
  timers?: Array<{ key: string; fireAt: string; payload?: Record<string, unknown> }>;
  cancelTimers?: string[];
  /**
   * Timers an earlier step of the same instance set, by that step's id and the timer's key: for a step that takes
   * over something another step scheduled (moving a session whose start timer the plan's approval set).
   */
  cancelStepTimers?: Array<{ step: string; key: string }>;
  effects?: EffectSpec[];
  /** Findings to record: a code, its Vietnamese sentence, and its data for the pages (see {@link FindingParams}). */
  findings?: Array<{ code: string; detail?: string; params?: FindingParams }>;
  /** Findings to resolve: a code, why in Vietnamese, and the same reason's data for the pages. */
  resolveFindings?: Array<{ code: string; reason: string; params?: FindingParams }>;
  /** Start child procedures in batches; the host answers each batch with `children-started`. */
  startChildren?: ChildBatch | ChildBatch[];
  notifyParent?: { key: string; report: Record<string, unknown> };
  /** Finish this step; `goto` jumps to another step of the definition (loops such as draft revision). */
  complete?: { output?: unknown; goto?: string };
  fail?: { reason: string };
}

/** How one kind of task is validated and what a valid submission does. */
export interface TaskDefinition<P, S, I> {
  title: Localized;
  /** The form; may depend on parameters (e.g. the rubric a score step uses). */
  form: z.ZodType<I> | ((ctx: StepContext<P, S>) => z.ZodType<I>);
  /** Rules that need the instance (who is present, what was approved). Return no issues when valid. */
  validate?(ctx: StepContext<P, S>, input: I, task: TaskRecord): FieldIssue[];
  submit(ctx: StepContext<P, S>, input: I, by: Actor, task: TaskRecord): Reaction<S>;
}

/** A step kind as a plugin declares it: pure, deterministic, no I/O. */
export interface StepDefinition<P = Record<string, unknown>, S = Record<string, unknown>, T extends Record<string, unknown> = AnyTasks> {
  /** Namespaced name without version, e.g. `thematic:hold-session`. */
  name: string;
  version: number;
  title: Localized;
  /** One line on what the step does. */
  description: Localized;
  params: z.ZodType<P>;
  initialState: S;
  /** Short names by which a guidance adds this step (e.g. `self-criticism`), and where it goes. */
  addable?: { alias: string; after: string[] };
  /** The rubric id a step's params select, when it scores (validated against the registry at composition). */
  rubricParam?: keyof P & string;
  /**
   * The facts this step cannot work without (e.g. the vote needs the recorded `session`), given its parameters: an
   * earlier step must provide each. The composer refuses to publish a definition where none does.
   */
  requires?: readonly string[] | ((params: P) => readonly string[]);
  /** Facts it reads when they are there (the report cites the score): a step providing one must not come later. */
  uses?: readonly string[];
  /** The facts this step records (`Reaction.facts` keys), for the order check. */
  provides?: readonly string[];
  /**
   * A rubric the step's params carry themselves (a committee's score sheet pinned in the definition), or undefined.
   * Its id is then a valid `rubricParam` value and `ctx.rubric(id)` finds it, for this step and every other step of
   * the instance (the minutes print the sheet the session was scored with).
   */
  pinnedRubric?(params: P): RubricContribution | undefined;
  /**
   * The effects this step may request (`Reaction.effects[].name`). The host refuses at start-up a step whose effect
   * nobody registered, and the core fails an instance whose step requests an effect it did not declare.
   */
  effects?: readonly string[];
  tasks: { [K in keyof T]: TaskDefinition<P, S, T[K]> };
  /** Called once for every step when the instance starts, whether current or not (e.g. deadline timers). */
  onInstanceStart?(ctx: StepContext<P, S>): Reaction<S>;
  /** Called when the step becomes current. */
  start(ctx: StepContext<P, S>): Reaction<S>;
  onTimer?(ctx: StepContext<P, S>, timer: { key: string; payload?: Record<string, unknown> }): Reaction<S>;
  onEffectCompleted?(ctx: StepContext<P, S>, effect: { key: string; name: string; result: Record<string, unknown> }): Reaction<S>;
  onChildrenStarted?(ctx: StepContext<P, S>, batch: string): Reaction<S>;
  /** A child procedure reported. Return issues to refuse the report. */
  validateChildReport?(ctx: StepContext<P, S>, child: string): FieldIssue[];
  onChildReport?(ctx: StepContext<P, S>, child: string, report: Record<string, unknown>): Reaction<S>;
}

/** The full kind id, `name@version`. */
export function stepKind(step: { name: string; version: number }): string {
  return `${step.name}@${step.version}`;
}

/** Declares a step kind; a typed identity function so plugins get inference on params, state and forms. */
export function defineStep<P, S, T extends Record<string, unknown> = Record<string, never>>(step: StepDefinition<P, S, T>): StepDefinition<P, S> {
  return step as unknown as StepDefinition<P, S>;
}

/* eslint-disable @typescript-eslint/no-explicit-any --
   The registry holds steps of many parameter, state and form types side by side; each step checks its own
   parameters and forms with zod at run time, so the erased types below are where that heterogeneity lives. */
/** Task forms of unknown shapes (the registry's view of a step). */
export type AnyTasks = Record<string, any>;
/** A step of any parameter and state type, as the registry stores it. */
export type AnyStepDefinition = StepDefinition<any, any>;
/** The context of a step of any parameter and state type. */
export type AnyStepContext = StepContext<any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */
