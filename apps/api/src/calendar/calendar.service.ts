import { findOrgUnit, OrgUnit, ProcedureInstance } from '@chibo/db';

type OrgUnitRow = OrgUnit;
import { ANNUAL_PLAN_FACT, byDate, CALENDAR_FACT, calendarEventId, MOVE_SESSION_TASK, YEAR_FACT, yearInstanceId, type AnnualPlanFact, type CalendarFact, type YearFact } from '@chibo/plugin-regular-session';
import { activeFindings, FACTS, memberName, type InstanceState, type PlanFact, type SessionFact } from '@chibo/procedure';
import { compareInstants, localDate, parseLocal } from '@chibo/rules';
import { NotFoundError as EngineNotFound, RejectedError } from '@chibo/runtime-embedded';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { ConflictError, NotFoundError } from '../common/errors';
import { ActorService } from '../engine/actor.service';
import { ProcedureEngine } from '../engine/procedure-engine';
import { actingOrg, visibleOrg } from '../engine/org-access';

/** One session on a cell's calendar: scheduled by the cell (its calendar) or started by a committee's guidance. */
export interface CalendarSession {
  /** The calendar key (`TK-2018-03`) or, for a guidance's session, its instance id. */
  id: string;
  kind: 'regular' | 'thematic';
  source: 'calendar' | 'guidance';
  title: string;
  /** When it is held (planned, convened or held), an instant. */
  at: string;
  minutes: number;
  place: string | null;
  topic: string | null;
  preparer: string | null;
  description: string;
  /** Its procedure instance once started. */
  instanceId: string | null;
  status: 'scheduled' | 'preparing' | 'held' | 'completed' | 'overdue' | 'failed';
  rating: string | null;
  guidance: { number: string; issuedOn: string; issuer: string } | null;
  /** How many times it was moved (the iCalendar SEQUENCE of its event; 0 when never). */
  sequence: number;
  /**
   * The id its iCalendar UID is made from (`sessionEventUid`): a calendar session's `year:<cell>:<year>/<key>`, a
   * guidance's session its instance id — the same as the convene invitation and the move updates (ADR 0029).
   */
  eventId: string;
  /** Whether the secretary can still move it (on the calendar, its procedure not started, the year running). */
  movable: boolean;
}

/** A cell's calendar for a year, with its annual thematic plan and what the year instance found. */
export interface CellCalendar {
  cell: { code: string; name: string; parent: string | null };
  year: number;
  yearInstanceId: string;
  /** Whether the cell opened its year (its calendar instance exists). */
  opened: boolean;
  scheduled: boolean;
  plan: { status: AnnualPlanFact['status']; topics: Array<{ month: string; topic: string; preparer: string; chosen: boolean }>; number: string | null } | null;
  findings: Array<{ code: string; detail: string | null; params?: Record<string, unknown> }>;
  rating: string | null;
  sessions: CalendarSession[];
  /** The first session not yet held at `now`. */
  next: CalendarSession | null;
  /** The year instance's open tasks (schedule, plan, approve-plan) with their ids, for the secretary's forms. */
  tasks: Array<{ id: string; stepId: string }>;
  /** The standing task that moves a session not yet started (open once the year is scheduled, until it closes). */
  moveTask: { id: string } | null;
}

const REGULAR_MINUTES = 90;
const THEMATIC_MINUTES = 120;

/**
 * Reads a cell's calendar: the sessions its year instance scheduled (regular and thematic), and the sessions its
 * committees' guidance started, in the order they are held. Writes (opening a year) go through the engine.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly actors: ActorService,
  ) {}

  /** The cell's secretary (or a committee over it) opens the cell's year: its calendar instance starts. */
  async openYear(user: AuthUser, cell: string, year: number): Promise<{ instanceId: string }> {
    const org = await actingOrg(this.ds, this.scope, user, cell, ['secretary', 'committee', 'admin']);
    return this.engine.startOrgInstance({ org: org.code, instanceId: yearInstanceId(org.code, year), procedure: 'cell-year', kind: 'cell' });
  }

  /**
   * The secretary moves a session of the cell's calendar that has not started (ADR 0028): the year's standing `move`
   * task is submitted, so the step's rules decide and the session's start timer is re-armed. A session that already
   * started is a 409 (`session-started`); any other refusal is the step's 422 with the field and the rule.
   */
  async moveSession(user: AuthUser, cell: string, year: number, session: string, input: { date: string; time?: string | undefined; place?: string | undefined }): Promise<CalendarSession> {
    const org = await visibleOrg(this.ds, this.scope, user, cell);
    const state = await this.stateOrNull(yearInstanceId(org.code, year));
    if (!state) throw new NotFoundError(`Chi bộ chưa mở năm sinh hoạt ${year}`).worded('year-not-opened', { year });
    const task = Object.values(state.tasks).find((t) => t.status === 'open' && t.task === MOVE_SESSION_TASK);
    if (!task) {
      throw state.status === 'running'
        ? new ConflictError(`Năm ${year} chưa lập lịch sinh hoạt: chưa có buổi nào để dời`, 'calendar-not-scheduled').worded('calendar-not-scheduled', { year })
        : new ConflictError(`Năm sinh hoạt ${year} đã kết thúc, không dời lịch được nữa`, 'instance-closed').worded('year-closed', { year });
    }
    const body = { session, date: input.date, ...(input.time ? { time: input.time } : {}), ...(input.place ? { place: input.place } : {}) };
    try {
      await this.engine.submit(state.instanceId, task.id, body, this.actors.actorFor(user, org));
    } catch (error) {
      const started = error instanceof RejectedError && error.rejection.issues.find((i) => i.rule === 'session-started');
      if (started) throw new ConflictError(started.message, 'session-started', { issues: error.rejection.issues });
      throw error;
    }
    const moved = (await this.calendarOf(org, year)).sessions.find((s) => s.id === session && s.source === 'calendar');
    return moved!;
  }

  /** A cell's calendar for `year`, as `user` may see it (404 when the cell is not visible). */
  async calendar(user: AuthUser, cell: string, year: number): Promise<CellCalendar> {
    const org = await visibleOrg(this.ds, this.scope, user, cell);
    return this.calendarOf(org, year);
  }

  /** The calendar of a cell the caller already checked access to. */
  async calendarOf(org: OrgUnitRow, year: number): Promise<CellCalendar> {
    const parent = org.parentId ? await findOrgUnit(this.ds.manager, { id: org.parentId }) : null;
    const id = yearInstanceId(org.code, year);
    const state = await this.stateOrNull(id);
    const calendar = state?.facts[CALENDAR_FACT] as CalendarFact | undefined;
    const plan = state?.facts[ANNUAL_PLAN_FACT] as AnnualPlanFact | undefined;
    const record = state?.facts[YEAR_FACT] as YearFact | undefined;
    const moveTask = state ? (Object.values(state.tasks).find((t) => t.status === 'open' && t.task === MOVE_SESSION_TASK) ?? null) : null;
    const sessions: CalendarSession[] = [];
    for (const entry of [...(calendar?.entries ?? [])].sort(byDate)) {
      const session = await this.stateOrNull(entry.instanceId);
      const month = `${entry.month.slice(5)}/${entry.month.slice(0, 4)}`;
      const title = entry.kind === 'regular' ? `Sinh hoạt chi bộ thường kỳ tháng ${month}` : `Sinh hoạt chuyên đề tháng ${month}: ${entry.topic ?? ''}`;
      const preparer = entry.preparer && state ? memberName(state.context, entry.preparer) : null;
      sessions.push({
        id: entry.key,
        kind: entry.kind,
        source: 'calendar',
        title,
        at: heldOrConvened(session) ?? entry.at,
        minutes: entry.kind === 'regular' ? REGULAR_MINUTES : THEMATIC_MINUTES,
        place: (session?.facts[FACTS.convened] as { place?: string } | undefined)?.place ?? entry.place ?? null,
        topic: entry.topic ?? null,
        preparer,
        description: `${org.name}: ${title}${preparer ? `. Người chuẩn bị: đồng chí ${preparer}` : ''}`,
        instanceId: session ? entry.instanceId : null,
        status: statusOf(session),
        rating: (session?.facts[FACTS.score] as { rating?: string } | undefined)?.rating ?? null,
        guidance: null,
        sequence: entry.sequence ?? 0,
        eventId: calendarEventId(org.code, entry),
        movable: moveTask !== null && !state?.children[entry.key],
      });
    }
    sessions.push(...(await this.guidanceSessions(org, year)));
    sessions.sort((a, b) => compareInstants(a.at, b.at) || (a.id < b.id ? -1 : 1));
    const now = this.engine.clock.now();
    return {
      cell: { code: org.code, name: org.name, parent: parent?.name ?? null },
      year,
      yearInstanceId: id,
      opened: state !== null,
      scheduled: calendar !== undefined,
      plan: plan
        ? {
            status: plan.status,
            topics: plan.topics.map((t) => ({ month: t.month, topic: t.topic, preparer: state ? memberName(state.context, t.preparer) : t.preparer, chosen: t.chosen })),
            number: state?.documents.find((d) => d.type === 'KH')?.number ?? null,
          }
        : null,
      findings: state ? state.findings.filter((f) => !f.resolved).map((f) => ({ code: f.code, detail: f.detail ?? null, ...(f.params ? { params: f.params } : {}) })) : [],
      rating: record?.rating ?? null,
      sessions,
      next: sessions.find((s) => (s.status === 'scheduled' || s.status === 'preparing') && compareInstants(s.at, now) >= 0) ?? null,
      tasks: state ? Object.values(state.tasks).filter((t) => t.status === 'open' && t.task !== MOVE_SESSION_TASK).map((t) => ({ id: t.id, stepId: t.stepId })) : [],
      moveTask: moveTask ? { id: moveTask.id } : null,
    };
  }

  /**
   * A committee's view of its cells' years: for each cell of its subtree, whether it scheduled its year and has an
   * approved annual plan (and its KH number), its next session, and the year's findings (`plan-missing` among them).
   */
  async overview(user: AuthUser, committee: string, year: number) {
    const org = await visibleOrg(this.ds, this.scope, user, committee);
    const cells = await this.ds.manager
      .createQueryBuilder(OrgUnit, 'o')
      .where('o.kind = :kind', { kind: 'cell' })
      .andWhere("o.path LIKE :prefix ESCAPE '\\'", { prefix: `${org.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%` })
      .orderBy('o.path', 'ASC')
      .getMany();
    const rows = [];
    for (const cell of cells) {
      const c = await this.calendarOf(cell, year);
      rows.push({
        code: cell.code,
        name: cell.name,
        opened: c.opened,
        scheduled: c.sessions.filter((s) => s.source === 'calendar').length,
        plan: c.plan ? { status: c.plan.status, number: c.plan.number, topics: c.plan.topics } : null,
        next: c.next ? { id: c.next.id, kind: c.next.kind, source: c.next.source, topic: c.next.topic, title: c.next.title, at: c.next.at } : null,
        findings: c.findings,
        rating: c.rating,
      });
    }
    return { committee: { code: org.code, name: org.name }, year, cells: rows };
  }

  /** Every session of `cell` in every year it opened, for its feed. */
  async feedSessions(cell: OrgUnitRow): Promise<CalendarSession[]> {
    const years = await this.ds.manager.find(ProcedureInstance, { select: { id: true }, where: { orgId: cell.id, definitionKey: 'cell-year' } });
    const guidanceYears = await this.ds.manager.find(ProcedureInstance, { select: { createdAt: true }, where: { orgId: cell.id, guidanceId: Not(IsNull()) } });
    const all = new Set<number>([...years.map((y) => Number(y.id.slice(y.id.lastIndexOf(':') + 1))), ...guidanceYears.map((g) => Number(localDate(g.createdAt).slice(0, 4)))]);
    const out: CalendarSession[] = [];
    for (const year of [...all].sort()) out.push(...(await this.calendarOf(cell, year)).sessions);
    return out;
  }

  /** Sessions the cell's committees started with their guidance, in `year` (when convened or held, else by the deadline). */
  private async guidanceSessions(org: OrgUnitRow, year: number): Promise<CalendarSession[]> {
    const rows = await this.ds.manager.find(ProcedureInstance, { select: { id: true, guidanceId: true }, where: { orgId: org.id, guidanceId: Not(IsNull()) } });
    const out: CalendarSession[] = [];
    for (const row of rows) {
      const state = await this.stateOrNull(row.id);
      const g = state?.context.guidance;
      if (!state || !g) continue;
      const at = heldOrConvened(state) ?? (g.sessionBy ? parseLocal(`${g.sessionBy}T08:00`) : null);
      if (!at || !localDate(at).startsWith(`${year}-`)) continue;
      const plan = state.facts[FACTS.plan] as PlanFact | undefined;
      const dated = heldOrConvened(state) !== null;
      const title = `Sinh hoạt chuyên đề${plan ? `: ${plan.topic}` : ''}${dated ? '' : ` (hạn tổ chức ${g.sessionBy?.split('-').reverse().join('/')})`}`;
      out.push({
        id: row.id,
        kind: plan?.kind === 'regular' ? 'regular' : 'thematic',
        source: 'guidance',
        title,
        at,
        minutes: THEMATIC_MINUTES,
        place: (state.facts[FACTS.convened] as { place?: string } | undefined)?.place ?? null,
        topic: plan?.topic ?? null,
        preparer: null,
        description: `${org.name}: ${title}. Theo Hướng dẫn số ${g.number} ngày ${g.issuedOn.split('-').reverse().join('/')} của ${g.issuer.name}`,
        instanceId: row.id,
        status: statusOf(state),
        rating: (state.facts[FACTS.score] as { rating?: string } | undefined)?.rating ?? null,
        guidance: { number: g.number, issuedOn: g.issuedOn, issuer: g.issuer.name },
        sequence: 0,
        eventId: row.id,
        movable: false,
      });
    }
    return out;
  }

  private async stateOrNull(id: string): Promise<InstanceState | null> {
    try {
      return await this.engine.state(id);
    } catch (error) {
      if (error instanceof EngineNotFound) return null;
      throw error;
    }
  }
}

function heldOrConvened(state: InstanceState | null): string | null {
  const held = (state?.facts[FACTS.session] as SessionFact | undefined)?.heldAt;
  const convened = (state?.facts[FACTS.convened] as { sessionAt?: string } | undefined)?.sessionAt;
  return held ?? convened ?? null;
}

function statusOf(state: InstanceState | null): CalendarSession['status'] {
  if (!state) return 'scheduled';
  if (state.status === 'failed') return 'failed';
  if (state.status === 'completed') return 'completed';
  if (state.facts[FACTS.status] === 'overdue' || activeFindings(state).includes('session-missing')) return 'overdue';
  return state.facts[FACTS.session] ? 'held' : 'preparing';
}
