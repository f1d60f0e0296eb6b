import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { htmlCompression } from './html-compression';
import { sharedStaticAssets } from './static-assets';
import { sharedWebViews } from './view/web-views';
import { WEB } from './web-paths';

/** CSS and the enhancement script (copied next to the views by the build). */
export const ASSETS_DIR = join(__dirname, 'assets');

/**
 * Content-Security-Policy of the web pages: scripts and styles only from our own /assets (htmx is served from
 * node_modules, no CDN), no inline script or style, framing only by our own pages, forms only to ourselves.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Sets up what the web pages need before the app initializes: the Handlebars view engine (one isolated, strict
 * instance; templates compiled once per process) and the static assets — our CSS and script, and htmx from
 * node_modules (the machine may be offline; nothing comes from a CDN).
 */
export function configureWebUi(app: NestExpressApplication): void {
  const views = sharedWebViews();
  app.engine('hbs', views.expressEngine());
  app.setBaseViewsDir(views.pagesDir);
  app.setViewEngine('hbs');
  app.set('view cache', true);
  // The pages themselves (made per request) compressed as they are sent, from 1 KB; streams are never buffered.
  app.use(htmlCompression());
  // CSS and scripts (ours, and htmx's minified build from its package under a path of ours) compressed once and
  // cached by content-hashed URL; anything else in the folder (print.css is inlined, never linked) as before.
  app.use(WEB.assets, sharedStaticAssets().middleware());
  app.useStaticAssets(ASSETS_DIR, { prefix: `${WEB.assets}/`, maxAge: '1h', index: false, setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff') });
}
