import { findOrgUnit, OrgUnit } from '@chibo/db';
import { NOTICE_FIELDS, NOTICE_TEMPLATE_MAX_CHARS, NoticeTemplateValidationError, sandboxedNoticeOverrides, validateNoticeOverride, type NoticeField } from '@chibo/documents';
import { DIGEST_KIND, NOTICE_KINDS, noticeSample, sampleNoticeView } from '@chibo/notifications';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { Public } from '../../auth/public.decorator';
import { ScopeService } from '../../auth/scope.service';
import { NotFoundError, unknownOrg } from '../../common/errors';
import { LongText } from '../../common/input/long-text.decorator';
import { actingOrg } from '../../engine/org-access';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { noticeTemplatesOf, retireNoticeTemplates, saveNoticeTemplates, type AppliedNoticeField } from '../../notifications/notice-template-store';
import { actionOf, one, type FormBody } from '../forms/form-body';
import { issuesInWords } from '../forms/issue-words';
import { translate, type Lang } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { redirectAfterPost } from '../session/web-session';
import { WEB, seg } from '../web-paths';

/** Where a committee words its e-mailed notices (ADR 0031, docs/adr/0032). */
export const NOTICE_TEMPLATES_PAGE = `${WEB.notifications}/mau-thu`;

type FieldIssue = { path: string; message: string };

/**
 * A committee's own wording of the e-mailed notices (ADR 0031) on the web: the notice kinds with what applies to each
 * (the unit's own templates, a unit above's, or the shipped ones), and per kind a form for the subject, plain text
 * and HTML with a preview on a sample notice, the sandbox's 422 next to the field that failed (htmx swaps the form;
 * without JavaScript the page comes back whole), and going back to the shipped templates. Same rights as the API:
 * the `committee` role on the unit, or an admin.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('committee')
@Controller(NOTICE_TEMPLATES_PAGE.slice(1))
export class NoticeTemplatesPageController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response, @Query('don-vi') code?: string) {
    const lang = req.web!.lang;
    const user = req.user!;
    const units = await this.units(user);
    const org = await this.unit(user, code ?? units[0]?.code);
    const kinds = await Promise.all(
      NOTICE_KINDS.map(async (kind) => {
        const { applies } = await noticeTemplatesOf(this.ds, org, kind);
        return { kind, title: kindTitle(kind, lang), href: `${NOTICE_TEMPLATES_PAGE}/${seg(kind)}?don-vi=${seg(org.code)}`, fields: NOTICE_FIELDS.map((f) => ({ label: translate(lang, `noticeTemplates.field.${f}`), origin: originOf(lang, applies[f], org.code) })) };
      }),
    );
    renderPage(req, res, 'notifications/templates', {
      title: translate(lang, 'noticeTemplates.title'),
      org: { code: org.code, name: org.name },
      units: units.map((u) => ({ code: u.code, name: u.name, selected: u.code === org.code })),
      chooseUnit: units.length > 1,
      kinds,
    });
  }

  @Get(':kind')
  async edit(@Req() req: WebRequest, @Res() res: Response, @Param('kind') kind: string, @Query('don-vi') code?: string, @Query('xong') done?: string) {
    this.kind(kind);
    const org = await this.unit(req.user!, code ?? (await this.units(req.user!))[0]?.code);
    const { applies } = await noticeTemplatesOf(this.ds, org, kind);
    const values = Object.fromEntries(NOTICE_FIELDS.map((f) => [f, applies[f].source])) as Record<NoticeField, string>;
    return this.editor(req, res, { org, kind, values, applies, issues: [], preview: null, message: done === 'luu' ? 'saved' : done === 'khoi-phuc' ? 'reset' : null, status: 200 });
  }

  /** Preview (`_action=preview`) or save (`_action=save`) the form's three fields. */
  @Post(':kind')
  @LongText(NOTICE_TEMPLATE_MAX_CHARS * 3)
  async submit(@Req() req: WebRequest, @Res() res: Response, @Param('kind') kind: string, @Body() body: FormBody) {
    this.kind(kind);
    const user = req.user!;
    const org = await actingOrg(this.ds, this.scope, user, one(body, 'org') ?? '', ['committee']);
    const { applies } = await noticeTemplatesOf(this.ds, org, kind);
    const values = Object.fromEntries(NOTICE_FIELDS.map((f) => [f, (one(body, f) ?? '').replace(/\r\n/g, '\n')])) as Record<NoticeField, string>;
    const tooLong = NOTICE_FIELDS.filter((f) => values[f].length > NOTICE_TEMPLATE_MAX_CHARS).map((f) => ({ path: f, message: translate(req.web!.lang, 'noticeTemplates.tooLong', { n: String(NOTICE_TEMPLATE_MAX_CHARS) }) }));
    if (tooLong.length) return this.editor(req, res, { org, kind, values, applies, issues: tooLong, preview: null, message: null, status: 422 });
    if (actionOf(body) === 'save') {
      // Only what differs from what applies now becomes the unit's own version.
      const changed = Object.fromEntries(NOTICE_FIELDS.filter((f) => values[f] !== applies[f].source).map((f) => [f, values[f]]));
      if (!Object.keys(changed).length) return this.editor(req, res, { org, kind, values, applies, issues: [], preview: null, message: 'unchanged', status: 200 });
      try {
        await saveNoticeTemplates(this.ds, { org, kind, fields: changed, at: this.engine.clock.now(), by: user.id });
      } catch (error) {
        if (!(error instanceof NoticeTemplateValidationError)) throw error;
        return this.editor(req, res, { org, kind, values, applies, issues: [...error.issues], preview: null, message: null, status: 422 });
      }
      return redirectAfterPost(req, res, `${NOTICE_TEMPLATES_PAGE}/${seg(kind)}?don-vi=${seg(org.code)}&xong=luu`);
    }
    const issues = await validateNoticeOverride(values, [noticeSample(kind)]);
    if (issues.length) return this.editor(req, res, { org, kind, values, applies, issues, preview: null, message: null, status: 422 });
    const view = noticeSample(kind);
    const render = sandboxedNoticeOverrides().render;
    const [subject, text, html] = await Promise.all(NOTICE_FIELDS.map((f) => render(values[f], view, f)));
    return this.editor(req, res, { org, kind, values, applies, issues: [], preview: { subject: subject!.replace(/\s+/g, ' ').trim(), text: text!, html: html! }, message: null, status: 200 });
  }

  /** Back to what applies above the unit (a committee above's, or the shipped templates). */
  @Post(':kind/khoi-phuc')
  async reset(@Req() req: WebRequest, @Res() res: Response, @Param('kind') kind: string, @Body() body: FormBody) {
    this.kind(kind);
    const user = req.user!;
    const org = await actingOrg(this.ds, this.scope, user, one(body, 'org') ?? '', ['committee']);
    await retireNoticeTemplates(this.ds, { org, kind, at: this.engine.clock.now(), by: user.id });
    redirectAfterPost(req, res, `${NOTICE_TEMPLATES_PAGE}/${seg(kind)}?don-vi=${seg(org.code)}&xong=khoi-phuc`);
  }

  private editor(
    req: WebRequest,
    res: Response,
    model: {
      org: OrgUnit;
      kind: string;
      values: Record<NoticeField, string>;
      applies: Record<NoticeField, AppliedNoticeField>;
      issues: readonly FieldIssue[];
      preview: { subject: string; text: string; html: string } | null;
      message: 'saved' | 'reset' | 'unchanged' | null;
      status: number;
    },
  ): void {
    const lang = req.web!.lang;
    const label = (f: NoticeField) => translate(lang, `noticeTemplates.field.${f}`);
    // The template checks' rules in the page's language (`template.rule.*`, ADR 0034); the others keep their message.
    const issues = issuesInWords(model.issues, lang, { plugin: 'template' });
    const errorOf = (f: NoticeField) => issues.filter((i) => i.path === f).map((i) => i.message);
    const own = NOTICE_FIELDS.some((f) => model.applies[f].from === model.org.code);
    renderPage(
      req,
      res,
      'notifications/template',
      {
        title: translate(lang, 'noticeTemplates.editTitle', { kind: kindTitle(model.kind, lang) }),
        kindTitle: kindTitle(model.kind, lang),
        kind: model.kind,
        org: { code: model.org.code, name: model.org.name },
        listHref: `${NOTICE_TEMPLATES_PAGE}?don-vi=${seg(model.org.code)}`,
        action: `${NOTICE_TEMPLATES_PAGE}/${seg(model.kind)}`,
        resetAction: `${NOTICE_TEMPLATES_PAGE}/${seg(model.kind)}/khoi-phuc`,
        own,
        message: model.message ? translate(lang, `noticeTemplates.message.${model.message}`) : null,
        variables: Object.keys(noticeSample(model.kind)).map((v) => `{{${v}}}`).join(' '),
        fields: NOTICE_FIELDS.map((f) => {
          const errors = errorOf(f);
          return { name: f, id: `nt-${f}`, label: label(f), value: model.values[f], multiline: f !== 'subject', rows: f === 'html' ? 14 : 10, origin: originOf(lang, model.applies[f], model.org.code), error: errors.length ? errors.join(' ') : null };
        }),
        errors: issues.map((i) => ({ message: `${(NOTICE_FIELDS as readonly string[]).includes(i.path) ? `${label(i.path as NoticeField)}: ` : ''}${i.message}`, href: (NOTICE_FIELDS as readonly string[]).includes(i.path) ? `#nt-${i.path}` : null })),
        preview: model.preview,
      },
      { status: model.status, fragment: 'notifications/template-form' },
    );
  }

  /** The committees whose notices the user may word: the units of their committee (or admin) grants. */
  private async units(user: AuthUser): Promise<OrgUnit[]> {
    const ids = [...new Set(user.grants.filter((g) => g.role === 'committee' || g.role === 'admin').map((g) => g.orgId))];
    if (!ids.length) return [];
    const units = await this.ds.manager.find(OrgUnit, { where: { id: In(ids) }, order: { path: 'ASC' } });
    return units.filter((u) => u.kind === 'committee');
  }

  private async unit(user: AuthUser, code: string | undefined): Promise<OrgUnit> {
    if (!code) throw new NotFoundError('Tài khoản không có đảng ủy nào để soạn mẫu thư').worded('no-committee-for-templates');
    const org = await findOrgUnit(this.ds.manager, { code });
    return this.scope.requireAct(user, org, ['committee'], unknownOrg(code));
  }

  private kind(kind: string): void {
    if (!NOTICE_KINDS.includes(kind)) throw new NotFoundError(`Không có loại thông báo ${kind}`, 'notice-kind-not-found').worded('notice-kind-not-found', { kind });
  }
}

/** A kind's name as its notices read (the shipped title on the sample notice). */
function kindTitle(kind: string, lang: Lang): string {
  return kind === DIGEST_KIND ? translate(lang, 'noticeTemplates.digest') : sampleNoticeView(kind).title;
}

function originOf(lang: Lang, applied: AppliedNoticeField, code: string): string {
  if (!applied.from) return translate(lang, 'noticeTemplates.origin.shipped');
  const version = /@(\d+)$/.exec(applied.ref)?.[1] ?? '';
  return applied.from === code ? translate(lang, 'noticeTemplates.origin.own', { version }) : translate(lang, 'noticeTemplates.origin.above', { org: applied.from, version });
}
