import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ValidationError } from '../../common/errors';
import { errorInWords, issueLines } from '../forms/issue-words';
import { WEB_CSP } from '../configure-web';
import { translate } from '../i18n/i18n';
import { WEB, WEB_PASSWORD_PAGE } from '../web-paths';
import { LoginRequired, PasswordChangeRequired } from './login-required';
import { webLocals } from './web-auth.guard';
import { clearTokenCookie, isHtmx } from './web-session';
import type { WebRequest } from './web-request';

/**
 * Errors on web pages become pages, not JSON: a missing login redirects to the login page (htmx gets `HX-Redirect`),
 * a refusal (422) shows its issues in the page's language, another domain error its message in that language too
 * (`errorInWords`) with its status, anything else a generic 500 page (logged).
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    if (exception instanceof PasswordChangeRequired) {
      const location = WEB_PASSWORD_PAGE;
      // A fragment the password page itself loads (the notice bell): nothing to show, and no redirect — sending the
      // page to itself again would reload it for ever.
      const from = String(req.headers['hx-current-url'] ?? '');
      if (isHtmx(req) && pathOf(from).startsWith(WEB_PASSWORD_PAGE)) {
        res.status(204).end();
        return;
      }
      if (isHtmx(req)) {
        res.setHeader('HX-Redirect', location);
        res.status(200).end();
      } else {
        res.redirect(303, location);
      }
      return;
    }
    if (exception instanceof LoginRequired || (exception instanceof DomainError && exception.statusCode === 401)) {
      if (exception instanceof DomainError) clearTokenCookie(req, res);
      const next = req.method === 'GET' ? req.originalUrl : (req.headers.referer ? new URL(req.headers.referer, 'http://x').pathname : WEB.tasks);
      const location = `${WEB.login}?next=${encodeURIComponent(next)}`;
      if (isHtmx(req)) {
        res.setHeader('HX-Redirect', location);
        res.status(200).end();
      } else {
        res.redirect(303, location);
      }
      return;
    }
    const locals = req.web ?? webLocals(req, req.user, null, undefined);
    let status = 500;
    let message = translate(locals.lang, 'error.internal');
    if (exception instanceof ValidationError && exception.issues.length) {
      // A refusal no form answered itself: its issues worded in the page's language, without paths and rule codes.
      status = exception.statusCode;
      message = issueLines(exception.issues, locals.lang, {}).join(' ');
    } else if (exception instanceof DomainError) {
      // A 404 or 409 in the page's language: its rule's words with its data, else its status's (ADR 0034).
      status = exception.statusCode;
      message = errorInWords(exception, locals.lang);
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      message = translate(locals.lang, status === 404 ? 'error.notFound' : 'error.badRequest');
    } else {
      this.logger.error(`${req.method} ${req.originalUrl} failed`, exception instanceof Error ? exception.stack : String(exception));
    }
    const model = { ...locals, title: translate(locals.lang, 'error.title', { status }), status, message, fragment: isHtmx(req) ? 'error-box' : undefined };
    // A form answers its own 4xx with itself (htmx swaps every 2xx-4xx, see the layout's htmx-config); an error thrown
    // here is not a form: in an htmx request its error box goes to the page's alert region, with 200 so htmx swaps it.
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.status(isHtmx(req) ? 200 : status);
    if (isHtmx(req)) {
      res.setHeader('HX-Retarget', '#flash');
      res.setHeader('HX-Reswap', 'innerHTML');
    }
    res.render('error', model);
  }
}

/** The path of an absolute or relative URL ('' when it does not parse). */
function pathOf(url: string): string {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return '';
  }
}
