import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ScopeService } from '../auth/scope.service';
import { codeSchema, textSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { actingOrg, visibleOrg } from '../engine/org-access';
import { ProcedureEngine } from '../engine/procedure-engine';
import { recordAdminAction } from '@chibo/audit';
import { MemberRecordService } from './member-record.service';
import { APPLIES_TO, ScoreSheetsService } from './score-sheets.service';
import { YearRatingsService } from './year-ratings.service';

const overviewQuery = z.object({ committee: codeSchema, year: z.string().max(10), format: z.enum(['json', 'csv']).default('json') });
const yearQuery = z.object({ year: z.string().max(10) });
const ruleBody = z.strictObject({
  minTot: z.number().optional(),
  totFloor: z.string().max(20).optional(),
  khaFloor: z.string().max(20).optional(),
  maxConsecutiveAbsences: z.number().optional(),
});
const sheetBody = z.strictObject({
  org: codeSchema,
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Mã phiếu chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang'),
  appliesTo: z.enum(APPLIES_TO).default('any'),
  sheet: z.unknown(),
});
const reviewBody = z.strictObject({
  cell: codeSchema,
  member: codeSchema,
  instanceId: z.string().min(1).max(200),
  reviewedIn: z.string().min(1).max(200).optional(),
  note: textSchema(2000).optional(),
});

/** Year ratings of cells (by the committee's rule), a committee's overview (JSON or CSV), and the rule itself. */
@ApiTags('year')
@Controller()
export class YearController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly years: YearRatingsService,
    private readonly sheets: ScoreSheetsService,
    private readonly records: MemberRecordService,
  ) {}

  @Get('year-ratings')
  @ApiOperation({ summary: "A committee's overview: each cell's year rating, exportable as CSV (?format=csv)" })
  async overview(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(overviewQuery)) query: z.output<typeof overviewQuery>, @Res({ passthrough: true }) res: Response) {
    const overview = await this.years.overview(user, query.committee, query.year);
    if (query.format !== 'csv') return overview;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="xep-loai-nam-${overview.committee.code}-${overview.year}.csv"`);
    return this.years.overviewCsv(overview.rows);
  }

  @Get('year-ratings/:cell/:year')
  @ApiOperation({ summary: "A cell's year rating with the sessions it came from, their HD 12 criteria and absence-consecutive findings" })
  cellYear(@CurrentUser() user: AuthUser, @Param('cell') cell: string, @Param('year') year: string) {
    return this.years.cellYear(user, cell, year);
  }

  @Get('year-rules/:org')
  @ApiOperation({ summary: 'The year rule in force for a unit (its own, an ancestor’s, or the Phú Thọ default)' })
  async rule(@CurrentUser() user: AuthUser, @Param('org') code: string) {
    return this.years.ruleFor(await visibleOrg(this.ds, this.scope, user, code));
  }

  @Put('year-rules/:org')
  @Roles('committee')
  @ApiOperation({ summary: "Set a committee's year rule (Tốt count, floors, consecutive-absence limit)" })
  async setRule(@CurrentUser() user: AuthUser, @Param('org') code: string, @Body({ schema: ruleBody }) body: z.output<typeof ruleBody>) {
    const org = await actingOrg(this.ds, this.scope, user, code, ['committee']);
    const now = this.engine.clock.now();
    const rule = await this.years.setRule(user, org, body as never, now);
    await recordAdminAction(this.ds.manager, { type: 'year-rule-set', org: org.code, actorUserId: user.id, at: now, subject: { key: 'year-rule' }, after: rule });
    return { rule, from: org.code };
  }

  @Get('score-sheets')
  @ApiOperation({ summary: 'The score sheets a unit may use: the shipped defaults and every version of its and its superiors’ sheets' })
  sheetList(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(z.object({ org: codeSchema }))) query: { org: string }) {
    return this.sheets.usableBy(user, query.org);
  }

  @Get('score-sheets/:org/:code/:version')
  @ApiOperation({ summary: 'One version of a committee score sheet' })
  sheet(@CurrentUser() user: AuthUser, @Param('org') org: string, @Param('code') code: string, @Param('version') version: string) {
    return this.sheets.one(user, org, code, Number(version));
  }

  @Post('score-sheets')
  @HttpCode(201)
  @Roles('committee')
  @ApiOperation({ summary: 'Save a new version of a committee score sheet (bands must cover 0–max with no gap or overlap)' })
  async createSheet(@CurrentUser() user: AuthUser, @Body({ schema: sheetBody }) body: z.output<typeof sheetBody>) {
    const org = await actingOrg(this.ds, this.scope, user, body.org, ['committee']);
    return this.sheets.create(user, org, { code: body.code, appliesTo: body.appliesTo, sheet: body.sheet }, this.engine.clock.now());
  }

  @Get('member-records/:cell/:member')
  @ApiOperation({ summary: "A member's year: attendance, assignments, presentations, self-criticism plans (the member and the secretary)" })
  record(@CurrentUser() user: AuthUser, @Param('cell') cell: string, @Param('member') member: string, @Query(new ZodValidationPipe(yearQuery)) query: { year: string }) {
    return this.records.record(user, cell, member, query.year);
  }

  @Post('self-criticism-reviews')
  @HttpCode(201)
  @Roles('secretary')
  @ApiOperation({ summary: "The secretary marks a member's self-criticism plan reviewed (at a later session)" })
  review(@CurrentUser() user: AuthUser, @Body({ schema: reviewBody }) body: z.output<typeof reviewBody>) {
    return this.records.review(user, body, this.engine.clock.now());
  }
}
