import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { isLang, type Lang } from '../i18n/i18n';

/** The login cookie: the same JWT the API issues (bull-board at /admin/queues reads it too). */
export const TOKEN_COOKIE = 'chibo_token';
/** The language the person chose ("vi" or "en"). */
export const LANG_COOKIE = 'chibo_lang';
/** Form field (and `X-CSRF-Token` header, for htmx) carrying the CSRF token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Reads one cookie from the request (no cookie-parser needed for two cookies). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whether the browser reached us over HTTPS (directly or, with `trust proxy`, through a proxy). */
function secure(req: Request): boolean {
  return req.secure;
}

/**
 * Sets the login cookie: httpOnly (scripts cannot read it), SameSite=Strict (no other site can make the browser send
 * it), Secure over HTTPS, and expiring with the token.
 */
export function setTokenCookie(req: Request, res: Response, token: string, expiresAt: string): void {
  res.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: secure(req), path: '/', expires: new Date(expiresAt) });
}

export function clearTokenCookie(req: Request, res: Response): void {
  res.clearCookie(TOKEN_COOKIE, { httpOnly: true, sameSite: 'strict', secure: secure(req), path: '/' });
}

export function setLangCookie(req: Request, res: Response, lang: Lang): void {
  res.cookie(LANG_COOKIE, lang, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/', maxAge: 365 * 24 * 3600 * 1000 });
}

/** The page language: the cookie when set, Vietnamese otherwise. */
export function langOf(req: Request): Lang {
  const lang = readCookie(req, LANG_COOKIE);
  return isLang(lang) ? lang : 'vi';
}

/**
 * The CSRF token of a login session: an HMAC of the login token under the server's secret. It needs no server state,
 * changes with every login, and cannot be computed by another site (which can neither read our cookie nor our pages).
 */
export function csrfToken(secret: string, loginToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${loginToken}`).digest('base64url');
}

/** Constant-time comparison of a submitted CSRF token with the expected one. */
export function csrfMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when the request comes from one of our pages: its `Origin` (or, without one, its `Referer`) names this host.
 * A request with neither header is allowed here (old browsers, privacy settings): the CSRF token still has to match.
 */
export function sameOrigin(req: Request): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return true;
  if (source === 'null') return false;
  try {
    return new URL(source).host === req.headers.host;
  } catch {
    return false;
  }
}

/** True for an htmx request (it then gets a fragment, or an `HX-Redirect` instead of a 303). */
export function isHtmx(req: Request): boolean {
  return req.headers['hx-request'] === 'true';
}

/** Safe methods only read: no CSRF check, allowed for auditors. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/** Redirects after a form post: a 303 for a full-page post, `HX-Redirect` for htmx (which follows it client-side). */
export function redirectAfterPost(req: Request, res: Response, location: string): void {
  if (isHtmx(req)) {
    res.setHeader('HX-Redirect', location);
    res.status(200).end();
    return;
  }
  res.redirect(303, location);
}
