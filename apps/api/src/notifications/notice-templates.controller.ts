import { DocumentTemplateOverride } from '@chibo/db';
import { findNoticeOverrides, NOTICE_FIELDS, NOTICE_TEMPLATE_MAX_CHARS, noticeTemplateId, NoticeTemplateValidationError } from '@chibo/documents';
import { defaultNotificationTemplates, DIGEST_KIND, NOTICE_KINDS, noticeSample, sampleDigestView, sampleNoticeView } from '@chibo/notifications';
import { retireNoticeTemplates, saveNoticeTemplates } from './notice-template-store';
import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, In } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ScopeService } from '../auth/scope.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { LongText } from '../common/input/long-text.decorator';
import { textSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { actingOrg, visibleOrg } from '../engine/org-access';
import { ProcedureEngine } from '../engine/procedure-engine';

const field = textSchema(NOTICE_TEMPLATE_MAX_CHARS).optional();
const saveSchema = z
  .strictObject({ subject: field, text: field, html: field })
  .refine((b) => b.subject !== undefined || b.text !== undefined || b.html !== undefined, { error: 'Cần ít nhất một trong subject, text, html', params: { rule: 'empty-override' } });

function versionView(row: DocumentTemplateOverride, kind: string, orgCode: string) {
  return { id: row.id, org: orgCode, kind, field: row.templateId.split(':').pop(), version: row.version, status: row.status, checksum: row.checksum, createdAt: row.createdAt, createdBy: row.createdBy, retiredAt: row.retiredAt };
}

/**
 * Committees' own wording of the e-mailed notices (ADR 0031): per notice kind, a subject, a plain-text and an HTML
 * body in Handlebars, applying to notices sent by the unit and every unit below it. Each field is compiled and tried
 * in the documents' sandbox before it is stored (422 naming the field and the rule); a stored one that fails when a
 * notice is sent leaves that notice to the shipped template.
 */
@ApiTags('notifications')
@Controller('notice-templates')
export class NoticeTemplatesController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The notice kinds a committee may word its own way, and the fields their templates can use' })
  list() {
    return NOTICE_KINDS.map((kind) => ({ kind, fields: NOTICE_FIELDS, variables: Object.keys(noticeSample(kind)) }));
  }

  @Get(':kind/orgs/:org')
  @ApiOperation({ summary: 'The templates that apply to an org unit’s notices of a kind (its own, an ancestor’s, or the shipped ones) and the unit’s versions' })
  async effective(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Param('org') code: string) {
    this.kind(kind);
    const org = await visibleOrg(this.ds, this.scope, user, code);
    const found = await findNoticeOverrides(this.ds.manager, org, kind);
    const versions = await this.ds.manager.find(DocumentTemplateOverride, { where: { orgId: org.id, templateId: In(NOTICE_FIELDS.map((f) => noticeTemplateId(kind, f))) }, order: { templateId: 'ASC', version: 'DESC' } });
    const applies = Object.fromEntries(NOTICE_FIELDS.map((f) => [f, found?.[f] ? { ref: found[f].ref, source: found[f].source } : { ref: 'shipped', source: null }]));
    return { kind, org: org.code, applies, sample: kind === DIGEST_KIND ? defaultNotificationTemplates().renderDigest(sampleDigestView()) : defaultNotificationTemplates().render(sampleNoticeView(kind)), versions: versions.map((v) => versionView(v, kind, org.code)) };
  }

  @Put(':kind/orgs/:org')
  @LongText(NOTICE_TEMPLATE_MAX_CHARS)
  @Roles('committee')
  @ApiOperation({ summary: 'Save a committee’s subject/text/html templates of a notice kind (tried first in the sandbox: 422 naming the field and rule of each problem)' })
  async save(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Param('org') code: string, @Body(new ZodValidationPipe(saveSchema)) body: z.output<typeof saveSchema>) {
    this.kind(kind);
    const org = await actingOrg(this.ds, this.scope, user, code, ['committee']);
    const at = this.engine.clock.now();
    const fields = Object.fromEntries(NOTICE_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]!]));
    try {
      const rows = await saveNoticeTemplates(this.ds, { org, kind, fields, at, by: user.id });
      return { kind, org: org.code, saved: rows.map((r) => versionView(r, kind, org.code)) };
    } catch (error) {
      if (error instanceof NoticeTemplateValidationError) throw new ValidationError(error.issues, error.message, undefined, 'template-invalid');
      throw error;
    }
  }

  @Delete(':kind/orgs/:org')
  @HttpCode(200)
  @Roles('committee')
  @ApiOperation({ summary: 'Stop using the org unit’s own notice templates of a kind (an ancestor’s or the shipped ones apply again); `retired` says whether there were any' })
  async retire(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Param('org') code: string) {
    this.kind(kind);
    const org = await actingOrg(this.ds, this.scope, user, code, ['committee']);
    const at = this.engine.clock.now();
    const retired = await retireNoticeTemplates(this.ds, { org, kind, at, by: user.id });
    return { kind, org: org.code, retired };
  }

  private kind(kind: string): void {
    if (!NOTICE_KINDS.includes(kind)) throw new NotFoundError(`Không có loại thông báo ${kind}`, 'notice-kind-not-found').worded('notice-kind-not-found', { kind });
  }
}
