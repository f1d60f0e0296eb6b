import { Body, Controller, Get, Inject, Optional, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { AuthService } from '../../auth/auth.service';
import { clientAddress } from '../../auth/auth.controller';
import { OwnAccount } from '../../auth/own-account.decorator';
import { DomainError } from '../../common/errors';
import { isLang, translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebPublic, type WebRequest } from '../session/web-request';
import { clearTokenCookie, redirectAfterPost, setLangCookie, setTokenCookie } from '../session/web-session';
import { WEB_UI_OPTIONS, type WebUiOptions } from '../web-options';
import { safeNext, WEB, WEB_PASSWORD_PAGE } from '../web-paths';

/** Signing in and out, the home page, and the language switch. */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class LoginController {
  constructor(
    private readonly auth: AuthService,
    @Optional() @Inject(WEB_UI_OPTIONS) private readonly options: WebUiOptions | null,
  ) {}

  /** The home page: the login page for a visitor, "Việc của tôi" for someone logged in. */
  @Get()
  @WebPublic()
  home(@Req() req: WebRequest, @Res() res: Response, @Query('next') next?: string) {
    if (req.user) return res.redirect(303, WEB.tasks);
    return this.loginPage(req, res, { next: safeNext(next), login: '', error: null }, 200);
  }

  @Get(WEB.login.slice(1))
  @WebPublic()
  login(@Req() req: WebRequest, @Res() res: Response, @Query('next') next?: string) {
    if (req.user) return res.redirect(303, safeNext(next));
    return this.loginPage(req, res, { next: safeNext(next), login: '', error: null }, 200);
  }

  @Post(WEB.login.slice(1))
  @WebPublic()
  async signIn(@Req() req: WebRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const login = typeof body['login'] === 'string' ? body['login'] : '';
    const password = typeof body['password'] === 'string' ? body['password'] : '';
    const next = safeNext(body['next']);
    if (!login.trim() || !password) {
      return this.loginPage(req, res, { next, login, error: translate(req.web!.lang, 'login.missing') }, 422);
    }
    try {
      const result = await this.auth.login(login, password, clientAddress(req));
      setTokenCookie(req, res, result.token, result.expiresAt);
      return redirectAfterPost(req, res, result.mustChangePassword ? `${WEB_PASSWORD_PAGE}?next=${encodeURIComponent(next)}` : next);
    } catch (error) {
      if (error instanceof DomainError && (error.statusCode === 401 || error.statusCode === 429)) {
        if (error.statusCode === 429) res.setHeader('Retry-After', String(error.details['retryAfter'] ?? 60));
        return this.loginPage(req, res, { next, login, error: error.message }, error.statusCode);
      }
      throw error;
    }
  }

  @Post(WEB.logout.slice(1))
  @OwnAccount()
  async logout(@Req() req: WebRequest, @Res() res: Response) {
    // Ends the session on the server too: the old cookie, copied or kept, no longer works.
    if (req.user) await this.auth.logout(req.user);
    clearTokenCookie(req, res);
    return redirectAfterPost(req, res, WEB.login);
  }

  /** Switches the language (a link, so it works without JavaScript) and returns to the page. */
  @Get(`${WEB.language.slice(1)}/:lang`)
  @WebPublic()
  language(@Req() req: WebRequest, @Res() res: Response, @Param('lang') lang: string, @Query('next') next?: string) {
    if (isLang(lang)) setLangCookie(req, res, lang);
    return res.redirect(303, safeNext(next, WEB.home));
  }

  private loginPage(req: WebRequest, res: Response, form: { next: string; login: string; error: string | null }, status: number) {
    const lang = req.web!.lang;
    renderPage(req, res, 'login', { title: translate(lang, 'login.title'), form, demo: this.options?.demo ?? null }, { status });
  }
}
