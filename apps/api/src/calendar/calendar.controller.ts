import type { ChiboConfig } from '@chibo/config';
import { findOrgUnit } from '@chibo/db';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { AuthUserService, toAuthUser } from '../auth/auth-user.service';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { ScopeService } from '../auth/scope.service';
import { InjectConfig } from '../common/config.token';
import { NotFoundError } from '../common/errors';
import { codeSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { visibleOrg } from '../engine/org-access';
import { ProcedureEngine } from '../engine/procedure-engine';
import { calendarFeed, feedToken, isFeedToken } from './calendar-feed';
import { CalendarService } from './calendar.service';

const year = z.coerce.number({ error: 'Năm phải là một số' }).int('Năm phải là số nguyên').min(2000, 'Năm phải từ 2000').max(2100, 'Năm phải đến 2100');
const openYearBody = z.strictObject({ cell: codeSchema, year });
const yearQuery = z.object({ year });
const overviewQuery = z.object({ committee: codeSchema, year });
// The date's and time's own rules (a real date inside the year, one regular session a month) are the year step's.
const moveBody = z.strictObject({
  year,
  date: z.string({ error: 'Cần ngày mới (YYYY-MM-DD)' }),
  time: z.string().optional(),
  place: z.string().trim().max(300, 'Địa điểm tối đa 300 ký tự').optional(),
});

/** Where a member's feed lives: `/api/v1/calendar-feed/<user>/<cell>/<secret>.ics`. */
export function feedPath(userId: string, cell: string, token: string): string {
  return `/api/v1/calendar-feed/${encodeURIComponent(userId)}/${encodeURIComponent(cell)}/${token}.ics`;
}

/**
 * A cell's calendar (issue 16): the cell opens its year (the calendar instance, whose steps schedule the regular
 * sessions and the annual thematic plan), everyone in scope reads it (a committee its cells'), and each member gets a
 * secret iCalendar feed URL of their cell's calendar.
 */
@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly calendars: CalendarService,
    private readonly users: AuthUserService,
    @InjectConfig() private readonly config: ChiboConfig,
  ) {}

  @Post('calendar/years')
  @HttpCode(201)
  @ApiOperation({ summary: "Open a cell's year: its calendar instance starts (schedule, annual plan, sessions by timer)" })
  async open(@CurrentUser() user: AuthUser, @Body({ schema: openYearBody }) body: z.output<typeof openYearBody>) {
    return this.calendars.openYear(user, body.cell, body.year);
  }

  @Get('calendar')
  @ApiOperation({ summary: "A committee's view of its cells' calendars and annual plans (plan-missing among their findings)" })
  async overview(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(overviewQuery)) query: z.output<typeof overviewQuery>) {
    return this.calendars.overview(user, query.committee, query.year);
  }

  @Get('calendar/:cell')
  @ApiOperation({ summary: "A cell's calendar for a year: scheduled sessions and those its committees' guidance started" })
  async calendar(@CurrentUser() user: AuthUser, @Param('cell') cell: string, @Query(new ZodValidationPipe(yearQuery)) query: z.output<typeof yearQuery>) {
    return this.calendars.calendar(user, cell, query.year);
  }

  @Post('calendar/:cell/sessions/:session/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a scheduled session that has not started (new date, time, place): its start timer is re-armed' })
  async move(@CurrentUser() user: AuthUser, @Param('cell') cell: string, @Param('session') session: string, @Body({ schema: moveBody }) body: z.output<typeof moveBody>) {
    return this.calendars.moveSession(user, cell, body.year, session, body);
  }

  @Get('calendar/:cell/feed')
  @ApiOperation({ summary: "The logged-in user's secret iCalendar feed URL of a cell's calendar" })
  async feedUrl(@CurrentUser() user: AuthUser, @Param('cell') cell: string) {
    const org = await visibleOrg(this.ds, this.scope, user, cell);
    const path = feedPath(user.id, org.code, feedToken(this.config.authSecret, user.id, org.code));
    return { url: `${this.config.publicUrl.replace(/\/+$/, '')}${path}`, path };
  }

  @Public()
  @Get('calendar-feed/:user/:cell/:file')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A member’s iCalendar feed of their cell (no login: the URL is the secret)' })
  async feed(@Param('user') userId: string, @Param('cell') cell: string, @Param('file') file: string, @Res() res: Response) {
    const token = file.replace(/\.ics$/, '');
    // One answer for a wrong secret, an unknown or disabled user and a cell out of their scope: nothing is leaked.
    const notFound = new NotFoundError('Không tìm thấy lịch').worded('calendar-not-found');
    if (!isFeedToken(this.config.authSecret, userId, cell, token)) throw notFound;
    const loaded = await this.users.findById(userId);
    if (!loaded || loaded.user.disabled) throw notFound;
    const org = await findOrgUnit(this.ds.manager, { code: cell });
    if (!org || !this.scope.canSee(toAuthUser(loaded), org.path)) throw notFound;
    const sessions = await this.calendars.feedSessions(org);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="lich-${org.code}.ics"`);
    res.send(calendarFeed({ cellName: org.name, sessions, stamp: this.engine.clock.now() }));
  }
}
