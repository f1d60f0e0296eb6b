import { Guidance, OrgUnit } from '@chibo/db';
import { compileRollup, effectiveGuidance, reportDeadlinePassed } from '@chibo/plugin-guidance';
import { FACTS } from '@chibo/procedure';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ScopeService } from '../auth/scope.service';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors';
import { codeSchema, isoDateSchema, lineSchema } from '../common/schemas';
import { ActorService } from '../engine/actor.service';
import { actingOrg } from '../engine/org-access';
import { ProcedureEngine } from '../engine/procedure-engine';
import { guidanceSheet } from '../year/guidance-sheet';
import { GuidanceProgressService } from './guidance-progress.service';

// Codes and texts are the shared building blocks: they refuse what the database cannot store (NUL) and, for dates,
// days that do not exist (a deadline of 2022-13-45 would otherwise reach the deadline rules and fail there).
const date = isoDateSchema;
export const issueGuidanceSchema = z
  .strictObject({
    issuer: codeSchema,
    number: lineSchema(50),
    issuedOn: date,
    title: lineSchema(500),
    procedure: codeSchema.default('thematic-session'),
    basedOn: z.array(z.strictObject({ number: lineSchema(50), issuedOn: date })).max(20).default([]),
    addSteps: z.array(z.string().min(1)).max(20).default([]),
    /** A registered rubric id, or a committee score sheet "<org>/<code>@<version>" (GET /score-sheets?org=<issuer>). */
    rubric: z.string().max(200).optional(),
    sessionBy: date.optional(),
    reportBy: date.optional(),
    cells: z.union([z.literal('all'), z.array(codeSchema).min(1).max(20000)]).default('all'),
    // Cascades (DESIGN §5): to the issuer's directly subordinate committees, each of which implements it.
    cascade: z.boolean().default(false),
  })
  .refine((g) => !g.sessionBy || g.sessionBy >= g.issuedOn, { path: ['sessionBy'], message: 'Hạn sinh hoạt không thể trước ngày ban hành', params: { rule: 'session-before-issued' } })
  .refine((g) => !g.reportBy || !g.sessionBy || g.reportBy >= g.sessionBy, { path: ['reportBy'], message: 'Hạn báo cáo không thể trước hạn sinh hoạt', params: { rule: 'report-before-session' } })
  .superRefine((g, ctx) => {
    // A cell listed twice would be dispatched twice under one instance id: the dispatch could never complete.
    if (g.cells === 'all') return;
    const seen = new Set<string>();
    g.cells.forEach((cell, i) => {
      if (seen.has(cell)) ctx.addIssue({ code: 'custom', path: ['cells', i], message: `Chi bộ ${cell} được liệt kê hai lần`, params: { rule: 'duplicate', cell } });
      seen.add(cell);
    });
  });

const rollupSchema = z.strictObject({ summary: lineSchema(2000).optional() });

@ApiTags('guidance')
@Controller('guidance')
export class GuidanceController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly progressOf: GuidanceProgressService,
    private readonly actors: ActorService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('committee')
  @ApiOperation({ summary: 'Issue a guidance: compose the cells’ procedure, record it, and dispatch it to every cell in scope' })
  async issue(@CurrentUser() user: AuthUser, @Body({ schema: issueGuidanceSchema }) body: z.output<typeof issueGuidanceSchema>) {
    const issuer = await actingOrg(this.ds, this.scope, user, body.issuer, ['committee']);
    if (issuer.kind !== 'committee') {
      throw new ValidationError([{ path: 'issuer', rule: 'not-a-committee', message: `${issuer.code} là chi bộ; hướng dẫn do cấp ủy ban hành`, params: { org: issuer.code } }]);
    }
    if (!this.engine.registry.listProcedures().some((p) => p.key === body.procedure)) {
      throw new ValidationError([{ path: 'procedure', rule: 'unknown-procedure', message: `Không có quy trình “${body.procedure}” trong các plugin đang bật`, params: { procedure: body.procedure } }]);
    }
    const { rubric, sessionBy, reportBy, ...rest } = body;
    // A committee sheet ("<org>/<code>@<version>") is checked for the issuer and pinned as it is now (ADR 0020).
    const sheet = await guidanceSheet(this.ds, this.scope, user, issuer, rubric, body.procedure);
    const result = await this.engine.issueGuidance({ ...rest, ...(rubric ? { rubric } : {}), ...(sheet ? { sheet } : {}), ...(sessionBy ? { sessionBy } : {}), ...(reportBy ? { reportBy } : {}) });
    return { id: result.guidanceId, instanceId: result.instanceId };
  }

  @Get()
  @ApiOperation({ summary: 'Guidance issued by committees I may see' })
  async list(@CurrentUser() user: AuthUser) {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const { entities, raw } = await this.ds.manager
      .createQueryBuilder(Guidance, 'g')
      .innerJoin(OrgUnit, 'o', 'o.id = g.issuer_org_id')
      .where(filter.where, filter.params)
      .addSelect('o.code', 'issuer_code')
      .orderBy('g.issued_on', 'DESC')
      .getRawAndEntities();
    return entities.map((g, i) => ({ ...view(g), issuer: raw[i].issuer_code }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A guidance and its progress: cells started, reported, on time, late, missing' })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const { guidance, issuer } = await this.visible(user, id);
    const state = guidance.instanceId ? await this.engine.state(guidance.instanceId) : null;
    const rollup = state ? compileRollup(state, this.engine.clock.now()) : null;
    const children = state ? Object.values(state.children) : [];
    return {
      ...view(guidance),
      issuer: issuer.code,
      progress: {
        cells: state?.context.cells?.length ?? 0,
        started: children.filter((c) => c.started).length,
        reported: rollup?.reported ?? 0,
        onTime: rollup?.onTime ?? 0,
        late: rollup?.late ?? 0,
        missing: rollup?.missing ?? 0,
        status: state?.facts[FACTS.rollup] ? 'completed' : 'in-progress',
      },
    };
  }

  @Get(':id/rollup')
  @ApiOperation({ summary: 'The roll-up: the live compilation, and the submitted report once the committee sent it' })
  async rollup(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const { guidance } = await this.visible(user, id);
    const state = await this.engine.state(guidance.instanceId!);
    return { live: compileRollup(state, this.engine.clock.now()), submitted: state.facts[FACTS.rollup] ?? null, documents: state.documents };
  }

  @Get(':id/progress')
  @ApiOperation({
    summary:
      'Progress at any level of a cascade: the direct recipients (sub-committees and cells) with their whole subtree’s cells (started, held, rated, reported on time, late, missing), links one level down and up, and the committees that did not act',
  })
  async progress(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const { guidance, issuer } = await this.visible(user, id);
    const progress = await this.progressOf.progress(guidance, issuer);
    if (!progress) throw new NotFoundError(`Hướng dẫn ${guidance.number} chưa được triển khai`).worded('guidance-not-dispatched', { number: guidance.number });
    return progress;
  }

  @Post(':id/rollup')
  @HttpCode(201)
  @Roles('committee')
  @ApiOperation({ summary: 'The committee submits its roll-up (BC) once its recipients have reported or the deadline has passed; refused before any report' })
  async submitRollup(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body({ schema: rollupSchema }) body: z.output<typeof rollupSchema>) {
    const { guidance, issuer } = await this.visible(user, id);
    this.scope.requireAct(user, issuer, ['committee'], new NotFoundError(`Không tìm thấy hướng dẫn ${id}`).worded('guidance-not-found', { guidance: id }));
    const state = await this.engine.state(guidance.instanceId!);
    if (state.facts[FACTS.rollup]) throw new ConflictError(`${issuer.name} đã gửi báo cáo tổng hợp theo ${guidance.number}`, 'already-rolled-up').worded('already-rolled-up', { issuer: issuer.name, number: guidance.number });
    const task = Object.values(state.tasks).find((t) => t.stepId === 'rollup' && t.status === 'open');
    if (!task) {
      const now = this.engine.clock.now();
      const live = compileRollup(state, now);
      const by = effectiveGuidance(state)?.reportBy;
      if (!live.reported && !reportDeadlinePassed(by, now)) {
        throw new ValidationError([
          {
            path: 'reports',
            rule: 'no-report',
            message: `Chưa có báo cáo nào của ${live.cells} đơn vị trực thuộc${by ? ` và chưa hết hạn báo cáo (${by})` : ''}: chưa thể tổng hợp`,
          },
        ]);
      }
      throw new ConflictError(`Còn ${live.pending} đơn vị chưa báo cáo, chưa đến hạn báo cáo${by ? ` (${by})` : ''}: báo cáo tổng hợp được lập khi tất cả đã báo cáo hoặc hết hạn`, 'reports-pending').worded(
        by ? 'reports-pending' : 'reports-pending.no-deadline',
        by ? { pending: live.pending, by: by.split('-').reverse().join('/') } : { pending: live.pending },
      );
    }
    const after = await this.engine.submit(guidance.instanceId!, task.id, body, this.actors.actorFor(user, issuer));
    return { instance: { id: after.instanceId, status: after.status }, rollup: after.facts[FACTS.rollup] ?? null };
  }

  private async visible(user: AuthUser, id: string): Promise<{ guidance: Guidance; issuer: OrgUnit }> {
    const guidance = await this.ds.manager.findOne(Guidance, { where: { id } }).catch(() => null);
    const issuer = guidance ? await this.ds.manager.findOne(OrgUnit, { where: { id: guidance.issuerOrgId } }) : null;
    if (!guidance || !issuer || !this.scope.canSee(user, issuer.path)) throw new NotFoundError(`Không tìm thấy hướng dẫn ${id}`).worded('guidance-not-found', { guidance: id });
    return { guidance, issuer };
  }
}

function view(g: Guidance) {
  return {
    id: g.id,
    number: g.number,
    issuedOn: g.issuedOn,
    title: g.title,
    basedOn: g.basedOn,
    procedure: `${g.procedureKey}@${g.procedureVersion}`,
    addSteps: g.addSteps,
    rubric: g.rubric,
    sessionBy: g.sessionBy,
    reportBy: g.reportBy,
    scope: g.scope,
    instanceId: g.instanceId,
    status: g.status,
  };
}
