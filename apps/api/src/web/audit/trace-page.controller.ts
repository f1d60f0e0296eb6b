import { PdfRenderer } from '@chibo/documents';
import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_CODES, FINDINGS } from '@chibo/rules';
import { Public } from '../../auth/public.decorator';
import { ConflictError, ValidationError } from '../../common/errors';
import { ASSETS_DIR } from '../configure-web';
import { GuidanceService } from '../committee/guidance.service';
import { errorFor, errorSummary, issuesByField } from '../forms/form-body';
import { makeField } from '../forms/schema-form';
import { translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { sharedWebViews } from '../view/web-views';
import { WEB, seg } from '../web-paths';
import { traceCsv } from './trace-csv';
import { filterQueryString, pageTrace, parseTraceQuery, requestedPage, stepTitleOf, TRACE_PAGE_SIZE, TRACE_PARAMS, type TracePage } from './trace-query';
import { TraceService, type UnitTrace } from './trace.service';

/** DI token of the PDF printer (one headless Chromium, started on first use, closed with the app). */
export const TRACE_PDF = Symbol('TRACE_PDF');

/**
 * The auditor's compliance trace of a guidance — paged, grouped by step, filtered by cell, finding, person, step and
 * days — and its export (the same filters, every page) as CSV and PDF. Read-only by
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

  /**
   * The trace, {@link TRACE_PAGE_SIZE} entries a page, grouped by step (each group folds), filtered by cell, finding,
   * person, step and days. A wrong filter (a day that is not one, a range backwards, an unknown step…) answers 422 with
   * the form and each message at its field, as the other forms do.
   */
  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query() raw: Record<string, unknown>) {
    const lang = req.web!.lang;
    const query = parseTraceQuery(raw, lang);
    const trace = await this.traces.trace(req.user!, lang, id, query);
    const issues = [...trace.issues];
    const paged = requestedPage(trace.units, query.page, lang, issues);
    const page = issues.length ? pageTrace<UnitTrace>([], 1, TRACE_PAGE_SIZE, stepTitleOf(lang)) : paged;
    await this.traces.withAudit(req.user!, page.sections.map((s) => ({ instanceId: s.unit.instanceId, entries: s.groups.flatMap((g) => g.entries) })));
    const filters = filterQueryString(query);
    const errors = issuesByField(issues);
    const field = (name: keyof typeof TRACE_PARAMS, widget: 'select' | 'date', options: Array<{ value: string; label: string }> = []) =>
      makeField({ name: TRACE_PARAMS[name], label: translate(lang, `audit.filter.${name}`), widget, value: name === 'page' ? '' : query.values[name], options: widget === 'select' ? [{ value: '', label: translate(lang, 'filter.all') }, ...options] : [] }, errors);
    renderPage(
      req,
      res,
      'audit/trace',
      {
        title: translate(lang, 'audit.traceTitle', { number: trace.guidance.number }),
        guidance: trace.guidance,
        chain: trace.chain,
        errors: errorSummary(errors, (name) => (Object.values(TRACE_PARAMS) as string[]).find((n) => n === name) ?? null),
        invalid: issues.length > 0,
        fields: [
          field('unit', 'select', trace.options.units),
          field('finding', 'select', FINDING_CODES.map((c) => ({ value: c, label: `${c} — ${FINDINGS[c][lang]}` }))),
          field('person', 'select', trace.options.people),
          field('step', 'select', trace.options.steps),
          field('from', 'date'),
          field('to', 'date'),
        ],
        pageError: errorFor(errors, TRACE_PARAMS.page),
        filtered: Boolean(filters),
        finding: query.finding ?? '',
        findingLabel: query.finding ? FINDINGS[query.finding][lang] : null,
        cellCount: trace.cellCount,
        ...sectionsView(page, false),
        clearHref: `${WEB.audit}/${seg(id)}`,
        csvHref: `${WEB.audit}/${seg(id)}/trace.csv${filters ? `?${filters}` : ''}`,
        pdfHref: `${WEB.audit}/${seg(id)}/trace.pdf${filters ? `?${filters}` : ''}`,
        pdfAvailable: this.pdf.available,
        verifyHref: `${WEB.audit}/${seg(id)}/toan-ven`,
        pagerBase: `${WEB.audit}/${seg(id)}?${filters ? `${filters}&` : ''}${TRACE_PARAMS.page}=`,
        printable: false,
      },
      { status: issues.length ? 422 : 200 },
    );
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
  async csv(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query() raw: Record<string, unknown>) {
    const lang = req.web!.lang;
    const trace = await this.exported(req, id, raw);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(trace.guidance.number, trace.guidance.issuedOn)}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(traceCsv(trace, lang));
  }

  @Get(':id/trace.pdf')
  async pdfExport(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query() raw: Record<string, unknown>) {
    const lang = req.web!.lang;
    if (!this.pdf.available) throw new ConflictError(translate(lang, 'audit.pdfUnavailable'), 'pdf-unavailable');
    const trace = await this.exported(req, id, raw);
    const views = sharedWebViews();
    const all = pageTrace(trace.units, 1, Number.MAX_SAFE_INTEGER, stepTitleOf(lang));
    const finding = parseTraceQuery(raw, lang).finding;
    const html = views.render(
      'audit/trace',
      {
        ...req.web!,
        title: translate(lang, 'audit.traceTitle', { number: trace.guidance.number }),
        guidance: trace.guidance,
        chain: trace.chain,
        errors: [],
        fields: [],
        finding: finding ?? '',
        findingLabel: finding ? FINDINGS[finding][lang] : null,
        cellCount: trace.cellCount,
        ...sectionsView(all, true),
        csvHref: '',
        pdfHref: '',
        verifyHref: '',
        pdfAvailable: false,
        pagerBase: '',
        printable: true,
        css: views.trusted(printCss()),
      },
      { layout: 'print' },
    );
    const pdf = await this.pdf.render(html);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(trace.guidance.number, trace.guidance.issuedOn)}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  }

  /** The whole filtered trace for an export, with its audit references; a wrong filter is a 422 like on the page. */
  private async exported(req: WebRequest, id: string, raw: Record<string, unknown>) {
    const lang = req.web!.lang;
    const trace = await this.traces.trace(req.user!, lang, id, parseTraceQuery(raw, lang));
    if (trace.issues.length) throw new ValidationError(trace.issues);
    await this.traces.withAudit(req.user!, trace.units.map((u) => ({ instanceId: u.instanceId, entries: u.timeline })));
    return trace;
  }
}

/**
 * The page's sections for the view: each unit's heading, findings and documents, and its entries in foldable groups
 * (open when they hold a finding, when the page or the unit has little to show, and always in print).
 */
function sectionsView(page: TracePage<UnitTrace>, printable: boolean) {
  const short = page.last - page.first < 15;
  return {
    page: page.page,
    pages: page.pages,
    total: page.total,
    first: page.first,
    last: page.last,
    sections: page.sections.map(({ unit, continued, continues, groups }) => ({
      ...unit,
      committee: unit.side === 'committee',
      continued,
      continues,
      groups: groups.map((g) => ({ ...g, count: g.entries.length, open: printable || short || groups.length === 1 || g.findings > 0 })),
    })),
  };
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
