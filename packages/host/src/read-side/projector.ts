import {
  Finding,
  findOrgUnit,
  Guidance,
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
  Vote,
  CombinedWrite,
} from '@chibo/db';
import { FACTS, type DraftFact, type ProcedureEvent, type ReportFact, type ResolutionFact, type ScoreFact, type SessionFact } from '@chibo/procedure';
import { randomUUID } from 'node:crypto';
import { In, IsNull, type EntityManager } from 'typeorm';

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
 * Collects what a projection writes so that many instances (a fan-out batch, a group commit) are written with a few
 * statements: the rows to insert, by entity; the status changes of existing tasks and timers; the facts that replace
 * an instance's earlier rows (a session recorded again). `flush` writes them; on PostgreSQL `flushInto` adds them to
 * one combined statement instead.
 */
export class ProjectionSink {
  private readonly pending = new Map<abstract new () => object, object[]>();
  /** Task rows waiting to be inserted, by instance and task id (a change to one of them is made to the row). */
  private readonly pendingTasks = new Map<string, Task>();
  /** Timer rows waiting to be inserted, likewise. */
  private readonly pendingTimers = new Map<string, Timer>();
  /** Status changes of existing task rows, written together at the next flush. */
  private readonly taskChanges: Array<{ instanceId: string; taskId: string; change: TaskChange }> = [];
  /** Status changes of existing timer rows, likewise. */
  private readonly timerChanges: Array<{ instanceId: string; timerId: string; status: Timer['status'] }> = [];
  /** Facts replacing an instance's rows, by fact and instance: the last one recorded in the batch wins. */
  private readonly facts = new Map<string, ReplacedFact>();
  /** Every task row this sink was given (the runtime remembers where they sit once they commit). */
  readonly tasksOpened: Task[] = [];
  /** Org unit ids by code, for this sink's lifetime (one transaction): a fan-out batch looks each cell up once. */
  private readonly orgIds = new Map<string, string | null>();
  /** Members of org units, for this sink's lifetime (one transaction). */
  private readonly rosters = new Map<string, Promise<Member[]>>();
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

  /** Tells the sink an org unit's members (the caller has them already). */
  knowRoster(orgId: string, members: Member[]): void {
    this.rosters.set(orgId, Promise.resolve(members));
  }

  /** Loads the members of several org units in one query (those the projections of a batch will ask for). */
  async prefetchRosters(orgIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(orgIds)].filter((id) => !this.rosters.has(id));
    if (missing.length < 2) return;
    const all = this.manager.find(Member, { where: { orgId: In(missing) } });
    for (const id of missing) this.rosters.set(id, all.then((rows) => rows.filter((m) => m.orgId === id)));
    await all;
  }

  /** The members of an org unit (read once per sink). */
  roster(orgId: string): Promise<Member[]> {
    let roster = this.rosters.get(orgId);
    if (!roster) this.rosters.set(orgId, (roster = this.manager.find(Member, { where: { orgId } })));
    return roster;
  }

  add<T extends object>(entity: new () => T, row: T): void {
    const rows = this.pending.get(entity) ?? [];
    rows.push(row);
    this.pending.set(entity, rows);
    if (row instanceof Task) {
      this.pendingTasks.set(taskKey(row.instanceId, row.taskId), row);
      this.tasksOpened.push(row);
    }
    if (row instanceof Timer) this.pendingTimers.set(taskKey(row.instanceId, row.timerId), row);
  }

  /** Changes a task's status: on the row itself when it is still to be inserted, else with the next flush. */
  changeTask(instanceId: string, taskId: string, change: TaskChange): void {
    const row = this.pendingTasks.get(taskKey(instanceId, taskId));
    if (row) Object.assign(row, change);
    else this.taskChanges.push({ instanceId, taskId, change });
  }

  /** Changes a timer's status, likewise. */
  changeTimer(instanceId: string, timerId: string, status: Timer['status']): void {
    const row = this.pendingTimers.get(taskKey(instanceId, timerId));
    if (row) row.status = status;
    else this.timerChanges.push({ instanceId, timerId, status });
  }

  /**
   * Replaces what an instance has for a fact: `rows` (by entity, parents first) are inserted at the flush, after the
   * instance's rows in `replaces` are deleted when `existed` says there may be some. Recorded again in the same batch,
   * the later rows win.
   */
  replaceFact(fact: string, instanceId: string, existed: boolean, replaces: ReadonlyArray<abstract new () => object>, rows: ReadonlyArray<readonly [abstract new () => object, object[]]>): void {
    const key = taskKey(fact, instanceId);
    const earlier = this.facts.get(key);
    this.facts.set(key, { instanceId, existed: existed || Boolean(earlier?.existed), replaces, rows });
  }

  /**
   * Writes everything collected: the deletions of replaced facts, the inserts, then the status changes (on PostgreSQL
   * the inserts and changes in one statement).
   */
  async flush(): Promise<void> {
    if (this.manager.connection.options.type === 'postgres') {
      const combined = new CombinedWrite(this.manager);
      await this.flushInto(combined);
      await combined.execute();
      return;
    }
    await this.deleteReplaced();
    await this.flushInserts();
    for (const { instanceId, taskId, change } of this.taskChanges.splice(0)) await this.manager.update(Task, { instanceId, taskId }, change);
    for (const { instanceId, timerId, status } of this.timerChanges.splice(0)) await this.manager.update(Timer, { instanceId, timerId }, { status });
  }

  /**
   * PostgreSQL: deletes the rows replaced facts replace (a statement of its own: the new rows may have the same unique
   * keys), then adds the inserts and status changes to `combined`, which the caller executes with its other writes.
   */
  async flushInto(combined: CombinedWrite): Promise<void> {
    await this.deleteReplaced();
    for (const [entity, rows] of this.takeInserts()) await combined.insert(entity as never, rows as never);
    const changes = this.taskChanges.splice(0);
    const metadata = this.manager.connection.getMetadata(Task);
    for (const group of groupByColumns(changes)) {
      const properties = Object.keys(group[0]!.change).sort() as Array<keyof TaskChange>;
      const columns = properties.map((p) => metadata.findColumnWithPropertyName(p)!.databaseName);
      combined.update({
        table: 'tasks',
        columns: ['instance_id', 'task_id', ...columns].map((name) => ({ name, type: 'varchar' })),
        rows: group.map(({ instanceId, taskId, change }) => [instanceId, taskId, ...properties.map((p) => change[p] ?? null)]),
        set: columns.map((c) => `"${c}" = v."${c}"`).join(', '),
        where: 't.instance_id = v.instance_id AND t.task_id = v.task_id',
      });
    }
    const timers = this.timerChanges.splice(0);
    combined.update({
      table: 'timers',
      columns: ['instance_id', 'timer_id', 'status'].map((name) => ({ name, type: 'varchar' })),
      rows: timers.map((t) => [t.instanceId, t.timerId, t.status]),
      set: 'status = v.status',
      where: 't.instance_id = v.instance_id AND t.timer_id = v.timer_id',
    });
  }

  /** Writes the pending inserts, a statement per entity and 500 rows (outside PostgreSQL). */
  private async flushInserts(): Promise<void> {
    for (const [entity, rows] of this.takeInserts()) {
      for (let i = 0; i < rows.length; i += 500) await insertRows(this.manager, entity as never, rows.slice(i, i + 500) as never);
    }
  }

  /** The rows to insert, by entity, in an order that puts referenced rows first; the sink forgets them. */
  private takeInserts(): Array<[abstract new () => object, object[]]> {
    const out = new Map(this.pending);
    for (const fact of this.facts.values()) {
      for (const [entity, rows] of fact.rows) if (rows.length) out.set(entity, [...(out.get(entity) ?? []), ...rows]);
    }
    this.pending.clear();
    this.pendingTasks.clear();
    this.pendingTimers.clear();
    this.facts.clear();
    return [...out].sort(([a], [b]) => insertRank(a) - insertRank(b));
  }

  /** Deletes, per table, the rows of the instances whose facts are replaced and may have had rows. */
  private async deleteReplaced(): Promise<void> {
    const byEntity = new Map<abstract new () => object, Set<string>>();
    for (const fact of this.facts.values()) {
      if (!fact.existed) continue;
      for (const entity of fact.replaces) byEntity.set(entity, (byEntity.get(entity) ?? new Set()).add(fact.instanceId));
    }
    for (const [entity, ids] of byEntity) await this.manager.delete(entity as never, { instanceId: In([...ids]) });
  }

}

/** A fact's rows replacing an instance's earlier ones (see `ProjectionSink.replaceFact`). */
interface ReplacedFact {
  instanceId: string;
  existed: boolean;
  replaces: ReadonlyArray<abstract new () => object>;
  rows: ReadonlyArray<readonly [abstract new () => object, object[]]>;
}

/** Tables whose rows others refer to are inserted first (a session before its attendance, opinions and guests). */
function insertRank(entity: abstract new () => object): number {
  return entity === SessionAttendance || entity === SessionOpinion || entity === SessionGuest ? 1 : 0;
}

/** Task changes grouped by the columns they set (one UPDATE per group). */
function groupByColumns(changes: Array<{ instanceId: string; taskId: string; change: TaskChange }>): Array<typeof changes> {
  const groups = new Map<string, typeof changes>();
  for (const item of changes) {
    const key = Object.keys(item.change).sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/** What a projection may be told besides the events. */
export interface ProjectionOptions {
  /** The instance's org unit members, when the caller has them (a new instance's roster). */
  roster?: Member[];
  /**
   * The instance's facts before these events. A fact absent from them has no rows to replace on the read side;
   * without them, every fact recorded replaces whatever rows there may be.
   */
  priorFacts?: Readonly<Record<string, unknown>>;
}

/** Projects one instance's events into a sink (the caller flushes). */
export async function projectInto(sink: ProjectionSink, target: ProjectionTarget, events: readonly ProcedureEvent[], options: ProjectionOptions = {}): Promise<void> {
  const manager = sink.manager;
  if (options.roster) sink.knowRoster(target.orgId, options.roster);
  const members = new Lazy(async () => new Map((await sink.roster(target.orgId)).map((m) => [m.code, m])));
  const existed = (fact: string) => !options.priorFacts || fact in options.priorFacts;
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
        sink.changeTimer(target.instanceId, event.timerId, event.type === 'timer-fired' ? 'fired' : 'cancelled');
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
        await sink.flush();
        const open = await manager.findOne(Finding, { where: { instanceId: target.instanceId, code: event.code, resolvedAt: IsNull() }, order: { recordedAt: 'DESC' } });
        if (open) await manager.update(Finding, { id: open.id }, { resolvedAt: event.at, resolvedReason: event.reason });
        break;
      }
      case 'fact-recorded':
        // Facts go to tables of their own (sessions, votes, scores…), never to the rows the sink collects.
        await projectFact(sink, target, event.name, event.value, event.at, members, existed(event.name));
        break;
      default:
        break;
    }
  }
}

async function projectFact(
  sink: ProjectionSink,
  target: ProjectionTarget,
  name: string,
  value: unknown,
  at: string,
  members: Lazy<Map<string, Member>>,
  existed: boolean,
): Promise<void> {
  const manager = sink.manager;
  switch (name) {
    case FACTS.draft: {
      const draft = value as DraftFact;
      const member = (await members.get()).get(draft.assignee);
      if (draft.status === 'assigned' && member) {
        sink.add(MemberAssignment, manager.create(MemberAssignment, { id: randomUUID(), memberId: member.id, kind: 'topic-draft', instanceId: target.instanceId, at }));
      }
      break;
    }
    case FACTS.attendance:
      // Written together with the session below (the session fact is recorded first).
      break;
    case FACTS.session: {
      const session = value as SessionFact;
      const roster = await members.get();
      const absent = new Map(session.absent.map((a) => [a.member, a]));
      const present = [...roster.values()].filter((m) => !absent.has(m.code));
      const record = manager.create(SessionRecord, {
        id: randomUUID(),
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
      });
      const attendance = [...roster.values()].map((m) =>
        manager.create(SessionAttendance, {
          id: randomUUID(),
          sessionId: record.id,
          memberCode: m.code,
          memberName: m.name,
          present: !absent.has(m.code),
          reason: absent.get(m.code)?.reason ?? null,
          excused: absent.get(m.code)?.excused ?? false,
        }),
      );
      const opinions = session.opinions.map((o, seq) =>
        manager.create(SessionOpinion, {
          id: randomUUID(),
          sessionId: record.id,
          seq: seq + 1,
          memberCode: o.guest ? null : o.by,
          speakerName: o.guest ? o.by : (roster.get(o.by)?.name ?? o.by),
          text: o.text,
        }),
      );
      const guests = session.guests.map((g) => manager.create(SessionGuest, { id: randomUUID(), sessionId: record.id, name: g.name, title: g.title }));
      // The session's attendance, opinions and guests go with it (deleted by cascade).
      sink.replaceFact(name, target.instanceId, existed, [SessionRecord], [
        [SessionRecord, [record]],
        [SessionAttendance, attendance],
        [SessionOpinion, opinions],
        [SessionGuest, guests],
      ]);
      break;
    }
    case FACTS.score: {
      const score = value as ScoreFact;
      sink.replaceFact(name, target.instanceId, existed, [Score], [
        [Score, [manager.create(Score, { id: randomUUID(), instanceId: target.instanceId, rubric: score.rubric, marks: score.marks ?? null, total: score.total, rating: score.rating, capped: score.capped, recordedAt: at })]],
      ]);
      break;
    }
    case FACTS.resolution: {
      const resolution = value as ResolutionFact;
      const vote = manager.create(Vote, {
        id: randomUUID(),
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
      });
      const adopted = manager.create(Resolution, { id: randomUUID(), instanceId: target.instanceId, title: resolution.title, decisions: resolution.decisions, adopted: resolution.adopted, documentId: null });
      sink.replaceFact(name, target.instanceId, existed, [Vote, Resolution], [
        [Vote, [vote]],
        [Resolution, [adopted]],
      ]);
      break;
    }
    case FACTS.report: {
      const report = value as ReportFact;
      sink.replaceFact(name, target.instanceId, existed, [Report], [
        [
          Report,
          [
            manager.create(Report, {
              id: randomUUID(),
              instanceId: target.instanceId,
              orgId: target.orgId,
              guidanceId: target.guidanceId,
              submittedAt: report.at,
              onTime: report.onTime,
              summary: { summary: report.summary ?? null },
            }),
          ],
        ],
      ]);
      break;
    }
    case IMPLEMENTATION_FACT:
      await recordImplementingGuidance(manager, target, value as ImplementationFact, at);
      break;
    default:
      break;
  }
}

/** The fact a committee's implementation records (the guidance plugin's `implementation`, DESIGN §5 "Cascades"). */
const IMPLEMENTATION_FACT = 'implementation';

/** What the read side takes from that fact. */
interface ImplementationFact {
  number: string;
  issuedOn: string;
  title: string;
  sessionBy?: string;
  reportBy?: string;
  basedOn?: Array<{ number: string; issuedOn: string }>;
  addSteps?: string[];
  rubric?: string;
  procedure?: { key: string; version: number };
}

/**
 * A committee's implementing guidance gets a guidance row of its own (issuer: the committee, instance: its
 * implementation), so it is listed, shown and rolled up like any guidance at its level. Its number is the committee's;
 * should it clash with a guidance the committee issued itself, the existing row is kept (the implementation is still
 * reachable through its superior's guidance) rather than failing the committee's submission.
 */
async function recordImplementingGuidance(manager: EntityManager, target: ProjectionTarget, fact: ImplementationFact, at: string): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(Guidance)
    .values({
      id: randomUUID(),
      issuerOrgId: target.orgId,
      number: fact.number,
      issuedOn: fact.issuedOn,
      title: fact.title,
      basedOn: fact.basedOn ?? [],
      procedureKey: fact.procedure?.key ?? 'guidance-implementation',
      procedureVersion: fact.procedure?.version ?? 1,
      addSteps: fact.addSteps ?? [],
      rubric: fact.rubric ?? '',
      sessionBy: fact.sessionBy ?? null,
      reportBy: fact.reportBy ?? null,
      scope: 'all',
      rollupAt: null,
      instanceId: target.instanceId,
      status: 'issued',
      createdAt: at,
    })
    .orIgnore()
    .execute();
}

/** Whether projecting these events reads the org unit's roster (sessions and draft assignments list members). */
export function rosterNeeded(events: readonly ProcedureEvent[]): boolean {
  return events.some((e) => e.type === 'fact-recorded' && (e.name === FACTS.session || e.name === FACTS.draft));
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

