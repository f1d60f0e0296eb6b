import type { ChiboConfig } from '@chibo/config';
import { writeTransaction } from '@chibo/host';
import { confirmEmail, listNotices, listUndelivered, markNoticesRead, notificationSettingsInput, ownsNotice, readSettings, saveSettings, unreadCount } from '@chibo/notifications';
import { verificationOf } from '../../notifications/notification-delivery';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../auth/public.decorator';
import { InjectConfig } from '../../common/config.token';
import { NotFoundError } from '../../common/errors';
import { parseWithIssues } from '../../common/zod-issues';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { one, type FormBody } from '../forms/form-body';
import { translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { issuesInWords, type IssueLike } from '../forms/issue-words';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { redirectAfterPost } from '../session/web-session';
import { WEB, seg } from '../web-paths';

const PREFERENCES = ['taskAssigned', 'reminder', 'conveneNotice', 'reportOverdue', 'reportReceived', 'digest'] as const;

/**
 * The notice board (the bell in the header, the list, mark as read), each person's e-mail address and the kinds of
 * notice they want by e-mail, and for admins the messages that could not be delivered.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller(WEB.notifications.slice(1))
export class NotificationsPageController {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: ProcedureEngine,
    @InjectConfig() private readonly config: ChiboConfig,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response) {
    const lang = req.web!.lang;
    const user = req.user!;
    const notices = await listNotices(this.ds.manager, user.id, { limit: 100 });
    renderPage(req, res, 'notifications/list', {
      title: translate(lang, 'notifications.title'),
      unread: await unreadCount(this.ds.manager, user.id),
      notices: notices.map((n) => ({ ...n, unread: n.readAt === null, readAction: `${WEB.notifications}/${seg(n.id)}/da-doc` })),
      isAdmin: user.grants.some((g) => g.role === 'admin'),
    });
  }

  /** The bell's count, as a fragment the header loads (htmx); without JavaScript the bell is a plain link. */
  @Get('chuong')
  async bell(@Req() req: WebRequest, @Res() res: Response) {
    const n = await unreadCount(this.ds.manager, req.user!.id);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(n > 0 ? `<span class="bell-count" aria-label="${escapeHtml(translate(req.web!.lang, 'notifications.bellUnread', { n: String(n) }))}">${n}</span>` : '');
  }

  @Post('da-doc')
  async markAll(@Req() req: WebRequest, @Res() res: Response) {
    await writeTransaction(this.ds, (m) => markNoticesRead(m, req.user!.id, this.engine.clock.now()));
    redirectAfterPost(req, res, WEB.notifications);
  }

  /** Marks a notice read, then goes where it points (`mo=1`) or back to the list. */
  @Post(':id/da-doc')
  async markOne(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody) {
    const user = req.user!;
    if (!(await ownsNotice(this.ds.manager, user.id, id))) throw new NotFoundError(`Không tìm thấy thông báo ${id}`).worded('notice-not-found', { notice: id });
    await writeTransaction(this.ds, (m) => markNoticesRead(m, user.id, this.engine.clock.now(), [id]));
    const [notice] = (await listNotices(this.ds.manager, user.id, { limit: 200 })).filter((n) => n.id === id);
    const link = notice?.link;
    redirectAfterPost(req, res, one(body, 'mo') === '1' && link && link.startsWith('/') && !link.startsWith('//') ? link : WEB.notifications);
  }

  @Get('cai-dat')
  async settings(@Req() req: WebRequest, @Res() res: Response, @Query('xong') done?: string) {
    const current = await readSettings(this.ds.manager, req.user!.id);
    this.settingsPage(req, res, { email: current.email ?? '', preferences: { ...current.preferences }, emailVerified: current.emailVerified, emailBounced: current.emailBounced, issues: [], saved: done === '1', verified: false, status: 200 });
  }

  @Post('cai-dat')
  async saveSettings(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const email = (one(body, 'email') ?? '').trim();
    const preferences = Object.fromEntries(PREFERENCES.map((p) => [p, one(body, p) === 'on'])) as Record<(typeof PREFERENCES)[number], boolean>;
    const parsed = parseWithIssues(notificationSettingsInput, { email: email === '' ? null : email, preferences });
    if (!parsed.success) {
      return this.settingsPage(req, res, { email, preferences, emailVerified: false, emailBounced: false, issues: parsed.issues, saved: false, verified: false, status: 422 });
    }
    await writeTransaction(this.ds, (m) => saveSettings(m, req.user!.id, parsed.data, this.engine.clock.now(), verificationOf(this.config)));
    redirectAfterPost(req, res, `${WEB.notifications}/cai-dat?xong=1`);
  }

  /** The link of a verification e-mail: marks the signed-in user's current address verified when the token fits it. */
  @Get('xac-minh')
  async verify(@Req() req: WebRequest, @Res() res: Response, @Query('t') token?: string) {
    const ok = typeof token === 'string' && token.length <= 100 && (await writeTransaction(this.ds, (m) => confirmEmail(m, req.user!.id, token, this.config.authSecret)));
    const current = await readSettings(this.ds.manager, req.user!.id);
    this.settingsPage(req, res, { email: current.email ?? '', preferences: { ...current.preferences }, emailVerified: current.emailVerified, emailBounced: current.emailBounced, issues: ok ? [] : [{ path: 'email', message: translate(req.web!.lang, 'notifications.verifyFailed') }], saved: false, verified: ok, status: ok ? 200 : 422 });
  }

  @Get('chua-gui')
  @WebRoles('admin')
  async undelivered(@Req() req: WebRequest, @Res() res: Response) {
    const lang = req.web!.lang;
    const rows = await listUndelivered(this.ds.manager);
    renderPage(req, res, 'notifications/undelivered', {
      title: translate(lang, 'notifications.undeliveredTitle'),
      rows: rows.map((r) => ({ ...r, statusLabel: translate(lang, `notifications.status.${r.status}` as 'notifications.status.failed') })),
    });
  }

  private settingsPage(
    req: WebRequest,
    res: Response,
    model: { email: string; preferences: Record<string, boolean>; emailVerified: boolean; emailBounced: boolean; issues: readonly IssueLike[]; saved: boolean; verified: boolean; status: number },
  ): void {
    const lang = req.web!.lang;
    const issues = issuesInWords(model.issues, lang);
    const emailError = issues.find((i) => i.path === 'email')?.message ?? null;
    renderPage(
      req,
      res,
      'notifications/settings',
      {
        title: translate(lang, 'notifications.settingsTitle'),
        email: model.email,
        emailError,
        errors: issues.map((i) => ({ message: i.message, href: i.path === 'email' ? '#n-email' : null })),
        emailVerified: model.emailVerified,
        emailBounced: model.emailBounced,
        emailOff: !this.config.smtpUrl,
        saved: model.saved,
        verified: model.verified,
        preferences: PREFERENCES.map((p) => ({ name: p, checked: model.preferences[p] === true, label: translate(lang, `notifications.pref.${p}`) })),
      },
      { status: model.status },
    );
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
