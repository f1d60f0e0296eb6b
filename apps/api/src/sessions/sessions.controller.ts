import { OrgUnit, Resolution, Score, SessionAttendance, SessionGuest, SessionOpinion, SessionRecord, Vote } from '@chibo/db';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ScopeService } from '../auth/scope.service';
import { NotFoundError } from '../common/errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';

const listQuery = z.object({ cell: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) });

@ApiTags('sessions')
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Sessions held by cells I may see' })
  async list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(listQuery)) query: z.output<typeof listQuery>) {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const qb = this.ds.manager
      .createQueryBuilder(SessionRecord, 's')
      .innerJoin(OrgUnit, 'o', 'o.id = s.org_id')
      .where(filter.where, filter.params)
      .addSelect('o.code', 'org_code');
    if (query.cell) qb.andWhere('o.code = :cell', { cell: query.cell });
    const { entities, raw } = await qb.orderBy('s.held_at', 'DESC').offset(query.offset).limit(query.limit).getRawAndEntities();
    return entities.map((s, i) => ({ ...s, org: raw[i].org_code }));
  }

  @Get(':instanceId')
  @ApiOperation({ summary: 'A session with its roll call, opinions, guests, score, vote and resolution' })
  async get(@CurrentUser() user: AuthUser, @Param('instanceId') instanceId: string) {
    const m = this.ds.manager;
    const session = await m.findOne(SessionRecord, { where: { instanceId } });
    const org = session ? await m.findOne(OrgUnit, { where: { id: session.orgId } }) : null;
    if (!session || !org || !this.scope.canSee(user, org.path)) throw new NotFoundError(`Không tìm thấy buổi sinh hoạt của ${instanceId}`).worded('session-not-found', { instance: instanceId });
    const [attendance, opinions, guests, score, vote, resolution] = await Promise.all([
      m.find(SessionAttendance, { where: { sessionId: session.id } }),
      m.find(SessionOpinion, { where: { sessionId: session.id }, order: { seq: 'ASC' } }),
      m.find(SessionGuest, { where: { sessionId: session.id } }),
      m.findOne(Score, { where: { instanceId } }),
      m.findOne(Vote, { where: { instanceId } }),
      m.findOne(Resolution, { where: { instanceId } }),
    ]);
    return { ...session, org: org.code, attendance, opinions, guests, score, vote, resolution };
  }
}
