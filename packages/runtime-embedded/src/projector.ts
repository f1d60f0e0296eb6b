import {
  Finding,
  findOrgUnit,
  ImmutableFacts,
  insertRows,
  Member,
  MemberAssignment,
  Report,
  Resolution,
  Score,
  SessionAttendance,
  SessionGuest,
  SessionOpinion,
  SessionRecord,
  Task,
  Timer,
  updateFromValues,
  Vote,
} from '@chibo/db';
import { FACTS, type DraftFact, type ProcedureEvent, type ReportFact, type ResolutionFact, type ScoreFact, type SessionFact } from '@chibo/procedure';
import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';

/** The instance a batch of events belongs to, as the read side needs it. */
export interface ProjectionTarget {
  instanceId: string;
  orgId: string;
  guidanceId: string | null;
}

/**
 * Projects events into the read-side tables the API and UI read (tasks, sessions, votes, scores, resolutions, reports,
 * findings, timers). Runs inside the transaction that appends the events, so the read side never disagrees with the
 * log. Both runtimes use it (the Temporal runtime calls it from an activity).
 */
export async function projectEvents(manager: EntityManager, target: ProjectionTarget, events: readonly ProcedureEvent[], sink = new ProjectionSink(manager)): Promise<void> {
  await projectInto(sink, target, events);
  await sink.flush();
}

/**
 * Collects the rows a projection inserts so that many instances (a fan-out batch) are written with a few bulk
 * inserts; any update or delete first flushes what is pending, so the order of effects is kept.
 */
export class ProjectionSink {
  private readonly pending = new Map<abstract new () => object, object[]>();
  /** Task rows waiting to be inserted, by instance and task id (a change to one of them is made to the row). */
  private readonly pendingTasks = new Map<string, Task>();
  /** Status changes of existing task rows, written together at the next flush. */
  private readonly taskChanges: Array<{ instanceId: string; taskId: string; change: TaskChange }> = [];
  /** Org unit ids by code, for this sink's lifetime (one transaction): a fan-out batch looks each cell up once. */
  private readonly orgIds = new Map<string, string | null>();
  constructor(readonly manager: EntityManager) {}

  /** Tells the sink an org unit's id (the caller has the row already), sparing a lookup. */
  knowOrg(code: string, id: string): void {
    this.orgIds.set(code, id);
  }

  /** The id of the org unit with this code (null when there is none). */
  async orgId(code: string): Promise<string | null> {
    if (!this.orgIds.has(code)) this.orgIds.set(code, (await findOrgUnit(this.manager, { code }))?.id ?? null);
    return this.orgIds.get(code) ?? null;
  }

  add<T extends object>(entity: new () => T, row: T): void {
    const rows = this.pending.get(entity) ?? [];
    rows.push(row);
    this.pending.set(entity, rows);
    if (row instanceof Task) this.pendingTasks.set(taskKey(row.instanceId, row.taskId), row);
  }

  /** Changes a task's status: on the row itself when it is still to be inserted, else with the next flush. */
  changeTask(instanceId: string, taskId: string, change: TaskChange): void {
    const row = this.pendingTasks.get(taskKey(instanceId, taskId));
    if (row) Object.assign(row, change);
    else this.taskChanges.push({ instanceId, taskId, change });
  }

  /** Writes everything collected: the inserts, then the task changes. */
  async flush(): Promise<void> {
    await this.flushInserts();
    await this.flushTaskChanges();
  }

  /** Writes the pending inserts (task changes wait for the final flush: nothing reads tasks while projecting). */
  async flushInserts(): Promise<void> {
    for (const [entity, rows] of this.pending) {
      for (let i = 0; i < rows.length; i += 500) await insertRows(this.manager, entity as never, rows.slice(i, i + 500) as never);
    }
    this.pending.clear();
    this.pendingTasks.clear();
  }

  /**
   * Writes the task changes: on PostgreSQL one UPDATE for all the rows that change the same columns (a group commit
   * of many submissions then costs one statement for their tasks), elsewhere one per row.
   */
  private async flushTaskChanges(): Promise<void> {
    const changes = this.taskChanges.splice(0);
    if (!changes.length) return;
    const m = this.manager;
    if (m.connection.options.type !== 'postgres' || changes.length === 1) {
      for (const { instanceId, taskId, change } of changes) await m.update(Task, { instanceId, taskId }, change);
      return;
    }
    const groups = new Map<string, typeof changes>();
    for (const item of changes) {
      const key = Object.keys(item.change).sort().join(',');
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const metadata = m.connection.getMetadata(Task);
    for (const group of groups.values()) {
      const properties = Object.keys(group[0]!.change).sort() as Array<keyof TaskChange>;
      const columns = properties.map((p) => metadata.findColumnWithPropertyName(p)!.databaseName);
      await updateFromValues(m, {
        table: 'tasks',
        columns: ['instance_id', 'task_id', ...columns].map((name) => ({ name, type: 'varchar' })),
        rows: group.map(({ instanceId, taskId, change }) => [instanceId, taskId, ...properties.map((p) => change[p] ?? null)]),
        set: columns.map((c) => `"${c}" = v."${c}"`).join(', '),
        where: 't.instance_id = v.instance_id AND t.task_id = v.task_id',
      });
    }
  }

  /** Runs a write that must see every pending insert. */
  async now<T>(write: (manager: EntityManager) => Promise<T>): Promise<T> {
    await this.flushInserts();
    return write(this.manager);
  }
}

/** Projects one instance's events into a sink (the caller flushes). */
export async function projectInto(sink: ProjectionSink, target: ProjectionTarget, events: readonly ProcedureEvent[], roster?: Member[]): Promise<void> {
  const manager = sink.manager;
  const members = new Lazy(async () => {
    const rows = roster ?? (await manager.find(Member, { where: { orgId: target.orgId } }));
    return new Map(rows.map((m) => [m.code, m]));
  });
  const orgId = (code: string) => sink.orgId(code);
  // A member's id by code: ids and codes never change once a member exists, so they are remembered per database.
  const memberId = async (code: string): Promise<string | null> => {
    const known = memberIds.get(manager, memberKey(target.orgId, code));
    if (known) return known;
    const roster = await members.get();
    for (const member of roster.values()) memberIds.set(manager, memberKey(member.orgId, member.code), member.id);
    return roster.get(code)?.id ?? null;
  };

  for (const event of events) {
    switch (event.type) {
      case 'task-opened': {
        const task = manager.create(Task, {
          id: randomUUID(),
          instanceId: target.instanceId,
          taskId: event.taskId,
          stepId: event.stepId,
          key: event.key,
          task: event.task,
          titleVi: event.title.vi,
          titleEn: event.title.en,
          assigneeMemberId: 'member' in event.assignee ? await memberId(event.assignee.member) : null,
          assigneeRole: 'role' in event.assignee ? event.assignee.role : null,
          assigneeOrgId: 'role' in event.assignee ? await orgId(event.assignee.org) : target.orgId,
          orgId: target.orgId,
          status: 'open',
          openedAt: event.at,
          dueAt: event.dueAt ?? null,
          submittedAt: null,
          submittedBy: null,
          prefill: event.prefill ?? null,
        });
        sink.add(Task, task);
        break;
      }
      case 'task-submitted':
        sink.changeTask(target.instanceId, event.taskId, { status: 'submitted', submittedAt: event.at, submittedBy: event.by.userId });
        break;
      case 'task-cancelled':
        sink.changeTask(target.instanceId, event.taskId, { status: 'cancelled' });
        break;
      case 'timer-scheduled':
        sink.add(Timer, manager.create(Timer, { id: randomUUID(), instanceId: target.instanceId, timerId: event.timerId, fireAt: event.fireAt, status: 'scheduled' }));
        break;
      case 'timer-fired':
      case 'timer-cancelled':
        await sink.now((m) => m.update(Timer, { instanceId: target.instanceId, timerId: event.timerId }, { status: event.type === 'timer-fired' ? 'fired' : 'cancelled' }));
        break;
      case 'finding-recorded':
        sink.add(
          Finding,
          manager.create(Finding, {
            id: randomUUID(),
            instanceId: target.instanceId,
            orgId: target.orgId,
            guidanceId: target.guidanceId,
            code: event.code,
            detail: event.detail ?? null,
            recordedAt: event.at,
            resolvedAt: null,
            resolvedReason: null,
          }),
        );
        break;
      case 'finding-resolved': {
        await sink.flushInserts();
        const open = await manager.findOne(Finding, { where: { instanceId: target.instanceId, code: event.code, resolvedAt: IsNull() }, order: { recordedAt: 'DESC' } });
        if (open) await manager.update(Finding, { id: open.id }, { resolvedAt: event.at, resolvedReason: event.reason });
        break;
      }
      case 'fact-recorded':
        // Facts go to tables of their own (sessions, votes, scores…), never to the rows the sink collects.
        await projectFact(manager, target, event.name, event.value, event.at, members);
        break;
      default:
        break;
    }
  }
}

async function projectFact(
  manager: EntityManager,
  target: ProjectionTarget,
  name: string,
  value: unknown,
  at: string,
  members: Lazy<Map<string, Member>>,
): Promise<void> {
  switch (name) {
    case FACTS.draft: {
      const draft = value as DraftFact;
      const member = (await members.get()).get(draft.assignee);
      if (draft.status === 'assigned' && member) {
        await manager.save(manager.create(MemberAssignment, { memberId: member.id, kind: 'topic-draft', instanceId: target.instanceId, at }));
      }
      break;
    }
    case FACTS.attendance:
      // Written together with the session below (the session fact is recorded first).
      break;
    case FACTS.session: {
      const session = value as SessionFact;
      const roster = await members.get();
      await manager.delete(SessionRecord, { instanceId: target.instanceId });
      const absent = new Map(session.absent.map((a) => [a.member, a]));
      const present = [...roster.values()].filter((m) => !absent.has(m.code));
      const record = await manager.save(
        manager.create(SessionRecord, {
          instanceId: target.instanceId,
          orgId: target.orgId,
          heldAt: session.heldAt,
          minutes: session.minutes,
          place: session.place ?? null,
          online: session.online,
          chair: session.chair,
          clerk: session.clerk,
          presenter: session.presenter ?? '',
          present: present.length,
          eligible: [...roster.values()].filter((m) => m.status !== 'exempt' && m.status !== 'suspended').length,
          total: roster.size,
          presentOfficial: present.filter((m) => m.status === 'official').length,
          presentProbationary: present.filter((m) => m.status === 'probationary').length,
          agenda: session.agenda ?? null,
          conclusion: session.conclusion,
          assignments: session.assignments,
          combined: session.combined,
        }),
      );
      const attendance = [...roster.values()].map((m) =>
        manager.create(SessionAttendance, {
          sessionId: record.id,
          memberCode: m.code,
          memberName: m.name,
          present: !absent.has(m.code),
          reason: absent.get(m.code)?.reason ?? null,
          excused: absent.get(m.code)?.excused ?? false,
        }),
      );
      if (attendance.length) await manager.save(attendance, { chunk: 200 });
      const opinions = session.opinions.map((o, seq) =>
        manager.create(SessionOpinion, {
          sessionId: record.id,
          seq: seq + 1,
          memberCode: o.guest ? null : o.by,
          speakerName: o.guest ? o.by : (roster.get(o.by)?.name ?? o.by),
          text: o.text,
        }),
      );
      if (opinions.length) await manager.save(opinions, { chunk: 200 });
      const guests = session.guests.map((g) => manager.create(SessionGuest, { sessionId: record.id, name: g.name, title: g.title }));
      if (guests.length) await manager.save(guests);
      break;
    }
    case FACTS.score: {
      const score = value as ScoreFact;
      await manager.delete(Score, { instanceId: target.instanceId });
      await manager.save(
        manager.create(Score, { instanceId: target.instanceId, rubric: score.rubric, marks: score.marks ?? null, total: score.total, rating: score.rating, capped: score.capped, recordedAt: at }),
      );
      break;
    }
    case FACTS.resolution: {
      const resolution = value as ResolutionFact;
      await manager.delete(Vote, { instanceId: target.instanceId });
      await manager.delete(Resolution, { instanceId: target.instanceId });
      await manager.save(
        manager.create(Vote, {
          instanceId: target.instanceId,
          forCount: resolution.for,
          againstCount: resolution.against,
          abstainCount: resolution.abstain,
          denominator: resolution.denominator,
          required: resolution.required,
          adopted: resolution.adopted,
          method: resolution.method,
          voters: null,
          recordedAt: at,
        }),
      );
      await manager.save(
        manager.create(Resolution, { instanceId: target.instanceId, title: resolution.title, decisions: resolution.decisions, adopted: resolution.adopted, documentId: null }),
      );
      break;
    }
    case FACTS.report: {
      const report = value as ReportFact;
      await manager.delete(Report, { instanceId: target.instanceId });
      await manager.save(
        manager.create(Report, {
          instanceId: target.instanceId,
          orgId: target.orgId,
          guidanceId: target.guidanceId,
          submittedAt: report.at,
          onTime: report.onTime,
          summary: { summary: report.summary ?? null },
        }),
      );
      break;
    }
    default:
      break;
  }
}

/** Members' ids by org and code (a member's id and code never change). */
const memberIds = new ImmutableFacts<string, string>(100_000);

function memberKey(orgId: string, code: string): string {
  return `${orgId}\u0000${code}`;
}

/** What a task's projection changes after it is opened. */
type TaskChange = Partial<Pick<Task, 'status' | 'submittedAt' | 'submittedBy'>>;

function taskKey(instanceId: string, taskId: string): string {
  return `${instanceId}\u0000${taskId}`;
}

class Lazy<T> {
  private value?: Promise<T>;
  constructor(private readonly load: () => Promise<T>) {}
  get(): Promise<T> {
    this.value ??= this.load();
    return this.value;
  }
}

