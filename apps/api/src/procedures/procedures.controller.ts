import { recordAdminAction } from '@chibo/audit';
import { OrgUnit, ProcedureDefinitionEntity } from '@chibo/db';
import { composeDefinition, stepOrderIssues, validateDefinition, type ProcedureDefinition, type StepRef } from '@chibo/procedure';
import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ScopeService } from '../auth/scope.service';
import { ConflictError, NotFoundError, procedureNotFound, ValidationError } from '../common/errors';
import { ScoreSheetsService } from '../year/score-sheets.service';
import { codeSchema, lineSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { actingOrg, visibleOrg } from '../engine/org-access';
import { ProcedureEngine } from '../engine/procedure-engine';

/** Versions are stored as 32-bit integers; anything above cannot exist (and Postgres refuses to compare with it). */
const MAX_VERSION = 2_147_483_647;

const composeSchema = z.strictObject({
  owner: codeSchema,
  base: z.strictObject({ key: codeSchema, version: z.number().int().positive().max(MAX_VERSION).optional(), owner: codeSchema.optional() }),
  title: lineSchema(300).optional(),
  addSteps: z.array(z.string().min(1)).max(20).default([]),
  rubric: z.string().optional(),
  /** A committee score sheet to pin on the scoring steps: "<org>/<code>@<version>" (see GET /score-sheets). */
  sheet: z.string().max(200).optional(),
  params: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Replace the step list outright (add, remove, reorder), instead of composing from the base's. */
  steps: z.array(z.object({ id: z.string(), kind: z.string(), params: z.record(z.string(), z.unknown()).default({}) })).max(50).optional(),
});

@ApiTags('procedures')
@Controller('procedures')
export class ProceduresController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  @Get('steps')
  @ApiOperation({ summary: 'The step kinds of the enabled plugins, with their parameters as JSON Schema' })
  steps() {
    return this.engine.registry.listSteps().map((s) => ({
      kind: `${s.name}@${s.version}`,
      title: s.title,
      description: s.description,
      params: z.toJSONSchema(s.params, { io: 'input', unrepresentable: 'any' }),
      tasks: Object.entries(s.tasks).map(([key, t]) => ({ key, title: t.title })),
      addable: s.addable ?? null,
    }));
  }

  @Get('rubrics')
  @ApiOperation({ summary: 'The scoring rubrics of the enabled plugins' })
  rubrics() {
    return this.engine.registry.listRubrics().map((r) => ({ id: r.id, title: r.title, form: z.toJSONSchema(r.form, { io: 'input', unrepresentable: 'any' }) }));
  }

  @Get()
  @ApiOperation({ summary: 'Definitions: the plugin defaults and the versions of committees I may see' })
  async list(@CurrentUser() user: AuthUser) {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const { entities, raw } = await this.ds.manager
      .createQueryBuilder(ProcedureDefinitionEntity, 'd')
      .innerJoin(OrgUnit, 'o', 'o.id = d.owner_org_id')
      .where(filter.where, filter.params)
      .addSelect('o.code', 'owner_code')
      .orderBy('d.key')
      .addOrderBy('d.version', 'DESC')
      .getRawAndEntities();
    return [
      ...this.engine.registry.listProcedures().map((p) => ({ ...p, id: null, status: 'published', owner: 'default' })),
      ...entities.map((d, i) => ({ id: d.id, key: d.key, version: d.version, owner: raw[i].owner_code, title: d.title, steps: d.steps, status: d.status })),
    ];
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a definition against the registry; every problem comes back with its field' })
  @ApiBody({
    description: 'A procedure definition as composed (the `definition` of POST /procedures): steps, their parameters and the order between them. Anything is accepted here; the answer lists every problem.',
    schema: { type: 'object', additionalProperties: true },
  })
  validate(@Body() body: unknown) {
    const issues = validateDefinition(body, this.engine.registry);
    return { valid: issues.length === 0, issues };
  }

  @Post()
  @HttpCode(201)
  @Roles('committee')
  @ApiOperation({ summary: 'Compose a new draft version from a base definition (add steps, set the rubric and parameters)' })
  async compose(@CurrentUser() user: AuthUser, @Body(new ZodValidationPipe(composeSchema)) body: z.output<typeof composeSchema>) {
    const owner = await actingOrg(this.ds, this.scope, user, body.owner, ['committee']);
    const base = await this.base(user, body.base);
    const start: ProcedureDefinition = { ...base, ...(body.steps ? { steps: body.steps } : {}), ...(body.title ? { title: body.title } : {}) };
    const latest = await this.ds.manager.findOne(ProcedureDefinitionEntity, { where: { key: base.key, ownerOrgId: owner.id }, order: { version: 'DESC' } });
    const version = (latest?.version ?? 0) + 1;
    const params = body.sheet ? await this.pinSheet(user, start, body.sheet, body.params) : body.params;
    const composed = composeDefinition(start, { addSteps: body.addSteps, ...(body.rubric ? { rubric: body.rubric } : {}), params, version, owner: owner.code }, this.engine.registry);
    const row = await this.ds.transaction(async (m) => {
      const saved = await m.save(
        m.create(ProcedureDefinitionEntity, {
          key: composed.key,
          version,
          ownerOrgId: owner.id,
          title: composed.title,
          steps: composed.steps,
          status: 'draft',
          createdAt: this.engine.clock.now(),
          publishedAt: null,
        }),
      );
      await recordAdminAction(m, {
        type: 'definition-composed',
        org: owner.code,
        actorUserId: user.id,
        at: saved.createdAt,
        subject: { definitionId: saved.id, key: saved.key, version },
        before: latest ? { version: latest.version, steps: latest.steps } : null,
        after: { version, title: saved.title, steps: saved.steps, status: 'draft' },
      });
      return saved;
    });
    return { id: row.id, ...composed, status: row.status, diff: diffSteps(latest ? (latest.steps as ProcedureDefinition['steps']) : base.steps, composed.steps) };
  }

  /** Copies the chosen sheet version into every scoring step's params, so instances keep it when a new version comes. */
  private async pinSheet(user: AuthUser, start: ProcedureDefinition, ref: string, params: Record<string, Record<string, unknown>>) {
    const sheet = await new ScoreSheetsService(this.ds, this.scope).resolveRef(user, ref, 'sheet');
    const scoring = start.steps.filter((s) => this.engine.registry.hasStep(s.kind) && this.engine.registry.step(s.kind).rubricParam);
    if (scoring.length === 0) throw new ValidationError([{ path: 'sheet', rule: 'no-scoring-step', message: 'Quy trình không có bước chấm điểm để áp dụng phiếu chấm điểm' }]);
    const pinned = { ...params };
    for (const step of scoring) pinned[step.id] = { ...pinned[step.id], rubric: sheet.ref, sheet: { ref: sheet.ref, definition: sheet.sheet } };
    return pinned;
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('committee')
  @ApiOperation({ summary: 'Publish a draft version: new guidance of this committee will use it' })
  async publish(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const row = await this.ds.manager.findOne(ProcedureDefinitionEntity, { where: { id } });
    const owner = row?.ownerOrgId ? await this.ds.manager.findOne(OrgUnit, { where: { id: row.ownerOrgId } }) : null;
    this.scope.requireAct(user, owner, ['committee'], procedureNotFound(id));
    if (row!.status === 'published') throw new ConflictError('Phiên bản này đã được ban hành').worded('procedure-published');
    // A step before the one that provides what it needs (the report before the vote) is refused: 422, each named.
    const order = stepOrderIssues(row!.steps as StepRef[], this.engine.registry);
    if (order.length) throw new ValidationError(order);
    const publishedAt = this.engine.clock.now();
    await this.ds.transaction(async (m) => {
      await m.update(ProcedureDefinitionEntity, { id }, { status: 'published', publishedAt });
      await recordAdminAction(m, {
        type: 'definition-published',
        org: owner!.code,
        actorUserId: user.id,
        at: publishedAt,
        subject: { definitionId: id, key: row!.key, version: row!.version },
        before: { status: row!.status, publishedAt: row!.publishedAt },
        after: { status: 'published', publishedAt, title: row!.title, steps: row!.steps },
      });
    });
    return { id, status: 'published' };
  }

  @Get(':owner/:key/:version')
  @ApiOperation({ summary: 'One version of a definition' })
  async get(@CurrentUser() user: AuthUser, @Param('owner') owner: string, @Param('key') key: string, @Param('version', ParseIntPipe) version: number) {
    return this.base(user, { key, version, owner });
  }

  private async base(user: AuthUser, ref: { key: string; version?: number | undefined; owner?: string | undefined }): Promise<ProcedureDefinition> {
    if (ref.version !== undefined && !(ref.version >= 1 && ref.version <= MAX_VERSION)) {
      throw new NotFoundError(`Không tìm thấy quy trình ${ref.key}@${ref.version}`).worded('procedure-not-found', { procedure: `${ref.key}@${ref.version}` });
    }
    if (!ref.owner || ref.owner === 'default') {
      try {
        return this.engine.registry.procedure(ref.key, ref.version);
      } catch {
        throw new NotFoundError(`Không có quy trình mặc định ${ref.key}`).worded('default-procedure-not-found', { procedure: ref.key });
      }
    }
    const org = await visibleOrg(this.ds, this.scope, user, ref.owner);
    const row = await this.ds.manager.findOne(ProcedureDefinitionEntity, {
      where: { key: ref.key, ownerOrgId: org.id, ...(ref.version ? { version: ref.version } : {}) },
      order: { version: 'DESC' },
    });
    if (!row) throw new NotFoundError(`Không tìm thấy quy trình ${ref.key}${ref.version ? `@${ref.version}` : ''} của ${ref.owner}`).worded('owner-procedure-not-found', { procedure: `${ref.key}${ref.version ? `@${ref.version}` : ''}`, owner: ref.owner });
    return { key: row.key, version: row.version, owner: org.code, title: row.title, steps: row.steps as ProcedureDefinition['steps'] };
  }
}

/** Steps added, removed, moved or re-parameterised between two versions. */
function diffSteps(before: ProcedureDefinition['steps'], after: ProcedureDefinition['steps']) {
  const old = new Map(before.map((s, i) => [s.id, { ...s, index: i }]));
  const now = new Map(after.map((s, i) => [s.id, { ...s, index: i }]));
  return {
    added: after.filter((s) => !old.has(s.id)).map((s) => s.id),
    removed: before.filter((s) => !now.has(s.id)).map((s) => s.id),
    moved: after.filter((s, i) => old.has(s.id) && old.get(s.id)!.index !== i).map((s) => s.id),
    changed: after.filter((s) => old.has(s.id) && JSON.stringify(old.get(s.id)!.params) !== JSON.stringify(s.params)).map((s) => s.id),
  };
}
