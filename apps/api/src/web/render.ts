import type { Response } from 'express';
import { WEB_CSP } from './configure-web';
import { isHtmx } from './session/web-session';
import type { WebRequest } from './session/web-request';

/** Options of {@link renderPage}. */
export interface PageOptions {
  status?: number;
  /** The partial an htmx request gets instead of the whole page. */
  fragment?: string;
}

/**
 * Renders a web page (or, for an htmx request, its fragment) with the layout's locals the guard set. Pages carry
 * personal data: never cached; framed only by our own pages (the document preview).
 */
export function renderPage(req: WebRequest, res: Response, view: string, model: Record<string, unknown>, options: PageOptions = {}): void {
  res.setHeader('Content-Security-Policy', WEB_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Vary', 'HX-Request, Cookie');
  res.status(options.status ?? 200);
  res.render(view, { ...model, fragment: isHtmx(req) && options.fragment ? options.fragment : undefined });
}
