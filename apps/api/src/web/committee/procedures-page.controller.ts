import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { ForbiddenError, ValidationError } from '../../common/errors';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { localized, translate, type Lang } from '../i18n/i18n';
import { actionOf, errorSummary, issuesByField, type FormBody } from '../forms/form-body';
import { issuesInWords, type IssueLike } from '../forms/issue-words';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { redirectAfterPost } from '../session/web-session';
import { WEB, seg } from '../web-paths';
import { diffView, editorFrom, editorView, orderIssues, paramName, paramValue, readEditor, type EditorState } from './procedure-editor';
import { ProceduresService, type DefinitionVersion } from './procedures.service';

/**
 * Committees compose procedures from plugin steps: add, remove, reorder, set parameters, pick the rubric; see the diff
 * against the previous version; save a draft version; publish it.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('committee', 'auditor')
@Controller(WEB.procedures.slice(1))
export class ProceduresPageController {
  constructor(
    private readonly procedures: ProceduresService,
    private readonly engine: ProcedureEngine,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response) {
    const lang = req.web!.lang;
    const versions = await this.procedures.list(req.user!);
    const canCompose = (await this.procedures.owners(req.user!)).length > 0;
    renderPage(req, res, 'committee/procedures', {
      title: translate(lang, 'procedures.title'),
      canCompose,
      versions: versions.map((v) => ({ ...this.versionLink(v, lang), composeHref: `${WEB.procedures}/soan?owner=${seg(v.owner)}&key=${seg(v.key)}&version=${v.version}` })),
    });
  }

  @Get('xem/:owner/:key/:version')
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('owner') owner: string, @Param('key') key: string, @Param('version', ParseIntPipe) version: number) {
    const lang = req.web!.lang;
    const v = await this.procedures.get(req.user!, owner, key, version);
    const previous = owner === 'default' ? null : await this.procedures.previous({ owner, key, base: { owner: 'default', key, version: 1 } }, req.user!, version);
    const owners = await this.procedures.owners(req.user!);
    renderPage(req, res, 'committee/procedure', {
      title: `${v.title} — ${v.key}@${v.version}`,
      version: this.versionLink(v, lang),
      steps: this.stepList(v, lang),
      order: orderIssues(v.steps, this.engine.registry, lang).map((i) => i.message),
      previous: previous ? { label: `${previous.key}@${previous.version} (${previous.owner === 'default' ? translate(lang, 'procedures.default') : previous.owner})` } : null,
      diff: previous ? diffView(previous.steps, v.steps, this.engine.registry, lang) : null,
      canPublish: v.status === 'draft' && owners.some((o) => o.code === v.owner) && orderIssues(v.steps, this.engine.registry, lang).length === 0,
      publishAction: v.id ? `${WEB.procedures}/ban-hanh/${seg(v.id)}` : null,
      composeHref: `${WEB.procedures}/soan?owner=${seg(v.owner)}&key=${seg(v.key)}&version=${v.version}`,
      canCompose: owners.length > 0,
    });
  }

  @Get('soan')
  @WebRoles('committee')
  async compose(@Req() req: WebRequest, @Res() res: Response, @Query('owner') owner = 'default', @Query('key') key = 'thematic-session', @Query('version') version?: string) {
    const lang = req.web!.lang;
    const owners = await this.procedures.owners(req.user!);
    if (!owners.length) throw new ForbiddenError(translate(lang, 'error.forbidden'));
    const base = await this.procedures.get(req.user!, owner, key, Number(version) || 1);
    const state = editorFrom({ key: base.key, version: base.version, owner: base.owner, title: base.title, steps: base.steps }, owners.some((o) => o.code === owner) ? owner : owners[0]!.code);
    await this.editor(req, res, state, [], 200, lang);
  }

  @Post('soan')
  @WebRoles('committee')
  async composePost(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const lang = req.web!.lang;
    const owners = await this.procedures.owners(req.user!);
    const baseOwner = typeof body['baseOwner'] === 'string' ? body['baseOwner'] : 'default';
    const key = typeof body['key'] === 'string' ? body['key'] : 'thematic-session';
    const baseVersion = Number(body['baseVersion']) || 1;
    const base = await this.procedures.get(req.user!, baseOwner, key, baseVersion);
    const fallback = editorFrom({ key: base.key, version: base.version, owner: base.owner, title: base.title, steps: base.steps }, owners[0]?.code ?? '');
    const { state, problem } = readEditor(body, this.engine.registry, fallback);
    if (!owners.some((o) => o.code === state.owner)) state.owner = owners[0]?.code ?? state.owner;
    if (actionOf(body) !== 'save') {
      return this.editor(req, res, state, problem ? [{ path: '', rule: 'invalid-steps', message: translate(lang, 'procedures.resetSteps') }] : [], 200, lang);
    }
    const issues = this.procedures.validate(state);
    if (issues.length) return this.editor(req, res, state, issues, 422, lang);
    const saved = await this.procedures.saveDraft(req.user!, state);
    return redirectAfterPost(req, res, `${WEB.procedures}/xem/${seg(saved.owner)}/${seg(saved.key)}/${saved.version}?moi=1`);
  }

  /**
   * Publishing asks first: the button posts here and gets a confirmation page (the steps, what publishing means);
   * its "confirm" button posts again with `xac-nhan=1`. A version whose steps are out of order is refused (422).
   */
  @Post('ban-hanh/:id')
  @WebRoles('committee')
  async publish(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody) {
    const lang = req.web!.lang;
    const draft = await this.procedures.byId(req.user!, id);
    const order = orderIssues(draft.steps, this.engine.registry, lang);
    if (body['xac-nhan'] !== '1' || order.length) {
      return renderPage(req, res, 'committee/publish', {
        title: translate(lang, 'composer.confirmTitle', { version: `${draft.key}@${draft.version}` }),
        version: this.versionLink(draft, lang),
        steps: this.stepList(draft, lang),
        order: order.map((i) => i.message),
        action: `${WEB.procedures}/ban-hanh/${seg(id)}`,
        backHref: this.versionLink(draft, lang).href,
      }, { status: order.length ? 422 : 200 });
    }
    try {
      const v = await this.procedures.publish(req.user!, id);
      return redirectAfterPost(req, res, `${WEB.procedures}/xem/${seg(v.owner)}/${seg(v.key)}/${v.version}`);
    } catch (error) {
      if (error instanceof ValidationError) return redirectAfterPost(req, res, this.versionLink(draft, lang).href);
      throw error;
    }
  }

  /** A version's steps with their parameters as the plugins word them (shares as percentages, options by name). */
  private stepList(v: Pick<DefinitionVersion, 'steps'>, lang: Lang) {
    return v.steps.map((s, i) => ({
      number: i + 1,
      id: s.id,
      kind: s.kind,
      title: this.stepTitle(s.kind, lang),
      params: Object.entries(s.params)
        .filter(([, value]) => typeof value !== 'object' || value === null)
        .map(([k, value]) => ({ name: paramName(s.kind, k, lang, this.engine.registry), value: paramValue(s.kind, k, value, lang, this.engine.registry) })),
    }));
  }

  private async editor(req: WebRequest, res: Response, state: EditorState, received: readonly IssueLike[], status: number, lang: Lang) {
    const issues = issuesInWords(received, lang);
    // The order check runs on every change, so a step moved before what it needs is flagged at once (publishing refuses it).
    const order = orderIssues(state.steps, this.engine.registry, lang);
    const errors = issuesByField([...issues, ...order]);
    const owners = await this.procedures.owners(req.user!);
    const view = editorView(state, this.engine.registry, lang, errors, owners);
    const previous = await this.procedures.previous(state, req.user!);
    renderPage(
      req,
      res,
      'committee/compose',
      {
        title: translate(lang, 'procedures.composeTitle'),
        editor: view,
        base: state.base,
        previous: previous ? { label: `${previous.key}@${previous.version} (${previous.owner === 'default' ? translate(lang, 'procedures.default') : previous.owner})` } : null,
        diff: previous ? diffView(previous.steps, state.steps, this.engine.registry, lang) : null,
        // The order problems are listed once, above the steps (and on each step), not again in the error summary.
        errors: errorSummary(issuesByField(issues), (name) => view.names.find((n) => n === name) ?? null),
        order: order.map((i) => i.message),
      },
      { status, fragment: 'committee/editor' },
    );
  }

  private stepTitle(kind: string, lang: Lang): string {
    return this.engine.registry.hasStep(kind) ? localized(lang, this.engine.registry.step(kind).title) : kind;
  }

  private versionLink(v: DefinitionVersion, lang: Lang) {
    return {
      ...v,
      ownerLabel: v.owner === 'default' ? translate(lang, 'procedures.default') : `${v.ownerName ?? v.owner} (${v.owner})`,
      statusLabel: translate(lang, `procedures.status.${v.status}`),
      href: `${WEB.procedures}/xem/${seg(v.owner)}/${seg(v.key)}/${v.version}`,
      stepCount: v.steps.length,
    };
  }
}
