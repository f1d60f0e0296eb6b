import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import type { WebRequest } from '../session/web-request';
import { WEB } from '../web-paths';
import { DossierService } from './dossier.service';

/** The cells' dossiers: every procedure a person may see, and one procedure with everything it recorded. */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller(WEB.dossiers.slice(1))
export class DossierPageController {
  constructor(private readonly dossiers: DossierService) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response, @Query('chi-bo') cell?: string, @Query('trang') page?: string) {
    const lang = req.web!.lang;
    const list = await this.dossiers.list(req.user!, lang, { ...(cell ? { cell } : {}), page: Math.max(1, Number(page) || 1) });
    renderPage(req, res, 'dossier/list', { title: translate(lang, 'dossier.listTitle'), list, cell: cell ?? '' });
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    const lang = req.web!.lang;
    renderPage(req, res, 'dossier/show', await this.dossiers.dossier(req.user!, lang, id));
  }
}
