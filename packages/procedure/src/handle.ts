import type { Actor, Assignee, InstanceContext } from './context';
import type { ProcedureEvent } from './events';
import { evolve, EMPTY_STATE } from './evolve';
import type { ProcedureInput } from './inputs';
import { reject, type Rejection } from './issues';
import type { StepRegistry } from './registry';
import { activeFindings, reportedChildren, type InstanceState, type TaskRecord } from './state';
import type { ProcedureDefinition } from './definition';
import type { AnyStepContext, AnyStepDefinition, Reaction, RubricContribution } from './step';
import { parseVi } from './zod-issues';

/** The outcome of handling one input: the events to append (possibly none), or why nothing was recorded. */
export type HandleResult = { ok: true; events: ProcedureEvent[]; state: InstanceState } | { ok: false; rejection: Rejection };

/** Guards against a definition whose steps complete and loop back forever within one input. */
const MAX_TRANSITIONS = 256;

/**
 * Decides which events an input produces, by asking the step plugins. Pure and deterministic: the same state and
 * input always give the same events. A rejected input records nothing.
 *
 * A step plugin that throws (a bug, a definition naming a step that does not exist) fails the instance with the error
 * as its reason — the same on every host — instead of leaving each host to retry an input that can never succeed.
 * With `owned` (a fold that changes its own maps in place, `handleAll`) the error is thrown: the partly changed state
 * cannot be trusted, and the fold starts again without changing anything in place.
 */
export function handle(state: InstanceState, input: ProcedureInput, registry: StepRegistry, owned?: WeakSet<object>): HandleResult {
  if (owned) return handleInput(state, input, registry, owned);
  try {
    return handleInput(state, input, registry);
  } catch (error) {
    return failedBy(state, input, registry, error);
  }
}

/** The instance failed by a step's error while handling `input` (see `handle`). */
function failedBy(state: InstanceState, input: ProcedureInput, registry: StepRegistry, error: unknown): HandleResult {
  const message = error instanceof Error ? error.message : String(error);
  const reason = `Lỗi khi xử lý ${describeInput(input)}: ${message}`;
  if (input.type === 'start') {
    if (state.version > 0) return { ok: true, events: [], state };
    const run = new Run(EMPTY_STATE, registry, input.at);
    run.emit({ type: 'instance-started', at: input.at, instanceId: input.instanceId, definition: input.definition, context: input.context, ...(input.parent ? { parent: input.parent } : {}) });
    run.emit({ type: 'instance-failed', at: input.at, reason });
    return run.result();
  }
  if (state.status !== 'running') return { ok: true, events: [], state };
  const run = new Run(state, registry, input.at);
  run.emit({ type: 'instance-failed', at: input.at, reason });
  return run.result();
}

/** How a failure reason names the input it happened on. */
function describeInput(input: ProcedureInput): string {
  switch (input.type) {
    case 'start':
      return 'khởi tạo quy trình';
    case 'submit':
      return `tác vụ "${input.taskId}"`;
    case 'fire-timer':
      return `hẹn giờ "${input.timerId}"`;
    case 'complete-effect':
      return `kết quả tác vụ tự động "${input.effectId}"`;
    case 'children-started':
      return `đợt gửi "${input.batch}"`;
    case 'child-report':
      return `báo cáo của "${input.child}"`;
    case 'parent-notified':
      return `thông báo "${input.notificationId}"`;
    case 'fail':
      return 'yêu cầu dừng quy trình';
  }
}

function handleInput(state: InstanceState, input: ProcedureInput, registry: StepRegistry, owned?: WeakSet<object>): HandleResult {
  if (input.type === 'start') {
    if (state.version > 0) return { ok: true, events: [], state };
    const run = new Run(EMPTY_STATE, registry, input.at, owned);
    run.emit({
      type: 'instance-started',
      at: input.at,
      instanceId: input.instanceId,
      definition: input.definition,
      context: input.context,
      ...(input.parent ? { parent: input.parent } : {}),
    });
    for (const ref of input.definition.steps) {
      const step = registry.step(ref.kind);
      if (step.onInstanceStart) run.apply(ref.id, step.onInstanceStart(run.ctx(ref.id)), false);
    }
    const first = input.definition.steps[0];
    if (first) run.enter(first.id);
    return run.result();
  }
  if (state.status !== 'running' && input.type !== 'parent-notified' && input.type !== 'complete-effect') {
    if (input.type === 'submit') {
      return { ok: false, rejection: reject('instance-closed', { path: 'taskId', rule: 'instance-closed', message: 'Quy trình này đã kết thúc, không nhận thêm dữ liệu' }) };
    }
    return { ok: true, events: [], state };
  }
  const run = new Run(state, registry, input.at, owned);
  switch (input.type) {
    case 'submit':
      return run.submit(input.taskId, input.by, input.input);
    case 'fire-timer': {
      const timer = state.timers[input.timerId];
      if (!timer || timer.status !== 'scheduled') return run.result();
      run.emit({ type: 'timer-fired', at: input.at, timerId: timer.id });
      const step = run.stepOf(timer.stepId);
      if (step.onTimer) run.apply(timer.stepId, step.onTimer(run.ctx(timer.stepId), { key: timer.key, ...(timer.payload ? { payload: timer.payload } : {}) }));
      return run.result();
    }
    case 'complete-effect': {
      const effect = state.effects[input.effectId];
      if (!effect || effect.status !== 'requested') return run.result();
      run.emit({ type: 'effect-completed', at: input.at, effectId: effect.id, result: input.result });
      const step = run.stepOf(effect.stepId);
      if (step.onEffectCompleted && state.status === 'running') {
        const key = effect.id.split('.').slice(2).join('.');
        run.apply(effect.stepId, step.onEffectCompleted(run.ctx(effect.stepId), { key, name: effect.name, result: input.result }));
      }
      return run.result();
    }
    case 'children-started': {
      const batch = state.batches[input.batch];
      if (!batch || batch.started) return run.result();
      run.emit({ type: 'children-started', at: input.at, batch: input.batch });
      const step = run.stepOf(batch.stepId);
      if (step.onChildrenStarted) run.apply(batch.stepId, step.onChildrenStarted(run.ctx(batch.stepId), input.batch));
      return run.result();
    }
    case 'child-report': {
      const child = state.children[input.child];
      if (!child) {
        return {
          ok: false,
          rejection: reject('out-of-scope', {
            path: 'cell',
            rule: 'not-in-guidance-scope',
            message: `Chi bộ "${input.child}" không thuộc phạm vi của hướng dẫn này nên không thể báo cáo theo hướng dẫn`,
          }),
        };
      }
      if (child.report) return run.result();
      const ref = state.definition.steps.find((s) => registry.step(s.kind).onChildReport);
      if (!ref) return run.result();
      const step = registry.step(ref.kind);
      const issues = step.validateChildReport?.(run.ctx(ref.id), input.child) ?? [];
      if (issues.length) return { ok: false, rejection: { code: 'validation', message: issues[0]!.message, issues } };
      run.emit({ type: 'child-reported', at: input.at, child: input.child, report: input.report });
      run.apply(ref.id, step.onChildReport!(run.ctx(ref.id), input.child, input.report));
      return run.result();
    }
    case 'parent-notified': {
      const n = state.notifications[input.notificationId];
      if (!n || n.delivered) return run.result();
      run.emit({ type: 'parent-notified', at: input.at, notificationId: input.notificationId });
      return run.result();
    }
    case 'fail':
      run.emit({ type: 'instance-failed', at: input.at, reason: input.reason });
      return run.result();
  }
}

/** What `handleAll` gives for each input: its events, or why it was refused (and recorded nothing). */
export type HandledInput = { ok: true; events: ProcedureEvent[] } | { ok: false; rejection: Rejection };

/**
 * Handles several inputs in order, each against the state the ones before it left: the same events as calling
 * `handle` for each in turn, with the state after the last. Refused inputs record nothing and the others still apply.
 * Maps the fold makes are changed in place rather than copied for every input (see `evolve`), so a guidance taking
 * many cells' reports at once copies its children once.
 */
export function handleAll(state: InstanceState, inputs: readonly ProcedureInput[], registry: StepRegistry): { results: HandledInput[]; state: InstanceState } {
  try {
    return foldInputs(state, inputs, registry, new WeakSet<object>());
  } catch {
    // A step threw part-way through an input (see `handle`): the maps changed in place cannot be trusted. Again from
    // the untouched starting state, one input at a time with copies, where the failing input fails its instance.
    return foldInputs(state, inputs, registry);
  }
}

function foldInputs(state: InstanceState, inputs: readonly ProcedureInput[], registry: StepRegistry, owned?: WeakSet<object>): { results: HandledInput[]; state: InstanceState } {
  const results: HandledInput[] = [];
  let current = state;
  for (const input of inputs) {
    const result = handle(current, input, registry, owned);
    if (!result.ok) {
      results.push(result);
      continue;
    }
    results.push({ ok: true, events: result.events });
    current = result.state;
  }
  return { results, state: current };
}

/** Does this actor satisfy the task's assignee rule? Roles on an ancestor are expanded by the host. */
export function isAssignee(assignee: Assignee, actor: Actor, context: InstanceContext): boolean {
  if ('member' in assignee) return actor.member?.org === context.org.code && actor.member.id === assignee.member;
  return actor.roles.some((r) => r.role === assignee.role && r.org === assignee.org);
}

/** The rubric `id` when a step of the definition pins it in its params (a committee's sheet), else undefined. */
export function pinnedRubricOf(definition: Pick<ProcedureDefinition, 'steps'>, registry: StepRegistry, id: string): RubricContribution | undefined {
  for (const ref of definition.steps) {
    const step = registry.hasStep(ref.kind) ? registry.step(ref.kind) : undefined;
    if (!step?.pinnedRubric) continue;
    const params = step.params.safeParse(ref.params);
    const rubric = params.success ? step.pinnedRubric(params.data) : undefined;
    if (rubric?.id === id) return rubric;
  }
  return undefined;
}

/** Builds the context a step sees. Exposed so hosts can evaluate forms (e.g. to render a task's schema). */
export function stepContext(state: InstanceState, registry: StepRegistry, stepId: string, now: string): AnyStepContext {
  const ref = state.definition.steps.find((s) => s.id === stepId);
  if (!ref) throw new Error(`Unknown step "${stepId}" in ${state.definition.key}@${state.definition.version}`);
  const step = registry.step(ref.kind);
  return {
    instanceId: state.instanceId,
    stepId,
    visit: state.visits[stepId] ?? 0,
    params: step.params.parse(ref.params),
    state: state.stepStates[stepId] ?? step.initialState,
    facts: state.facts,
    context: state.context,
    now,
    current: state.cursor >= 0 && state.definition.steps[state.cursor]?.id === stepId,
    tasks: Object.values(state.tasks).filter((t) => t.stepId === stepId),
    children: state.children,
    childrenReported: reportedChildren(state),
    documents: state.documents,
    findings: activeFindings(state),
    rubric: (id) => pinnedRubricOf(state.definition, registry, id) ?? registry.rubric(id),
    hasAddable: (alias) => registry.hasAddable(alias),
    hasRubric: (id) => registry.hasRubric(id) || pinnedRubricOf(state.definition, registry, id) !== undefined,
  };
}

/** Accumulates the events of one input, applying each as it goes so steps see their own effects. */
class Run {
  private readonly events: ProcedureEvent[] = [];
  private transitions = 0;

  constructor(
    private state: InstanceState,
    private readonly registry: StepRegistry,
    private readonly at: string,
    private readonly owned?: WeakSet<object>,
  ) {}

  emit(event: ProcedureEvent): void {
    // An instance that ends leaves no timer behind: hosts would otherwise keep firing (or keep listing) timers that
    // nothing will ever react to. Cancelled just before the end, so the log reads "cancelled, then completed".
    if (event.type === 'instance-completed' || event.type === 'instance-failed') {
      for (const timer of Object.values(this.state.timers)) {
        if (timer.status === 'scheduled') this.push({ type: 'timer-cancelled', at: event.at, timerId: timer.id });
      }
      // Likewise a standing task (the only kind a completed step leaves open): nobody can submit it any more.
      for (const task of Object.values(this.state.tasks)) {
        if (task.standing && task.status === 'open') this.push({ type: 'task-cancelled', at: event.at, taskId: task.id });
      }
    }
    this.push(event);
  }

  private push(event: ProcedureEvent): void {
    this.events.push(event);
    this.state = evolve(this.state, event, this.owned);
  }

  result(): HandleResult {
    return { ok: true, events: this.events, state: this.state };
  }

  stepOf(stepId: string): AnyStepDefinition {
    const ref = this.state.definition.steps.find((s) => s.id === stepId);
    if (!ref) throw new Error(`Unknown step "${stepId}"`);
    return this.registry.step(ref.kind);
  }

  ctx(stepId: string): AnyStepContext {
    return stepContext(this.state, this.registry, stepId, this.at);
  }

  submit(taskId: string, by: Actor, raw: unknown): HandleResult {
    const task = this.state.tasks[taskId];
    if (!task || task.status !== 'open') {
      const message = !task
        ? 'Nhiệm vụ này chưa được mở: các bước trước nó chưa hoàn thành'
        : task.status === 'submitted'
          ? 'Nhiệm vụ này đã được nộp'
          : 'Nhiệm vụ này đã bị hủy';
      return { ok: false, rejection: reject('task-not-open', { path: 'taskId', rule: 'task-not-open', message }) };
    }
    if (!isAssignee(task.assignee, by, this.state.context)) {
      return {
        ok: false,
        rejection: reject('not-assignee', { path: 'by', rule: 'not-assignee', message: 'Nhiệm vụ này được giao cho người khác' }),
      };
    }
    const step = this.stepOf(task.stepId);
    const definition = step.tasks[task.task];
    if (!definition) throw new Error(`Step ${step.name} has no task "${task.task}"`);
    const ctx = this.ctx(task.stepId);
    const form = typeof definition.form === 'function' ? definition.form(ctx) : definition.form;
    const parsed = parseVi(form, raw);
    if (!parsed.success) return { ok: false, rejection: { code: 'validation', message: parsed.issues[0]!.message, issues: parsed.issues } };
    const issues = definition.validate?.(ctx, parsed.data, task) ?? [];
    if (issues.length) return { ok: false, rejection: { code: 'validation', message: issues[0]!.message, issues } };
    this.emit({ type: 'task-submitted', at: this.at, taskId, by, input: parsed.data });
    const submitted = this.state.tasks[taskId] as TaskRecord;
    this.apply(task.stepId, definition.submit(this.ctx(task.stepId), parsed.data, by, submitted));
    return this.result();
  }

  /** Enters a step (again, for loops) and applies its start reaction. */
  enter(stepId: string): void {
    if (++this.transitions > MAX_TRANSITIONS) {
      this.emit({ type: 'instance-failed', at: this.at, reason: `Quy trình lặp vô hạn tại bước "${stepId}"` });
      return;
    }
    this.emit({ type: 'step-entered', at: this.at, stepId, visit: (this.state.visits[stepId] ?? 0) + 1 });
    this.apply(stepId, this.stepOf(stepId).start(this.ctx(stepId)));
  }

  /** Turns a reaction into events. `mayComplete` is false for reactions that cannot move the cursor. */
  apply(stepId: string, reaction: Reaction<unknown>, mayComplete = true): void {
    const at = this.at;
    const visit = this.state.visits[stepId] ?? 0;
    const undeclared = (reaction.effects ?? []).find((e) => !(this.stepOf(stepId).effects ?? []).includes(e.name));
    if (undeclared) {
      // Deterministic, like everything here: the step asked for something its plugin never said it would (and the
      // host's start-up check relies on), so the instance fails, with nothing of the reaction recorded, instead of running an effect nobody vetted.
      this.emit({ type: 'instance-failed', at, reason: `Bước "${stepId}" yêu cầu tác vụ "${undeclared.name}" mà bước này không khai báo` });
      return;
    }
    if (reaction.state !== undefined) this.emit({ type: 'step-state-changed', at, stepId, state: reaction.state });
    for (const [name, value] of Object.entries(reaction.facts ?? {})) this.emit({ type: 'fact-recorded', at, stepId, name, value });
    for (const { code, reason, params } of reaction.resolveFindings ?? []) {
      if (activeFindings(this.state).includes(code)) this.emit({ type: 'finding-resolved', at, stepId, code, reason, ...(params && Object.keys(params).length ? { params } : {}) });
    }
    for (const finding of reaction.findings ?? []) {
      if (!activeFindings(this.state).includes(finding.code)) {
        this.emit({
          type: 'finding-recorded',
          at,
          stepId,
          code: finding.code,
          ...(finding.detail ? { detail: finding.detail } : {}),
          ...(finding.params && Object.keys(finding.params).length ? { params: finding.params } : {}),
        });
      }
    }
    for (const key of reaction.cancelTasks ?? []) {
      const taskId = taskIdOf(stepId, visit, key);
      if (this.state.tasks[taskId]?.status === 'open') this.emit({ type: 'task-cancelled', at, taskId });
    }
    for (const spec of reaction.openTasks ?? []) {
      const taskId = taskIdOf(stepId, visit, spec.key);
      if (this.state.tasks[taskId]) continue;
      this.emit({
        type: 'task-opened',
        at,
        taskId,
        stepId,
        key: spec.key,
        task: spec.task,
        assignee: spec.assignee,
        title: spec.title,
        ...(spec.dueAt ? { dueAt: spec.dueAt } : {}),
        ...(spec.prefill ? { prefill: spec.prefill } : {}),
        ...(spec.standing ? { standing: true as const } : {}),
      });
    }
    for (const key of reaction.cancelTimers ?? []) {
      const timerId = `${stepId}.${key}`;
      if (this.state.timers[timerId]?.status === 'scheduled') this.emit({ type: 'timer-cancelled', at, timerId });
    }
    for (const { step, key } of reaction.cancelStepTimers ?? []) {
      const timerId = `${step}.${key}`;
      if (this.state.timers[timerId]?.status === 'scheduled') this.emit({ type: 'timer-cancelled', at, timerId });
    }
    for (const timer of reaction.timers ?? []) {
      const timerId = `${stepId}.${timer.key}`;
      if (this.state.timers[timerId]) continue;
      this.emit({ type: 'timer-scheduled', at, timerId, stepId, key: timer.key, fireAt: timer.fireAt, ...(timer.payload ? { payload: timer.payload } : {}) });
    }
    for (const effect of reaction.effects ?? []) {
      const effectId = `${stepId}.${visit}.${effect.key}`;
      if (this.state.effects[effectId]) continue;
      this.emit({ type: 'effect-requested', at, effectId, stepId, name: effect.name, input: effect.input });
    }
    for (const batch of [reaction.startChildren ?? []].flat()) {
      if (!this.state.batches[batch.batch]) this.emit({ type: 'children-requested', at, stepId, ...batch });
    }
    if (reaction.notifyParent && this.state.parent) {
      const notificationId = `${stepId}.${reaction.notifyParent.key}`;
      if (!this.state.notifications[notificationId]) {
        this.emit({ type: 'parent-notification-requested', at, notificationId, report: reaction.notifyParent.report });
      }
    }
    if (reaction.fail) {
      this.emit({ type: 'instance-failed', at, reason: reaction.fail.reason });
      return;
    }
    const current = this.state.cursor >= 0 && this.state.definition.steps[this.state.cursor]?.id === stepId;
    if (reaction.complete && mayComplete && current && this.state.status === 'running') this.completeStep(stepId, reaction.complete);
  }

  private completeStep(stepId: string, complete: NonNullable<Reaction<unknown>['complete']>): void {
    for (const task of Object.values(this.state.tasks)) {
      if (task.stepId === stepId && task.status === 'open' && !task.standing) this.emit({ type: 'task-cancelled', at: this.at, taskId: task.id });
    }
    this.emit({
      type: 'step-completed',
      at: this.at,
      stepId,
      ...(complete.output !== undefined ? { output: complete.output } : {}),
      ...(complete.goto ? { goto: complete.goto } : {}),
    });
    const steps = this.state.definition.steps;
    const index = complete.goto ? steps.findIndex((s) => s.id === complete.goto) : steps.findIndex((s) => s.id === stepId) + 1;
    if (complete.goto && index < 0) {
      this.emit({ type: 'instance-failed', at: this.at, reason: `Bước "${stepId}" chuyển tới bước không tồn tại "${complete.goto}"` });
      return;
    }
    const next = steps[index];
    if (next) this.enter(next.id);
    else this.emit({ type: 'instance-completed', at: this.at });
  }
}

/** A task's id within its instance: step, visit and key, so a loop re-opens a task under a new id. */
export function taskIdOf(stepId: string, visit: number, key: string): string {
  return `${stepId}.${visit}.${key}`;
}
