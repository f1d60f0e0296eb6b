import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { OwnAccount } from '../../auth/own-account.decorator';
import { clientAddress } from '../../auth/auth.controller';
import { AuthService } from '../../auth/auth.service';
import { Public } from '../../auth/public.decorator';
import { DomainError, ValidationError } from '../../common/errors';
import { issueInWords } from '../forms/issue-words';
import { translate } from '../i18n/i18n';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import type { WebRequest } from '../session/web-request';
import { redirectAfterPost, setTokenCookie } from '../session/web-session';
import { safeNext, WEB } from '../web-paths';

interface PasswordForm {
  next: string;
  required: boolean;
  errors: Array<{ field: string; message: string }>;
}

/** The account's own page: changing the password (required first when someone else set it). */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller(WEB.account.slice(1))
export class AccountPageController {
  constructor(private readonly auth: AuthService) {}

  @Get('mat-khau')
  @OwnAccount()
  async passwordForm(@Req() req: WebRequest, @Res() res: Response, @Query('next') next?: string) {
    return this.page(req, res, { next: safeNext(next), required: await this.required(req), errors: [] }, 200);
  }

  @Post('mat-khau')
  @OwnAccount()
  async changePassword(@Req() req: WebRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const next = safeNext(body['next']);
    const lang = req.web!.lang;
    const form: PasswordForm = { next, required: await this.required(req), errors: [] };
    if (!text('currentPassword')) form.errors.push({ field: 'currentPassword', message: translate(lang, 'password.missingCurrent') });
    if (text('newPassword') !== text('confirmPassword')) form.errors.push({ field: 'confirmPassword', message: translate(lang, 'password.mismatch') });
    if (form.errors.length) return this.page(req, res, form, 422);
    try {
      const result = await this.auth.changePassword(req.user!, text('currentPassword'), text('newPassword'), clientAddress(req));
      setTokenCookie(req, res, result.token, result.expiresAt);
      return redirectAfterPost(req, res, next);
    } catch (error) {
      if (error instanceof ValidationError) {
        form.errors = error.issues.map((issue) => ({ field: issue.path, message: issueInWords(issue, lang, { plugin: 'account' }).message }));
        return this.page(req, res, form, 422);
      }
      if (error instanceof DomainError && error.statusCode === 429) {
        form.errors = [{ field: 'currentPassword', message: error.message }];
        return this.page(req, res, form, 429);
      }
      throw error;
    }
  }

  private async required(req: WebRequest): Promise<boolean> {
    return Boolean(req.mustChangePassword);
  }

  private page(req: WebRequest, res: Response, form: PasswordForm, status: number) {
    const lang = req.web!.lang;
    const errorOf = (field: string) => form.errors.find((e) => e.field === field)?.message ?? null;
    renderPage(
      req,
      res,
      'account/password',
      {
        title: translate(lang, 'password.title'),
        form: { ...form, current: errorOf('currentPassword'), fresh: errorOf('newPassword'), confirm: errorOf('confirmPassword') },
      },
      { status },
    );
  }
}
