import { CoalescingLoader, knownTaskLocation, knownTaskRowId, Member, OrgUnit, rememberTaskRows, Task, type TaskLocation } from '@chibo/db';
import { openTasks, type InstanceState } from '@chibo/procedure';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';

export type { TaskLocation } from '@chibo/db';

/** Tasks as people see them: their inbox and each task's summary. */
@Injectable()
export class TasksService {
  /** Concurrent look-ups of tasks not yet known share one query. */
  private readonly locator = new CoalescingLoader<string, TaskLocation>(async (ids) => {
    const rows = await this.ds.manager.find(Task, { select: { id: true, instanceId: true, taskId: true, orgId: true }, where: { id: In(ids) } });
    return new Map(rows.map((row) => [row.id, row]));
  });

  /** Open tasks by instance: the submissions a group commit acknowledges together list theirs in one query. */
  private readonly openLoader = new CoalescingLoader<string, Task[]>(async (instanceIds) => {
    const rows = await this.ds.manager.find(Task, { where: { instanceId: In(instanceIds), status: 'open' }, order: { openedAt: 'ASC', id: 'ASC' } });
    const byInstance = new Map<string, Task[]>(instanceIds.map((id) => [id, []]));
    for (const row of rows) byInstance.get(row.instanceId)?.push(row);
    return byInstance;
  });

  constructor(private readonly ds: DataSource) {}

  /** The open tasks of an instance, oldest first, as committed now. */
  async openTasks(instanceId: string): Promise<Task[]> {
    return (await this.openLoader.load(instanceId)) ?? [];
  }

  /**
   * Where a task sits, or null when there is no such task. Remembered once found: a task's instance, id and cell
   * never change, so every process may keep them (a submission then spends no query finding its task).
   */
  async locate(id: string): Promise<TaskLocation | null> {
    const known = knownTaskLocation(this.ds.manager, id);
    if (known) return known;
    const task = await this.locator.load(id);
    if (!task) return null;
    rememberTaskRows(this.ds.manager, [task]);
    return task;
  }

  /**
   * The open tasks of an instance as the API shows them, from its state (just returned by a submission), when this
   * process knows the row id of each (the embedded runtime remembers the rows it projects once they commit); else
   * undefined, and the caller reads them (`openTasks`).
   */
  openFromState(state: InstanceState, org: Pick<OrgUnit, 'code' | 'name'>) {
    const views = [];
    for (const task of openTasks(state)) {
      const id = knownTaskRowId(this.ds.manager, state.instanceId, task.id);
      if (!id) return undefined;
      views.push({
        id,
        instanceId: state.instanceId,
        taskId: task.id,
        step: task.stepId,
        key: task.key,
        title: { vi: task.title.vi, en: task.title.en },
        org: { code: org.code, name: org.name },
        status: task.status,
        openedAt: task.openedAt,
        dueAt: task.dueAt ?? null,
        submittedAt: task.submittedAt ?? null,
        prefill: task.prefill ?? null,
      });
    }
    return views;
  }

  /**
   * Open tasks for the user: those assigned to the member they are; role tasks on their own cell for the cell roles
   * they hold (bí thư, chi ủy); and role tasks on any org a grant of theirs covers, for that grant's role.
   */
  async inbox(user: AuthUser) {
    const qb = this.ds.manager
      .createQueryBuilder(Task, 't')
      .innerJoin(OrgUnit, 'o', 'o.id = t.org_id')
      .leftJoin(OrgUnit, 'ao', 'ao.id = t.assignee_org_id')
      .where('t.status = :open', { open: 'open' });
    const clauses: string[] = [];
    const params: Record<string, unknown> = {};
    if (user.memberId) {
      clauses.push('t.assignee_member_id = :memberId');
      params['memberId'] = user.memberId;
      const cellRoles = (user.member?.roles ?? []).map((r) => (r === 'committee' ? 'cell-committee' : r));
      if (cellRoles.length && user.member) {
        clauses.push('(t.assignee_role IN (:...cellRoles) AND t.assignee_org_id = :memberOrg)');
        params['cellRoles'] = cellRoles;
        params['memberOrg'] = user.member.orgId;
      }
    }
    user.grants
      .filter((g) => g.role !== 'auditor')
      .forEach((g, i) => {
        // Escaped like ScopeService.subtreeFilter: "_" in a code (CB_A1) must not match any character (CB-A1).
        clauses.push(`(t.assignee_role = :role${i} AND ao.path LIKE :path${i} ESCAPE '\\')`);
        params[`role${i}`] = g.role;
        params[`path${i}`] = `${g.orgPath.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      });
    if (!clauses.length) return [];
    const rows = await qb
      .andWhere(`(${clauses.join(' OR ')})`, params)
      .select(['t', 'o.code', 'o.name'])
      .addSelect('o.code', 'org_code')
      .addSelect('o.name', 'org_name')
      .orderBy('t.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('t.opened_at', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((task, i) => this.view(task, { code: rows.raw[i].org_code, name: rows.raw[i].org_name }));
  }

  /** A task as the API shows it; its location is remembered, so submitting a task just shown needs no lookup. */
  view(task: Task, org: Pick<OrgUnit, 'code' | 'name'>) {
    rememberTaskRows(this.ds.manager, [task]);
    return {
      id: task.id,
      instanceId: task.instanceId,
      taskId: task.taskId,
      step: task.stepId,
      key: task.key,
      title: { vi: task.titleVi, en: task.titleEn },
      org: { code: org.code, name: org.name },
      status: task.status,
      openedAt: task.openedAt,
      dueAt: task.dueAt,
      submittedAt: task.submittedAt,
      prefill: task.prefill,
    };
  }

  /** Member rows for assignee display. */
  members(orgId: string) {
    return this.ds.manager.find(Member, { where: { orgId } });
  }
}
