import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { WEB } from '../web-paths';
import { RollupService } from './rollup.service';

/** The committee's roll-up: charts of ratings per month and on-time reporting per cell, drawn on the server (SVG). */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('committee', 'auditor')
@Controller(WEB.rollup.slice(1))
export class RollupPageController {
  constructor(private readonly rollups: RollupService) {}

  @Get()
  async show(@Req() req: WebRequest, @Res() res: Response, @Query('don-vi') org?: string, @Query('huong-dan') guidance?: string) {
    const lang = req.web!.lang;
    const data = await this.rollups.rollup(req.user!, lang, { ...(org ? { org } : {}), ...(guidance ? { guidance } : {}) });
    renderPage(req, res, 'committee/rollup', { title: translate(lang, 'rollup.title'), ...data });
  }
}
