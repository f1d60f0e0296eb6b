import type { ChiboConfig } from '@chibo/config';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { AuthUser, GrantRole } from '../../auth/auth-user';
import { type LoadedUser, toAuthUser } from '../../auth/auth-user.service';
import { OWN_ACCOUNT_KEY } from '../../auth/own-account.decorator';
import { ScopeService } from '../../auth/scope.service';
import { SessionsService } from '../../auth/sessions.service';
import { InjectConfig } from '../../common/config.token';
import { ForbiddenError } from '../../common/errors';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { translate, type Lang } from '../i18n/i18n';
import { WEB } from '../web-paths';
import { LoginRequired, PasswordChangeRequired } from './login-required';
import { CSRF_FIELD, CSRF_HEADER, clearTokenCookie, csrfMatches, csrfToken, isSafeMethod, langOf, readCookie, sameOrigin, TOKEN_COOKIE } from './web-session';
import { WEB_PUBLIC_KEY, WEB_ROLES_KEY, type NavItem, type WebLocals, type WebRequest } from './web-request';

/**
 * The web pages' guard (the API's bearer guard lets them through as public routes). It reads the login cookie,
 * reloads the user from the database like the API does, fills the layout's locals, and on every unsafe method checks
 * the origin, the CSRF token and the auditor's read-only rule (docs/adr/0011-web-ui.md).
 */
@Injectable()
export class WebAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    @InjectConfig() private readonly config: ChiboConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WebRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const token = readCookie(req, TOKEN_COOKIE);
    const loaded = token ? await this.loadedOf(token) : undefined;
    const user = loaded ? toAuthUser(loaded) : undefined;
    if (token && !user) clearTokenCookie(req, res);
    if (user) req.user = user;
    if (loaded) req.mustChangePassword = loaded.user.mustChangePassword;

    const locals = webLocals(req, user, user && token ? csrfToken(this.config.authSecret, token) : null, this.engine, this.scope);
    req.web = locals;
    Object.assign(res.locals, locals);

    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(WEB_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    const unsafe = !isSafeMethod(req.method);
    if (unsafe && !sameOrigin(req)) throw new ForbiddenError(translate(locals.lang, 'error.crossSite'), 'cross-site-request');
    if (isPublic) return true;
    if (!user) throw new LoginRequired();
    const ownAccount = this.reflector.getAllAndOverride<boolean | undefined>(OWN_ACCOUNT_KEY, [context.getHandler(), context.getClass()]);
    if (loaded?.user.mustChangePassword && !ownAccount) throw new PasswordChangeRequired();
    if (unsafe) {
      const submitted = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] ?? req.headers[CSRF_HEADER];
      if (!locals.csrf || !csrfMatches(locals.csrf, submitted)) throw new ForbiddenError(translate(locals.lang, 'error.csrf'), 'csrf');
      if (!ownAccount && this.scope.refusesMethod(user, req.method)) throw new ForbiddenError(translate(locals.lang, 'error.readOnly'), 'read-only');
    }
    const roles = this.reflector.getAllAndOverride<GrantRole[] | undefined>(WEB_ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles?.length && !hasRole(user, roles)) throw new ForbiddenError(translate(locals.lang, 'error.forbidden'));
    return true;
  }

  private async loadedOf(token: string): Promise<LoadedUser | undefined> {
    try {
      return await this.sessions.authenticate(token);
    } catch {
      return undefined;
    }
  }
}

/** True when the user holds one of `roles` somewhere (admin always does). */
export function hasRole(user: AuthUser, roles: readonly GrantRole[]): boolean {
  return user.grants.some((g) => g.role === 'admin' || roles.includes(g.role));
}

/** The layout's locals for a request: language, user, navigation, CSRF token, clock. */
export function webLocals(req: WebRequest, user: AuthUser | undefined, csrf: string | null, engine: ProcedureEngine | undefined, scope?: ScopeService): WebLocals {
  const lang = langOf(req);
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const here = req.originalUrl.split('#')[0] ?? '/';
  return {
    lang,
    otherLang: { code: other, label: other === 'en' ? 'English' : 'Tiếng Việt', href: `${WEB.language}/${other}?next=${encodeURIComponent(here)}` },
    user: user ? { displayName: user.displayName, login: user.login, roles: roleSummary(user, lang) } : null,
    nav: user ? navigation(user, lang, req.path) : [],
    csrf,
    now: engine?.clock.now() ?? new Date().toISOString(),
    simulated: engine?.clock.simulated ?? false,
    isAdmin: Boolean(user?.grants.some((g) => g.role === 'admin')),
    readOnly: user && scope ? scope.isReadOnly(user) : false,
  };
}

function roleSummary(user: AuthUser, lang: Lang): string {
  const parts = user.grants.map((g) => `${translate(lang, `role.${g.role}`)} ${g.orgCode}`);
  return [...new Set(parts)].join(', ');
}

function navigation(user: AuthUser, lang: Lang, path: string): NavItem[] {
  const items: Array<{ href: string; key: string; roles?: GrantRole[] }> = [
    { href: WEB.tasks, key: 'nav.tasks' },
    { href: WEB.dossiers, key: 'nav.dossiers' },
    { href: WEB.documents, key: 'nav.documents' },
    { href: WEB.procedures, key: 'nav.procedures', roles: ['committee'] },
    { href: WEB.guidance, key: 'nav.guidance', roles: ['committee', 'auditor'] },
    { href: WEB.rollup, key: 'nav.rollup', roles: ['committee', 'auditor'] },
    { href: WEB.audit, key: 'nav.audit', roles: ['auditor', 'committee'] },
    { href: WEB.admin, key: 'nav.admin', roles: ['committee', 'secretary'] },
    { href: WEB.yearRatings, key: 'nav.yearRatings', roles: ['committee', 'auditor'] },
    { href: WEB.scoreSheets, key: 'nav.scoreSheets', roles: ['committee'] },
    { href: `${WEB.notifications}/mau-thu`, key: 'nav.noticeTemplates', roles: ['committee'] },
    ...(user.member ? [{ href: `${WEB.memberRecord}/${encodeURIComponent(user.member.orgCode)}/${encodeURIComponent(user.member.code)}`, key: 'nav.myRecord' }] : []),
  ];
  return items
    .filter((item) => !item.roles || hasRole(user, item.roles))
    .map((item) => ({ href: item.href, label: translate(lang, item.key), current: path === item.href || path.startsWith(`${item.href}/`) }));
}
