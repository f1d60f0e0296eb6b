import { DocumentEntity, OrgUnit } from '@chibo/db';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ScopeService } from '../auth/scope.service';
import { ZodValidationPipe } from '../common/zod-validation.pipe';

const listQuery = z.object({
  org: z.string().optional(),
  type: z.string().max(5).optional(),
  instance: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

@ApiTags('documents')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Documents issued by org units I may see (number, type, checksum)' })
  async list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(listQuery)) query: z.output<typeof listQuery>) {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const qb = this.ds.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .innerJoin(OrgUnit, 'o', 'o.id = d.org_id')
      .where(filter.where, filter.params)
      .addSelect('o.code', 'org_code');
    if (query.org) qb.andWhere('o.code = :org', { org: query.org });
    if (query.type) qb.andWhere('d.type = :type', { type: query.type });
    if (query.instance) qb.andWhere('d.instance_id = :instance', { instance: query.instance });
    const { entities, raw } = await qb.orderBy('d.issued_at', 'ASC').addOrderBy('d.seq', 'ASC').offset(query.offset).limit(query.limit).getRawAndEntities();
    return entities.map((d, i) => ({
      id: d.id,
      org: raw[i].org_code,
      instanceId: d.instanceId,
      type: d.type,
      number: d.number,
      title: d.title,
      status: d.status,
      checksum: d.checksum,
      issuedAt: d.issuedAt,
      data: d.data,
    }));
  }
}
