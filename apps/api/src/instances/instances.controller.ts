import { Guidance, OrgUnit, ProcedureInstance, Task } from '@chibo/db';
import { activeFindings, type InstanceState } from '@chibo/procedure';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ScopeService } from '../auth/scope.service';
import { ProcedureEngine } from '../engine/procedure-engine';
import { visibleInstance } from '../engine/org-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';

const listQuery = z.object({
  cell: z.string().optional(),
  guidance: z.string().optional(),
  status: z.enum(['running', 'completed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

@ApiTags('instances')
@Controller('instances')
export class InstancesController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Procedure instances I may see, filtered by cell, guidance id and status' })
  async list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(listQuery)) query: z.output<typeof listQuery>) {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const qb = this.ds.manager
      .createQueryBuilder(ProcedureInstance, 'i')
      .innerJoin(OrgUnit, 'o', 'o.id = i.org_id')
      .where(filter.where, filter.params)
      .select(['i.id', 'i.definitionKey', 'i.definitionVersion', 'i.status', 'i.version', 'i.guidanceId', 'i.parentInstanceId', 'i.createdAt', 'i.updatedAt'])
      .addSelect('o.code', 'org_code')
      .addSelect('o.name', 'org_name');
    if (query.cell) qb.andWhere('o.code = :cell', { cell: query.cell });
    if (query.guidance) qb.andWhere('i.guidance_id = :guidance', { guidance: query.guidance });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    const total = await qb.getCount();
    const { entities, raw } = await qb.orderBy('i.created_at', 'ASC').addOrderBy('i.id', 'ASC').offset(query.offset).limit(query.limit).getRawAndEntities();
    return {
      total,
      items: entities.map((i, n) => ({
        id: i.id,
        procedure: `${i.definitionKey}@${i.definitionVersion}`,
        org: { code: raw[n].org_code, name: raw[n].org_name },
        status: i.status,
        version: i.version,
        guidanceId: i.guidanceId,
        parentInstanceId: i.parentInstanceId,
        createdAt: i.createdAt,
        updatedAt: i.updatedAt,
      })),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An instance: where it stands, its open tasks, its findings' })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const { instance, org } = await visibleInstance(this.ds, this.scope, user, id);
    const state = await this.engine.state(id);
    const tasks = await this.ds.manager.find(Task, { where: { instanceId: id }, order: { openedAt: 'ASC' } });
    const guidance = instance.guidanceId ? await this.ds.manager.findOne(Guidance, { where: { id: instance.guidanceId } }) : null;
    return {
      ...summary(state),
      org: { code: org.code, name: org.name, kind: org.kind },
      guidance: guidance ? { id: guidance.id, number: guidance.number, issuedOn: guidance.issuedOn, title: guidance.title } : null,
      tasks: tasks.map((t) => ({ id: t.id, step: t.stepId, key: t.key, title: { vi: t.titleVi, en: t.titleEn }, status: t.status, openedAt: t.openedAt, dueAt: t.dueAt, submittedAt: t.submittedAt })),
    };
  }

  @Get(':id/state')
  @ApiOperation({ summary: 'The full state of an instance, as the procedure core holds it' })
  async state(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    await visibleInstance(this.ds, this.scope, user, id);
    return this.engine.state(id);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Every event of the instance, in order, with who and when' })
  async timeline(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    await visibleInstance(this.ds, this.scope, user, id);
    return (await this.engine.events(id)).map(({ seq, event, recordedAt }) => ({ seq, type: event.type, at: event.at, recordedAt, event }));
  }
}

function summary(state: InstanceState) {
  const current = state.cursor >= 0 ? state.definition.steps[state.cursor] : undefined;
  return {
    id: state.instanceId,
    procedure: { key: state.definition.key, version: state.definition.version, owner: state.definition.owner, title: state.definition.title },
    status: state.status,
    /** Why the instance failed (a step's error, an effect that could not be done), when it did. */
    failure: state.failure ?? null,
    overdue: state.facts['status'] === 'overdue',
    currentStep: current ? { id: current.id, kind: current.kind } : null,
    steps: state.definition.steps.map((s) => ({ id: s.id, kind: s.kind, done: Boolean(state.completedSteps[s.id]), current: s.id === current?.id })),
    findings: activeFindings(state),
    documents: state.documents,
    version: state.version,
    startedAt: state.startedAt,
    updatedAt: state.updatedAt,
  };
}
