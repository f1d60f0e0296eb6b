import type { ChiboConfig } from '@chibo/config';
import { findOrgUnit } from '@chibo/db';
import { RejectedError } from '@chibo/runtime-embedded';
import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ScopeService } from '../auth/scope.service';
import { Public } from '../auth/public.decorator';
import { InjectConfig } from '../common/config.token';
import { NotFoundError, unknownOrg } from '../common/errors';
import { ActorService } from '../engine/actor.service';
import { ProcedureEngine } from '../engine/procedure-engine';
import { one, type FormBody } from '../web/forms/form-body';
import { errorInWords, errorIssue, issueLines } from '../web/forms/issue-words';
import { renderPage } from '../web/render';
import { WebAuthGuard } from '../web/session/web-auth.guard';
import { WebExceptionFilter } from '../web/session/web-exception.filter';
import type { WebRequest } from '../web/session/web-request';
import { seg, WEB } from '../web/web-paths';
import { feedToken } from './calendar-feed';
import { feedPath } from './calendar.controller';
import { CalendarService, type CalendarSession } from './calendar.service';
import { localDate } from '@chibo/rules';
import { ConflictError } from '../common/errors';
import { translate, translateOptional, type Lang } from '../web/i18n/i18n';
import { formatDateTime } from '../web/view/format';
import { findingInWords } from '../web/findings/finding-words';

/** The fields of the secretary's forms, as typed. */
interface FormValues {
  day: string;
  time: string;
  place: string;
  sessions: string;
  topics: string;
  session: string;
  date: string;
  moveTime: string;
  movePlace: string;
}

/** The calendar pages' address. */
export const CALENDAR_PAGE = WEB.calendar;

/** A session's name on the page, in the page's language (the API's and the feed's `title` is the Vietnamese one). */
export function sessionLabel(lang: Lang, s: Pick<CalendarSession, 'kind' | 'source' | 'title' | 'topic' | 'at'>): string {
  if (lang === 'vi') return s.title;
  if (s.source !== 'calendar') return `${translate(lang, 'calendar.guidanceTitle')}${s.topic ? `: ${s.topic}` : ''}`;
  const [y, m] = localDate(s.at).split('-');
  const month = `${m}/${y}`;
  return s.kind === 'regular' ? translate(lang, 'calendar.regularTitle', { month }) : translate(lang, 'calendar.thematicTitle', { month, topic: s.topic ?? '' });
}

function findingLabel(lang: Lang, code: string): string {
  return translateOptional(lang, `calendar.finding.${code}`) ?? code;
}

/**
 * The calendar pages: a member finds the next session and subscribes to the feed; the secretary opens the year,
 * schedules its regular sessions, drafts the annual thematic plan and records the chi ủy's approval; a committee sees
 * its cells' calendars and plans.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class CalendarPagesController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly calendars: CalendarService,
    private readonly actors: ActorService,
    @InjectConfig() private readonly config: ChiboConfig,
  ) {}

  @Get(CALENDAR_PAGE.slice(1))
  async page(@Req() req: WebRequest, @Res() res: Response, @Query('chi-bo') cell?: string, @Query('don-vi') committee?: string, @Query('nam') year?: string) {
    await this.render(req, res, { cell, committee, year }, [], 200);
  }

  @Post(`${CALENDAR_PAGE.slice(1)}/mo-nam`)
  async open(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const cell = one(body, 'cell') ?? '';
    const year = Number(one(body, 'year'));
    await this.act(req, res, cell, year, () => this.calendars.openYear(req.user!, cell, year));
  }

  @Post(`${CALENDAR_PAGE.slice(1)}/lap-lich`)
  async schedule(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const cell = one(body, 'cell') ?? '';
    const year = Number(one(body, 'year'));
    const day = one(body, 'day');
    const time = one(body, 'time');
    const place = one(body, 'place');
    const input = { ...(day ? { day: Number(day) } : {}), ...(time ? { time } : {}), ...(place ? { place } : {}), sessions: parseOverrides(one(body, 'sessions') ?? '') };
    await this.act(req, res, cell, year, () => this.submitYearTask(req, cell, year, 'schedule', input), { day: day ?? '', time: time ?? '', place: place ?? '', sessions: one(body, 'sessions') ?? '' });
  }

  @Post(`${CALENDAR_PAGE.slice(1)}/ke-hoach`)
  async plan(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const cell = one(body, 'cell') ?? '';
    const year = Number(one(body, 'year'));
    await this.act(req, res, cell, year, () => this.submitYearTask(req, cell, year, 'plan', { topics: parseTopics(one(body, 'topics') ?? '') }), { topics: one(body, 'topics') ?? '' });
  }

  @Post(`${CALENDAR_PAGE.slice(1)}/doi-lich`)
  async move(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const cell = one(body, 'cell') ?? '';
    const year = Number(one(body, 'year'));
    const session = one(body, 'session') ?? '';
    const date = one(body, 'date') ?? '';
    const time = one(body, 'time');
    const place = one(body, 'place');
    await this.act(req, res, cell, year, () => this.calendars.moveSession(req.user!, cell, year, session, { date, time, place }), { session, date, moveTime: time ?? '', movePlace: place ?? '' });
  }

  @Post(`${CALENDAR_PAGE.slice(1)}/duyet-ke-hoach`)
  async approve(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const cell = one(body, 'cell') ?? '';
    const year = Number(one(body, 'year'));
    const decision = one(body, 'decision') === 'revise' ? 'revise' : 'approve';
    const note = one(body, 'note');
    await this.act(req, res, cell, year, () => this.submitYearTask(req, cell, year, 'approve-plan', { decision, ...(note ? { note } : {}) }));
  }

  /** Runs a write; a refusal shows the page again with each problem in the page's language (ADR 0034), nothing saved. */
  private async act(req: WebRequest, res: Response, cell: string, year: number, write: () => Promise<unknown>, values: Partial<FormValues> = {}) {
    try {
      await write();
      res.redirect(303, `${CALENDAR_PAGE}?chi-bo=${seg(cell)}&nam=${year}`);
    } catch (error) {
      // A refused write (the step's rules: 422) or a session that already started (409): the page again, with why.
      const refused = error instanceof RejectedError ? { status: 422, issues: error.rejection.issues } : error instanceof ConflictError ? { status: 409, issues: conflictIssues(error, req.web!.lang) } : null;
      if (!refused) throw error;
      await this.render(req, res, { cell, year: String(year) }, issueLines(refused.issues, req.web!.lang, { plugin: 'year' }, { topics: 'calendar.issue.topic', sessions: 'calendar.issue.session' }), refused.status, values);
    }
  }

  private async submitYearTask(req: WebRequest, cell: string, year: number, stepId: string, input: Record<string, unknown>) {
    const org = await findOrgUnit(this.ds.manager, { code: cell });
    const visible = this.scope.requireVisible(req.user!, org, unknownOrg(cell));
    const calendar = await this.calendars.calendarOf(visible, year);
    const task = calendar.tasks.find((t) => t.stepId === stepId);
    if (!task) throw new NotFoundError(translate(req.web!.lang, 'calendar.notOpen'));
    await this.engine.submit(calendar.yearInstanceId, task.id, input, this.actors.actorFor(req.user!, visible));
  }

  private async render(
    req: WebRequest,
    res: Response,
    query: { cell?: string | undefined; committee?: string | undefined; year?: string | undefined },
    errors: string[],
    status: number,
    values: Partial<FormValues> = {},
  ) {
    const user = req.user!;
    const lang = req.web!.lang;
    const year = Number(query.year ?? req.web!.now.slice(0, 4));
    const cellCode = query.cell ?? (query.committee ? undefined : user.member?.orgCode);
    if (!cellCode) {
      const committee = query.committee ?? user.grants.find((g) => g.role === 'committee' || g.role === 'admin' || g.role === 'auditor')?.orgCode;
      if (!committee) throw new NotFoundError(translate(lang, 'calendar.noCell'));
      const overview = await this.calendars.overview(user, committee, year);
      renderPage(
        req,
        res,
        'calendar/overview',
        {
          title: translate(lang, 'calendar.overviewTitle', { year, committee: overview.committee.name }),
          overview: {
            ...overview,
            cells: overview.cells.map((c) => ({
              ...c,
              href: `${CALENDAR_PAGE}?chi-bo=${seg(c.code)}&nam=${year}`,
              planText: c.plan ? `${translate(lang, `calendar.plan.${c.plan.status}`)}${c.plan.number ? ` (${c.plan.number})` : ''}` : translate(lang, 'calendar.noPlan'),
              next: c.next ? { ...c.next, label: sessionLabel(lang, c.next) } : null,
              // `ym`, not `month`: a property named like the `month` helper would be read as the helper.
              topics: (c.plan?.topics ?? []).map((t) => ({ ...t, ym: t.month })),
              findings: c.findings.map((f) => ({ code: f.code, label: findingLabel(lang, f.code), detail: findingInWords(f, lang) })),
            })),
          },
        },
        { status },
      );
      return;
    }
    const org = await findOrgUnit(this.ds.manager, { code: cellCode });
    const visible = this.scope.requireVisible(user, org, unknownOrg(cellCode));
    const calendar = await this.calendars.calendarOf(visible, year);
    const canManage = this.scope.canAct(user, visible.path, ['secretary', 'committee', 'admin']) || (user.member?.orgCode === visible.code && user.member.roles.includes('secretary'));
    const open = new Set(calendar.tasks.map((t) => t.stepId));
    const feed = `${this.config.publicUrl.replace(/\/+$/, '')}${feedPath(user.id, visible.code, feedToken(this.config.authSecret, user.id, visible.code))}`;
    renderPage(
      req,
      res,
      'calendar/cell',
      {
        title: translate(lang, 'calendar.cellTitle', { year, cell: calendar.cell.name }),
        errors,
        calendar: {
          ...calendar,
          next: calendar.next ? { ...calendar.next, label: sessionLabel(lang, calendar.next) } : null,
          sessions: calendar.sessions.map((s) => ({
            ...s,
            label: sessionLabel(lang, s),
            statusText: translate(lang, `calendar.status.${s.status}`),
            kindText: translate(lang, s.kind === 'regular' ? 'calendar.regular' : 'calendar.thematic'),
            isNext: calendar.next?.id === s.id,
          })),
          findings: calendar.findings.map((f) => ({ code: f.code, label: findingLabel(lang, f.code), detail: findingInWords(f, lang) })),
          planText: calendar.plan ? translate(lang, `calendar.plan.${calendar.plan.status}`) : null,
          topics: (calendar.plan?.topics ?? []).map((t) => ({ ...t, ym: t.month })),
        },
        feed,
        // What the secretary typed, kept when a form is refused.
        values: { day: '5', time: '14:00', place: '', sessions: '', topics: '', session: '', date: '', moveTime: '', movePlace: '', ...values },
        manage: canManage
          ? {
              canOpen: !calendar.opened,
              canSchedule: open.has('schedule'),
              canPlan: open.has('plan'),
              canApprove: open.has('approve-plan'),
              prevYear: year - 1,
              nextYear: year + 1,
              overrideExample: `${year}-02 ${year}-02-09 08:00`,
              superior: calendar.cell.parent ?? translate(lang, 'calendar.superior'),
              // The sessions the secretary may still move (not started), each with its current time.
              movable: calendar.sessions
                .filter((s) => s.movable)
                .map((s) => ({ id: s.id, label: `${sessionLabel(lang, s)} — ${formatDateTime(s.at, lang)}`, selected: s.id === values.session })),
            }
          : null,
        yearNav: { prev: `${CALENDAR_PAGE}?chi-bo=${seg(visible.code)}&nam=${year - 1}`, next: `${CALENDAR_PAGE}?chi-bo=${seg(visible.code)}&nam=${year + 1}` },
      },
      { status },
    );
  }
}

/** "2018-02 2018-02-09 08:00" per line: a month placed on another date (and time). */
export function parseOverrides(text: string): Array<{ month: string; date: string; time?: string }> {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [month = '', date = '', time] = line.split(/\s+/);
      return { month, date, ...(time ? { time } : {}) };
    });
}

/**
 * One topic per line: "2018-03 | topic | preparer" or "Q2 | topic" (the preparer, a member code, is optional: the
 * rotation chooses when it is left out).
 */
export function parseTopics(text: string): Array<{ month?: string; quarter?: number; topic: string; preparer?: string }> {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [when = '', topic = '', preparer] = line.split('|').map((p) => p.trim());
      const quarter = /^(?:Q|Quý\s*)([1-4])$/i.exec(when);
      return { ...(quarter ? { quarter: Number(quarter[1]) } : { month: when }), topic, ...(preparer ? { preparer } : {}) };
    });
}

/** The issues a 409 carries (a session that already started), else its message under its code. */
function conflictIssues(error: ConflictError, lang: Lang): Array<{ path: string; message: string; rule: string }> {
  const issues = error.details['issues'];
  return Array.isArray(issues) && issues.length ? (issues as Array<{ path: string; message: string; rule: string }>) : [{ ...errorIssue(error, 'session'), message: errorInWords(error, lang) }];
}
