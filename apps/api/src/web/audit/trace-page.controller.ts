import { PdfRenderer } from '@chibo/documents';
import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFindingCode, FINDING_CODES, FINDINGS } from '@chibo/rules';
import { Public } from '../../auth/public.decorator';
import { ConflictError } from '../../common/errors';
import { ASSETS_DIR } from '../configure-web';
import { GuidanceService } from '../committee/guidance.service';
import { translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { sharedWebViews } from '../view/web-views';
import { WEB, seg } from '../web-paths';
import { traceCsv } from './trace-csv';
import { TraceService } from './trace.service';

/** DI token of the PDF printer (one headless Chromium, started on first use, closed with the app). */
export const TRACE_PDF = Symbol('TRACE_PDF');

/**
 * The auditor's compliance trace of a guidance, with a filter by finding, and its export as CSV and PDF. Read-only by
 * construction: GET routes only (and the web guard refuses any write from an auditor anyway).
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('auditor', 'committee')
@Controller(WEB.audit.slice(1))
export class TracePageController {
  constructor(
    private readonly traces: TraceService,
    private readonly guidance: GuidanceService,
    @Inject(TRACE_PDF) private readonly pdf: PdfRenderer,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response) {
    const lang = req.web!.lang;
    const items = await this.guidance.list(req.user!);
    renderPage(req, res, 'audit/list', {
      title: translate(lang, 'audit.title'),
      items: items.map(({ guidance: g, issuer }) => ({ href: `${WEB.audit}/${seg(g.id)}`, number: g.number, issuedOn: g.issuedOn, title: g.title, issuer: issuer.name })),
    });
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query('phat-hien') finding?: string, @Query('trang') page?: string) {
    const lang = req.web!.lang;
    const code = finding && isFindingCode(finding) ? finding : undefined;
    const trace = await this.traces.trace(req.user!, lang, id, { ...(code ? { finding: code } : {}), page: Number(page) || 1 });
    const exportQuery = code ? `?phat-hien=${seg(code)}` : '';
    renderPage(req, res, 'audit/trace', {
      title: translate(lang, 'audit.traceTitle', { number: trace.guidance.number }),
      ...trace,
      finding: code ?? '',
      findingLabel: code ? FINDINGS[code][lang] : null,
      findingOptions: FINDING_CODES.map((c) => ({ value: c, label: `${c} — ${FINDINGS[c][lang]}`, selected: c === code })),
      csvHref: `${WEB.audit}/${seg(id)}/trace.csv${exportQuery}`,
      pdfHref: `${WEB.audit}/${seg(id)}/trace.pdf${exportQuery}`,
      pdfAvailable: this.pdf.available,
      verifyHref: `${WEB.audit}/${seg(id)}/toan-ven`,
      pagerBase: `${WEB.audit}/${seg(id)}?${code ? `phat-hien=${seg(code)}&` : ''}trang=`,
      printable: false,
    });
  }

  /** Recomputes the audit log's hash chains of the issuer's subtree: the auditor's proof nothing was altered. */
  @Get(':id/toan-ven')
  async verify(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    const lang = req.web!.lang;
    const { guidance, report } = await this.traces.verify(req.user!, id);
    renderPage(req, res, 'audit/verify', {
      title: translate(lang, 'audit.verifyTitle', { number: guidance.number }),
      guidance,
      report: { ok: report.ok, entries: report.entries, chains: report.chains, checkpoints: report.checkpoints.compared, documents: report.documents, problems: report.problems },
      traceHref: `${WEB.audit}/${seg(id)}`,
    });
  }

  @Get(':id/trace.csv')
  async csv(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query('phat-hien') finding?: string) {
    const lang = req.web!.lang;
    const code = finding && isFindingCode(finding) ? finding : undefined;
    const trace = await this.traces.trace(req.user!, lang, id, { ...(code ? { finding: code } : {}), all: true });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(trace.guidance.number, trace.guidance.issuedOn)}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(traceCsv(trace, trace.guidance.issuer, lang));
  }

  @Get(':id/trace.pdf')
  async pdfExport(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query('phat-hien') finding?: string) {
    const lang = req.web!.lang;
    if (!this.pdf.available) throw new ConflictError(translate(lang, 'audit.pdfUnavailable'), 'pdf-unavailable');
    const code = finding && isFindingCode(finding) ? finding : undefined;
    const trace = await this.traces.trace(req.user!, lang, id, { ...(code ? { finding: code } : {}), all: true });
    const views = sharedWebViews();
    const html = views.render(
      'audit/trace',
      { ...req.web!, title: translate(lang, 'audit.traceTitle', { number: trace.guidance.number }), ...trace, finding: code ?? '', findingLabel: code ? FINDINGS[code][lang] : null, findingOptions: [], csvHref: '', pdfHref: '', verifyHref: '', pdfAvailable: false, pagerBase: '', printable: true, css: views.trusted(printCss()) },
      { layout: 'print' },
    );
    const pdf = await this.pdf.render(html);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(trace.guidance.number, trace.guidance.issuedOn)}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  }
}

let css: string | undefined;
function printCss(): string {
  css ??= readFileSync(join(ASSETS_DIR, 'print.css'), 'utf8');
  return css;
}

/** "trace-27-HD-DU-2022-03-16": ASCII only, so every browser keeps the name. */
function fileName(number: string, issuedOn: string): string {
  const ascii = number.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  return `trace-${ascii.replace(/[^A-Za-z0-9]+/g, '-')}-${issuedOn}`.replace(/-+/g, '-');
}
