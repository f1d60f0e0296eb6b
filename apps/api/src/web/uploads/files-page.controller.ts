import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../auth/public.decorator';
import { ScopeService } from '../../auth/scope.service';
import { NotFoundError } from '../../common/errors';
import { FACTS } from '@chibo/procedure';
import type { AuthUser } from '../../auth/auth-user';
import { visibleInstance } from '../../engine/org-access';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import type { WebRequest } from '../session/web-request';
import { FILES_PATH } from './file-links';
import { UploadsService } from './uploads.service';

/**
 * A file uploaded with a task (the draft's PDF or DOCX). Once the session is convened, for whoever may see its
 * procedure (the notice asks members to study the draft, as the dossier shows it then); before, only for who works
 * on the draft: the member who uploaded it, the cell's secretary and chi ủy, and those granted more than membership
 * over the cell (its committees, admins, auditors). 404 otherwise, as for a file that does not exist.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller(FILES_PATH.slice(1))
export class FilesPageController {
  constructor(
    private readonly files: UploadsService,
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  @Get(':id')
  async download(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    const file = await this.files.find(id);
    if (!file) throw new NotFoundError(`Không tìm thấy tệp ${id}`).worded('file-not-found', { file: id });
    const { org } = await visibleInstance(this.ds, this.scope, req.user!, file.instanceId);
    if (!(await this.mayReadDraft(req.user!, file, org.id, org.path))) throw new NotFoundError(`Không tìm thấy tệp ${id}`).worded('file-not-found', { file: id });
    const bytes = Buffer.from(file.contentBase64, 'base64');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
    res.status(200).end(bytes);
  }

  private async mayReadDraft(user: AuthUser, file: { instanceId: string; uploadedBy: string }, orgId: string, orgPath: string): Promise<boolean> {
    if (file.uploadedBy === user.id) return true;
    if (user.grants.some((g) => g.role !== 'member' && orgPath.startsWith(g.orgPath))) return true;
    if (user.member?.orgId === orgId && user.member.roles.length > 0) return true;
    const state = await this.engine.state(file.instanceId);
    return Boolean(state.facts[FACTS.convened]);
  }
}
