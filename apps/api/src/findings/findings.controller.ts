import { Finding, OrgUnit } from '@chibo/db';
import { FINDINGS, isFindingCode } from '@chibo/rules';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ScopeService } from '../auth/scope.service';
import { codeSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { orgNotFound } from '../orgs/org-units';

const listQuery = z.object({
  org: codeSchema.optional(),
  code: z.string().max(100).refine(isFindingCode, 'Mã phát hiện không hợp lệ').optional(),
  guidance: z.string().max(100).optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

@ApiTags('findings')
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Compliance findings of the org units I may see; resolved ones keep their history' })
  async list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(listQuery)) query: z.output<typeof listQuery>) {
    // A unit the caller may not see is not there for them: 404, as everywhere else, not an empty list.
    if (query.org) this.scope.requireVisible(user, await this.ds.manager.findOneBy(OrgUnit, { code: query.org }), orgNotFound(query.org));
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const qb = this.ds.manager
      .createQueryBuilder(Finding, 'f')
      .innerJoin(OrgUnit, 'o', 'o.id = f.org_id')
      .where(filter.where, filter.params)
      .addSelect('o.code', 'org_code');
    if (query.org) qb.andWhere('o.code = :org', { org: query.org });
    if (query.code) qb.andWhere('f.code = :code', { code: query.code });
    if (query.guidance) qb.andWhere('f.guidance_id = :guidance', { guidance: query.guidance });
    if (query.active === 'true') qb.andWhere('f.resolved_at IS NULL');
    if (query.active === 'false') qb.andWhere('f.resolved_at IS NOT NULL');
    const { entities, raw } = await qb.orderBy('f.recorded_at', 'ASC').offset(query.offset).limit(query.limit).getRawAndEntities();
    return entities.map((f, i) => ({
      ...f,
      org: raw[i].org_code,
      description: isFindingCode(f.code) ? FINDINGS[f.code] : null,
    }));
  }
}
