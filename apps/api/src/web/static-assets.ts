import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

const TYPES: Readonly<Record<string, string>> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** One static file, read and compressed once when the app starts. */
interface Asset {
  type: string;
  raw: Buffer;
  br: Buffer;
  gzip: Buffer;
  /** The first 12 hex digits of its SHA-256: the `?v=` of its URL and its ETag. */
  version: string;
}

/**
 * The web pages' CSS and scripts (ours and htmx's minified build), served compressed (Brotli, else gzip, as the
 * browser accepts) and cached: a page links each as `/assets/<name>?v=<hash of its content>`, so a URL names one
 * content and is cached for a year (`immutable`); a changed file gets a new URL. Without `?v=` (or an old one) the
 * answer may be cached an hour, revalidated by ETag.
 */
export class StaticAssets {
  private readonly assets = new Map<string, Asset>();

  constructor(files: ReadonlyArray<{ name: string; path: string }>) {
    for (const { name, path } of files) {
      const raw = readFileSync(path);
      this.assets.set(name, {
        type: TYPES[extname(name)] ?? 'application/octet-stream',
        raw,
        br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
        gzip: gzipSync(raw, { level: 9 }),
        version: createHash('sha256').update(raw).digest('hex').slice(0, 12),
      });
    }
  }

  /** Every `.css`/`.js` of a folder, plus extra files by name. */
  static fromFolder(dir: string, extra: ReadonlyArray<{ name: string; path: string }> = []): StaticAssets {
    const own = readdirSync(dir)
      .filter((f) => Object.hasOwn(TYPES, extname(f)))
      .map((name) => ({ name, path: join(dir, name) }));
    return new StaticAssets([...own, ...extra]);
  }

  /** The URL a page links: `/assets/app.css?v=3f2a…`. */
  url(name: string): string {
    const asset = this.assets.get(name);
    if (!asset) throw new Error(`Unknown asset "${name}"`);
    return `/assets/${name}?v=${asset.version}`;
  }

  /** Sizes for the benchmark and the tests: raw, Brotli and gzip bytes. */
  sizes(name: string): { raw: number; br: number; gzip: number } | undefined {
    const asset = this.assets.get(name);
    return asset ? { raw: asset.raw.length, br: asset.br.length, gzip: asset.gzip.length } : undefined;
  }

  /** Express middleware for `/assets/<name>` (GET and HEAD); anything else goes on. */
  middleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const name = decodeURIComponent(req.path.replace(/^\//, ''));
      const asset = this.assets.get(name);
      if (!asset) return next();
      const etag = `"${asset.version}"`;
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', req.query['v'] === asset.version ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      const accepts = String(req.headers['accept-encoding'] ?? '');
      const [body, encoding] = /\bbr\b/.test(accepts) ? [asset.br, 'br'] : /\bgzip\b/.test(accepts) ? [asset.gzip, 'gzip'] : [asset.raw, null];
      if (encoding) res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', String(body.length));
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      res.end(body);
    };
  }
}

let shared: StaticAssets | undefined;

/** The app's assets (src/web/assets, or dist/web/assets once built, and htmx), read once per process. */
export function sharedStaticAssets(): StaticAssets {
  shared ??= StaticAssets.fromFolder(join(__dirname, 'assets'), [{ name: 'htmx.min.js', path: require.resolve('htmx.org/dist/htmx.min.js') }]);
  return shared;
}
