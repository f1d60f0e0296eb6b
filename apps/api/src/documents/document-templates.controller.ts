import { LongText } from '../common/input/long-text.decorator';
import { recordAdminAction } from '@chibo/audit';
import { DocumentTemplateOverride } from '@chibo/db';
import { checkTemplateShape, defaultDocumentRenderer, DocumentNotFoundError, findTemplateOverride, retireTemplateOverride, saveTemplateOverride, TemplateValidationError } from '@chibo/documents';
import { sqliteWriteLock } from '@chibo/runtime-embedded';
import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ScopeService } from '../auth/scope.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { textSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { actingOrg, visibleOrg } from '../engine/org-access';
import { ProcedureEngine } from '../engine/procedure-engine';

/** Longest committee template source accepted (a plugin's own templates are under 10,000 characters). */
const TEMPLATE_MAX_CHARS = 200_000;
const saveSchema = z.strictObject({ source: textSchema(TEMPLATE_MAX_CHARS).refine((s) => s.trim().length > 0, { error: 'Mẫu văn bản đang trống', params: { rule: 'empty-template' } }) });

function overrideView(row: DocumentTemplateOverride, orgCode: string) {
  return { id: row.id, org: orgCode, template: row.templateId, version: row.version, status: row.status, checksum: row.checksum, createdAt: row.createdAt, createdBy: row.createdBy, retiredAt: row.retiredAt };
}

/**
 * The document templates of the enabled plugins, and committees' own versions of them. A committee's version applies
 * to its documents and those of every unit below it; it is validated before it is stored (422 with the line and the
 * reason of each problem) and kept with every earlier version.
 */
@ApiTags('documents')
@Controller('document-templates')
export class DocumentTemplatesController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The document templates of the enabled plugins (id, type, title, plugin)' })
  list() {
    return defaultDocumentRenderer()
      .templates()
      .map((t) => ({ id: t.id, type: t.type, title: t.title, plugin: t.plugin }));
  }

  @Get(':templateId/orgs/:org')
  @ApiOperation({ summary: 'The template that applies to an org unit’s documents (its own, an ancestor’s, or the plugin’s) and the unit’s versions' })
  async effective(@CurrentUser() user: AuthUser, @Param('templateId') templateId: string, @Param('org') code: string) {
    const template = this.template(templateId);
    const org = await visibleOrg(this.ds, this.scope, user, code);
    const override = await findTemplateOverride(this.ds.manager, org, templateId);
    const versions = await this.ds.manager.find(DocumentTemplateOverride, { where: { orgId: org.id, templateId }, order: { version: 'DESC' } });
    return {
      template: templateId,
      org: org.code,
      applies: override ? override.ref : `plugin:${templateId}`,
      source: override ? override.source : template.source,
      versions: versions.map((v) => overrideView(v, org.code)),
    };
  }

  @Put(':templateId/orgs/:org')
  @LongText(TEMPLATE_MAX_CHARS)
  @Roles('committee')
  @ApiOperation({ summary: 'Save a committee’s version of a template (validated first: 422 with the line and reason of each problem)' })
  async save(@CurrentUser() user: AuthUser, @Param('templateId') templateId: string, @Param('org') code: string, @Body(new ZodValidationPipe(saveSchema)) body: z.output<typeof saveSchema>) {
    this.template(templateId);
    // Size and nesting before anything else (a database transaction included): a template bomb costs one scan.
    const shape = checkTemplateShape(body.source);
    if (shape.length) throw new ValidationError(shape, shape[0]!.message, undefined, 'template-invalid');
    const org = await actingOrg(this.ds, this.scope, user, code, ['committee']);
    const at = this.engine.clock.now();
    try {
      const row = await sqliteWriteLock(this.ds).run('write', () =>
        this.ds.transaction(async (m) => {
          const saved = await saveTemplateOverride(m, defaultDocumentRenderer(), { org, templateId, source: body.source, at, by: user.id });
          await recordAdminAction(m, { type: 'template-overridden', org: org.code, actorUserId: user.id, at, subject: { template: templateId, version: saved.version }, after: { checksum: saved.checksum } });
          return saved;
        }),
      );
      return overrideView(row, org.code);
    } catch (error) {
      if (error instanceof TemplateValidationError) throw new ValidationError(error.issues, error.message, undefined, 'template-invalid');
      if (error instanceof DocumentNotFoundError) throw new NotFoundError(error.message, 'template-not-found');
      throw error;
    }
  }

  @Delete(':templateId/orgs/:org')
  @HttpCode(200)
  @Roles('committee')
  @ApiOperation({ summary: 'Stop using the org unit’s own version (its documents go back to an ancestor’s or the plugin’s template); `retired` says whether there was one' })
  async retire(@CurrentUser() user: AuthUser, @Param('templateId') templateId: string, @Param('org') code: string) {
    this.template(templateId);
    const org = await actingOrg(this.ds, this.scope, user, code, ['committee']);
    const at = this.engine.clock.now();
    const retired = await sqliteWriteLock(this.ds).run('write', () =>
      this.ds.transaction(async (m) => {
        const done = await retireTemplateOverride(m, { org, templateId, at });
        if (done) await recordAdminAction(m, { type: 'template-overridden', org: org.code, actorUserId: user.id, at, subject: { template: templateId, retired: true } });
        return done;
      }),
    );
    // Idempotent: asking again (or when the unit never had its own version) changes nothing and says so.
    return { template: templateId, org: org.code, retired };
  }

  private template(id: string) {
    const template = defaultDocumentRenderer().template(id);
    if (!template || !template.plugin) throw new NotFoundError(`Không có mẫu văn bản ${id}`, 'template-not-found').worded('template-not-found', { template: id });
    return template;
  }
}
