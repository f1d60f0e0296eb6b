import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { DomainError, ForbiddenError, ValidationError } from '../../common/errors';
import { parseWithIssues } from '../../common/zod-issues';
import { actingOrg } from '../../engine/org-access';
import { toDomainError } from '../../engine/engine-errors.interceptor';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { issueGuidanceSchema } from '../../guidance/guidance.controller';
import { ScopeService } from '../../auth/scope.service';
import { DataSource } from 'typeorm';
import { translate, type Lang } from '../i18n/i18n';
import { actionOf, errorSummary, fieldName, issuesByField, type FormBody } from '../forms/form-body';
import { errorInWords, errorIssue, issuesInWords, type IssueLike } from '../forms/issue-words';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { isHtmx, redirectAfterPost } from '../session/web-session';
import { WEB, seg } from '../web-paths';
import { applyGuidanceAction, guidanceDefaults, guidanceFormView, guidanceInput, readGuidance, type GuidanceValues } from './guidance-form';
import { GuidanceService } from './guidance.service';
import { ProceduresService } from './procedures.service';
import { procedureName, rubricName } from '../view/names';
import { guidanceSheet, sheetsForIssuers, sheetTitle } from '../../year/guidance-sheet';

/**
 * Guidance for committees: the list, issuing one (then watching it dispatch to every cell with a progress bar), and
 * one guidance's cells as a grid filtered by status, rating, finding and overdue.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('committee', 'auditor')
@Controller(WEB.guidance.slice(1))
export class GuidancePageController {
  constructor(
    private readonly guidance: GuidanceService,
    private readonly procedures: ProceduresService,
    private readonly engine: ProcedureEngine,
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response) {
    const lang = req.web!.lang;
    const items = await this.guidance.list(req.user!);
    renderPage(req, res, 'committee/guidance-list', {
      title: translate(lang, 'guidance.title'),
      canIssue: (await this.procedures.owners(req.user!)).length > 0,
      items: items.map(({ guidance: g, issuer, href }) => ({ href, number: g.number, issuedOn: g.issuedOn, title: g.title, issuer: issuer.name, sessionBy: g.sessionBy, reportBy: g.reportBy })),
    });
  }

  @Get('moi')
  @WebRoles('committee')
  async newForm(@Req() req: WebRequest, @Res() res: Response) {
    const issuers = await this.procedures.owners(req.user!);
    if (!issuers.length) throw new ForbiddenError(translate(req.web!.lang, 'error.forbidden'));
    await this.form(req, res, guidanceDefaults(issuers[0]!.code, this.engine.clock.now()), [], 200);
  }

  @Post('moi')
  @WebRoles('committee')
  async issue(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const lang = req.web!.lang;
    const values = applyGuidanceAction(readGuidance(body), actionOf(body));
    if (actionOf(body) !== 'submit') return this.form(req, res, values, [], 200);
    const parsed = parseWithIssues(issueGuidanceSchema, guidanceInput(values));
    if (!parsed.success) return this.form(req, res, values, parsed.issues, 422);
    const input = parsed.data;
    try {
      const issuer = await actingOrg(this.ds, this.scope, req.user!, input.issuer, ['committee']);
      if (issuer.kind !== 'committee') throw new ValidationError([{ path: 'issuer', rule: 'not-a-committee', message: translate(lang, 'guidance.notCommittee', { code: issuer.code }) }]);
      const { rubric, sessionBy, reportBy, ...rest } = input;
      const sheet = await guidanceSheet(this.ds, this.scope, req.user!, issuer, rubric, input.procedure);
      const result = await this.engine.issueGuidance({ ...rest, ...(rubric ? { rubric } : {}), ...(sheet ? { sheet } : {}), ...(sessionBy ? { sessionBy } : {}), ...(reportBy ? { reportBy } : {}) });
      return redirectAfterPost(req, res, `${WEB.guidance}/${seg(result.guidanceId)}`);
    } catch (error) {
      const mapped = toDomainError(error);
      if (mapped instanceof ValidationError) return this.form(req, res, values, mapped.issues, 422);
      // The same guidance (number and date) issued twice, or an unknown cell code: shown on the form, not as a crash.
      // Worded in the page's language with what they name (the cell, the number and date), ADR 0034.
      if (mapped instanceof DomainError && (mapped.statusCode === 409 || mapped.statusCode === 404)) {
        return this.form(req, res, values, [{ ...errorIssue(mapped, mapped.statusCode === 409 ? 'number' : 'cells'), message: errorInWords(mapped, lang) }], mapped.statusCode);
      }
      throw mapped;
    }
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const lang = req.web!.lang;
    const { guidance, issuer } = await this.guidance.visible(req.user!, id);
    const filters = this.guidance.parseFilters(query);
    const grid = await this.guidance.grid(guidance, issuer, filters, lang);
    const sheet = await sheetTitle(this.ds, guidance.rubric);
    const base = `${WEB.guidance}/${seg(id)}`;
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries({ 'trang-thai': filters.status, 'xep-loai': filters.rating, 'phat-hien': filters.finding, 'qua-han': filters.overdue ? '1' : undefined, tim: filters.q })) if (v) qs.set(k, v);
    renderPage(
      req,
      res,
      'committee/guidance',
      {
        title: `${guidance.number} — ${guidance.title}`,
        guidance: { id, number: guidance.number, issuedOn: guidance.issuedOn, title: guidance.title, sessionBy: guidance.sessionBy, reportBy: guidance.reportBy, basedOn: guidance.basedOn, rubric: sheet ? translate(lang, 'guidance.sheetOption', sheet) : rubricName(this.engine.registry, guidance.rubric, lang), procedure: procedureName(this.engine.registry, guidance.procedureKey, guidance.procedureVersion, guidance.addSteps ?? [], lang), addSteps: guidance.addSteps, instanceHref: guidance.instanceId ? `${WEB.dossiers}/${seg(guidance.instanceId)}` : null },
        issuer: { code: issuer.code, name: issuer.name },
        progress: { ...(await this.guidance.progress(guidance)), url: `${base}/tien-do` },
        levels: await this.guidance.levels(guidance, issuer),
        filters: { ...filters, status: filters.status ?? '', rating: filters.rating ?? '', finding: filters.finding ?? '', q: filters.q ?? '', overdue: filters.overdue ?? false },
        options: this.guidance.filterOptions(lang),
        grid,
        gridAction: base,
        pagerBase: `${base}?${qs.toString()}${qs.toString() ? '&' : ''}trang=`,
        rollupHref: `${WEB.rollup}?don-vi=${seg(issuer.code)}&huong-dan=${seg(id)}`,
        traceHref: `${WEB.audit}/${seg(id)}`,
      },
      { fragment: 'committee/grid' },
    );
  }

  /**
   * The progress bar alone: htmx polls it every second while cells are being started; once they all are, the page
   * reloads once (`HX-Refresh`) so the grid shows every cell.
   */
  @Get(':id/tien-do')
  async progress(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    const { guidance } = await this.guidance.visible(req.user!, id);
    if (!isHtmx(req)) return res.redirect(303, `${WEB.guidance}/${seg(id)}`);
    const progress = { ...(await this.guidance.progress(guidance)), url: `${WEB.guidance}/${seg(id)}/tien-do` };
    if (!progress.dispatching) res.setHeader('HX-Refresh', 'true');
    renderPage(req, res, 'committee/guidance', { progress }, { fragment: 'committee/progress' });
  }

  private async form(req: WebRequest, res: Response, values: GuidanceValues, issues: readonly IssueLike[], status: number) {
    const lang: Lang = req.web!.lang;
    const errors = issuesByField(issuesInWords(issues, lang));
    const issuers = await this.procedures.owners(req.user!);
    const sheets = await sheetsForIssuers(this.ds, this.scope, req.user!, issuers);
    const view = guidanceFormView(values, errors, lang, this.engine.registry, issuers, sheets);
    const names = ['issuer', 'number', 'issuedOn', 'title', 'procedure', 'rubric', 'sessionBy', 'reportBy', 'cells', ...view.basedOn.flatMap((b) => [b.number.name, b.issuedOn.name])];
    renderPage(
      req,
      res,
      'committee/guidance-new',
      { title: translate(lang, 'guidance.newTitle'), form: view, errors: errorSummary(errors, (name) => names.find((n) => n === fieldName(name) || fieldName(name).startsWith(`${n}.`)) ?? null) },
      { status, fragment: 'committee/guidance-form' },
    );
  }
}
