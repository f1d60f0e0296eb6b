import { OrgUnit, Task, User } from '@chibo/db';
import { fact, FACTS, isAssignee, taskForm, type Actor, type InstanceState, type RosterMember, type StepRef } from '@chibo/procedure';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { ScopeService } from '../../auth/scope.service';
import { NotFoundError } from '../../common/errors';
import { ActorService } from '../../engine/actor.service';
import { ProcedureEngine } from '../../engine/procedure-engine';
import type { TaskPage } from '@chibo/host';
import type { JsonSchema } from '../forms/schema-form';
import { WEB_CONTRIBUTIONS } from '../plugins/web-contributions';

/** Which page a task gets: the page its step's plugin contributes, or a form generated from the task's schema. */
export type TaskPageKind = 'page' | 'generic';

/** Everything a task page needs, loaded once per request. */
export interface TaskContext {
  task: Task;
  org: OrgUnit;
  state: InstanceState;
  step: StepRef;
  /** The step's parameters, with defaults (e.g. the rubric, the vote threshold). */
  params: Record<string, unknown>;
  kind: TaskPageKind;
  /** The page the step's plugin contributes for this task (ADR 0023); none: a form generated from the schema. */
  page: TaskPage<unknown> | null;
  actor: Actor;
  /** The form (JSON Schema and prefill) while the task is open. */
  form: { schema: JsonSchema; prefill: Record<string, unknown> } | null;
  /** True when this user is the one the task is assigned to (the engine decides again on submit). */
  canSubmit: boolean;
  roster: RosterMember[];
  /** Who submitted it, for a task that is done. */
  submittedBy: string | null;
}

@Injectable()
export class TaskContextService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly actors: ActorService,
  ) {}

  /** A task the user may see (404 like the API otherwise), with its instance's state and form. */
  async load(user: AuthUser, taskId: string): Promise<TaskContext> {
    const task = await this.ds.manager.findOne(Task, { where: { id: taskId } }).catch(() => null);
    const org = task ? await this.ds.manager.findOne(OrgUnit, { where: { id: task.orgId } }) : null;
    if (!task || !org || !this.scope.canSee(user, org.path)) throw new NotFoundError(`Không tìm thấy nhiệm vụ ${taskId}`).worded('task-not-found', { task: taskId });
    const state = await this.engine.state(task.instanceId);
    const record = state.tasks[task.taskId];
    const step = state.definition.steps.find((s) => s.id === task.stepId);
    if (!record || !step) throw new NotFoundError(`Không tìm thấy nhiệm vụ ${taskId}`).worded('task-not-found', { task: taskId });
    const definition = this.engine.registry.step(step.kind);
    const params = definition.params.parse(step.params) as Record<string, unknown>;
    const actor = this.actors.actorFor(user, org);
    const form = task.status === 'open' ? (taskForm(state, this.engine.registry, task.taskId) ?? null) : null;
    const page = WEB_CONTRIBUTIONS.pageOf(step.kind, record.task) ?? null;
    const submitter = task.submittedBy ? await this.ds.manager.findOne(User, { where: { id: task.submittedBy } }) : null;
    return {
      task,
      org,
      state,
      step,
      params,
      kind: page ? 'page' : 'generic',
      page,
      actor,
      form: form ? { schema: form.schema as JsonSchema, prefill: form.prefill } : null,
      canSubmit: task.status === 'open' && !this.scope.isReadOnly(user) && isAssignee(record.assignee, actor, state.context),
      roster: state.context.org.members,
      submittedBy: submitter?.displayName ?? null,
    };
  }

  /** Display names of users by id (who submitted what). */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const users = await this.ds.manager.find(User, { where: { id: In(unique) } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}

/** The facts a task page shows next to its form (topic, convened time and place, the draft's author). */
export function taskFacts(state: InstanceState) {
  return {
    plan: fact<{ topic: string; month: string }>(state.facts, FACTS.plan) ?? null,
    convened: fact<{ sessionAt: string; place?: string; online?: boolean; agenda?: string }>(state.facts, FACTS.convened) ?? null,
    draft: fact<{ assignee: string; versions: number; status: string; notes: string[] }>(state.facts, FACTS.draft) ?? null,
  };
}
