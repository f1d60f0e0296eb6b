import type { NextFunction, Request, Response } from 'express';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Pages smaller than this go uncompressed: the encoding would save less than a packet and cost a round of CPU. */
export const MIN_COMPRESSED_BYTES = 1024;

/** Brotli quality for pages made per request: 5 is within a few percent of 11 on HTML at a small part of the time. */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

/**
 * Compresses the HTML pages as they are sent (Brotli, else gzip, as `Accept-Encoding` allows — see `chooseEncoding`):
 * only a whole body given to `res.send` (what `res.render` does) of type text/html and at least `threshold` bytes.
 * Anything written as a stream (`res.write`, piped files, a future event stream) never passes through `res.send`,
 * so it is never buffered here; JSON, CSV, PDF and the static assets (compressed once at start-up) are left alone.
 * Compression runs on the thread pool (async zlib), not on the event loop.
 */
export function htmlCompression(options: { threshold?: number } = {}): (req: Request, res: Response, next: NextFunction) => void {
  const threshold = options.threshold ?? MIN_COMPRESSED_BYTES;
  return (req, res, next) => {
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      const type = res.getHeader('Content-Type');
      const html = type === undefined ? typeof body === 'string' : /^text\/html\b/i.test(String(type));
      const bytes = typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : -1;
      if (!html || bytes < threshold || req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304 || res.getHeader('Content-Encoding') !== undefined) return send(body);
      res.vary('Accept-Encoding');
      const encoding = chooseEncoding(req.headers['accept-encoding']);
      if (!encoding) return send(body);
      const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : (body as Buffer);
      const done = (error: Error | null, compressed: Buffer) => {
        if (res.headersSent) return;
        if (type === undefined) res.setHeader('Content-Type', 'text/html; charset=utf-8');
        if (error) {
          send(raw);
          return;
        }
        res.setHeader('Content-Encoding', encoding);
        res.removeHeader('Content-Length');
        send(compressed);
      };
      if (encoding === 'br') {
        brotliCompress(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }, done);
      } else gzip(raw, { level: GZIP_LEVEL }, done);
      return res;
    }) as Response['send'];
    next();
  };
}

/**
 * Brotli or gzip from an `Accept-Encoding` header, by q-value (`*` counts for both), Brotli on a tie: browsers list
 * gzip first ("gzip, deflate, br, zstd") but Brotli makes HTML smaller. No header, identity only, or q=0: null.
 */
export function chooseEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const value = weight === undefined ? 1 : Number(weight);
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gz = of('gzip');
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : null;
}
