import { DocumentEntity, OrgUnit } from '@chibo/db';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ScopeService } from '../auth/scope.service';
import { codeSchema, lineSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { DocumentOutputsService } from './document-outputs.service';
import { documentView, DocumentsService } from './documents.service';

const listQuery = z.object({
  org: z.string().optional(),
  type: z.string().max(5).optional(),
  instance: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
const registersQuery = z.object({ org: codeSchema });
const cancelSchema = z.strictObject({ reason: lineSchema(500) });

/**
 * The preview is the stored HTML of a document: it may only style itself. No script, no request anywhere (a committee's
 * template cannot make a browser fetch or run anything), and no framing by other sites.
 */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** `attachment` with the number as the file name: ASCII for old clients, UTF-8 (RFC 6266) for the rest. */
function disposition(kind: 'inline' | 'attachment', number: string, extension: string): string {
  const name = `${number.replace(/\//g, '-')}.${extension}`;
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

@ApiTags('documents')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly documents: DocumentsService,
    private readonly outputs: DocumentOutputsService,
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

  @Get('registers')
  @ApiOperation({ summary: 'The numbering registers of an org unit: every number from 1 to the last, with its document (cancelled ones keep theirs)' })
  async registers(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(registersQuery)) query: z.output<typeof registersQuery>) {
    return this.documents.registers(user, query.org);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A document: number, status, checksums, the template that rendered it, and its download links' })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const { doc, org } = await this.documents.visible(user, id);
    return documentView(doc, org, this.outputs.pdfAvailable);
  }

  @Get(':id/html')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Preview: the document as issued (HTML, printable on A4); a cancelled one carries a banner' })
  async html(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { doc, html } = await this.documents.html(user, id);
    // Set here, not with @Header: an error must still go out as JSON.
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', PREVIEW_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', disposition('inline', doc.number, 'html'));
    if (doc.htmlChecksum) res.setHeader('X-Document-Checksum', doc.htmlChecksum);
    return html;
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Download as PDF (A4, margins 20/20/30/15 mm; needs Chromium on the server, else 503 saying how to install it)' })
  async pdf(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { doc, html } = await this.documents.html(user, id);
    const pdf = await this.outputs.pdf(html);
    if (doc.htmlChecksum) res.setHeader('X-Document-Checksum', doc.htmlChecksum);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: disposition('attachment', doc.number, 'pdf'), length: pdf.length });
  }

  @Get(':id/docx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOperation({ summary: 'Download as a Word document (DOCX) to edit' })
  async docx(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { doc, html } = await this.documents.html(user, id);
    const docx = await this.outputs.docx(html, { number: doc.number, title: doc.title });
    if (doc.htmlChecksum) res.setHeader('X-Document-Checksum', doc.htmlChecksum);
    return new StreamableFile(docx, {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      disposition: disposition('attachment', doc.number, 'docx'),
      length: docx.length,
    });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('secretary', 'committee')
  @ApiOperation({ summary: 'Cancel a document (cell secretary, committee above, admin): it keeps its number, marked cancelled with the reason' })
  async cancel(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body(new ZodValidationPipe(cancelSchema)) body: z.output<typeof cancelSchema>) {
    const { doc, org } = await this.documents.cancel(user, id, body.reason);
    return documentView(doc, org, this.outputs.pdfAvailable);
  }
}
