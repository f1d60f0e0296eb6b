import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../auth/public.decorator';
import { ScopeService } from '../../auth/scope.service';
import { NotFoundError } from '../../common/errors';
import { visibleInstance } from '../../engine/org-access';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import type { WebRequest } from '../session/web-request';
import { FILES_PATH } from './file-links';
import { UploadsService } from './uploads.service';

/** A file uploaded with a task (the draft's PDF or DOCX), for whoever may see its procedure; 404 otherwise. */
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
  ) {}

  @Get(':id')
  async download(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    const file = await this.files.find(id);
    if (!file) throw new NotFoundError(`Không tìm thấy tệp ${id}`);
    await visibleInstance(this.ds, this.scope, req.user!, file.instanceId);
    const bytes = Buffer.from(file.contentBase64, 'base64');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
    res.status(200).end(bytes);
  }
}
