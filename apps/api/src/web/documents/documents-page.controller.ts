import { DocumentEntity, OrgUnit } from '@chibo/db';
import { DOCUMENT_TYPES } from '@chibo/rules';
import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../auth/public.decorator';
import { ScopeService } from '../../auth/scope.service';
import { NotFoundError } from '../../common/errors';
import { API_DOCUMENT_FORMATS, apiDocumentHref } from './document-links';
import { translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import type { WebRequest } from '../session/web-request';
import { documentLink } from '../tasks/task-page.service';
import { WEB, seg } from '../web-paths';

const PAGE_SIZE = 50;

/** The documents a person may see (numbered KH, TB, BB, NQ, BC…), and one document with its preview and downloads. */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller(WEB.documents.slice(1))
export class DocumentsPageController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response, @Query('loai') type?: string, @Query('don-vi') org?: string, @Query('trang') page?: string) {
    const lang = req.web!.lang;
    const filter = this.scope.subtreeFilter(req.user!, 'o.path');
    const qb = this.ds.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .innerJoin(OrgUnit, 'o', 'o.id = d.org_id')
      .where(filter.where, filter.params)
      .select(['d.id', 'd.type', 'd.number', 'd.title', 'd.issuedAt', 'd.status', 'd.instanceId'])
      .addSelect('o.name', 'org_name')
      .addSelect('o.code', 'org_code');
    const validType = type && Object.hasOwn(DOCUMENT_TYPES, type) ? type : undefined;
    if (validType) qb.andWhere('d.type = :type', { type: validType });
    if (org) qb.andWhere('o.code = :org', { org });
    const total = await qb.getCount();
    const current = Math.max(1, Number(page) || 1);
    const { entities, raw } = await qb.orderBy('d.issued_at', 'DESC').addOrderBy('d.number', 'ASC').offset((current - 1) * PAGE_SIZE).limit(PAGE_SIZE).getRawAndEntities();
    renderPage(req, res, 'documents/list', {
      title: translate(lang, 'documents.title'),
      types: Object.keys(DOCUMENT_TYPES).map((code) => ({ value: code, label: `${code} — ${translate(lang, `docType.${code}`)}`, selected: code === validType })),
      org: org ?? '',
      total,
      documents: entities.map((d, i) => ({ ...documentLink(d), org: raw[i].org_name as string })),
      page: current,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      pagerBase: `${WEB.documents}?loai=${seg(validType ?? '')}&don-vi=${seg(org ?? '')}&trang=`,
    });
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    const lang = req.web!.lang;
    const doc = await this.ds.manager.findOne(DocumentEntity, { where: { id } }).catch(() => null);
    const org = doc ? await this.ds.manager.findOne(OrgUnit, { where: { id: doc.orgId } }) : null;
    if (!doc || !org || !this.scope.canSee(req.user!, org.path)) throw new NotFoundError(translate(lang, 'documents.notFound'));
    renderPage(req, res, 'documents/show', {
      title: `${doc.number} — ${doc.title}`,
      doc: { ...documentLink(doc), org: org.name, checksum: doc.checksum, data: doc.data, dossierHref: doc.instanceId ? `${WEB.dossiers}/${seg(doc.instanceId)}` : null },
      previewHref: apiDocumentHref(doc.id, 'html'),
      downloads: API_DOCUMENT_FORMATS.map((format) => ({ format: format.toUpperCase(), href: apiDocumentHref(doc.id, format) })),
    });
  }
}
