import express from 'express';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, htmlCompression, MIN_COMPRESSED_BYTES } from './html-compression';

const PAGE = `<!doctype html><html lang="vi"><body>${'<p>Chi bộ Trường THCS Ái Mộ — sinh hoạt chuyên đề.</p>'.repeat(200)}</body></html>`;

describe('HTML pages compressed as they are sent', () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    const app = express();
    app.use(htmlCompression());
    app.get('/page', (_req, res) => void res.send(PAGE));
    app.get('/typed', (_req, res) => void res.type('html').send(Buffer.from(PAGE)));
    app.get('/small', (_req, res) => void res.send('<p>Đã lưu.</p>'));
    app.get('/json', (_req, res) => void res.json({ text: PAGE }));
    app.get('/csv', (_req, res) => void res.type('text/csv').send(PAGE));
    app.get('/stream', (_req, res) => {
      res.setHeader('Content-Type', 'text/event-stream');
      res.write(`data: ${PAGE}\n\n`);
      res.end();
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** The response as it comes over the wire: headers and undecoded bytes. */
  function fetchRaw(path: string, acceptEncoding?: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  }

  it('should send a page as gzip that decodes to the same HTML, with its length and Vary', async () => {
    const response = await fetchRaw('/page', 'gzip, deflate');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['vary']).toMatch(/Accept-Encoding/);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(gunzipSync(response.body).toString('utf8')).toBe(PAGE);
    expect(response.body.length).toBeLessThan(Buffer.byteLength(PAGE) / 10);
  });

  it('should prefer Brotli when the browser takes both, and honour q=0', async () => {
    const both = await fetchRaw('/typed', 'gzip, deflate, br');
    expect(both.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(both.body).toString('utf8')).toBe(PAGE);
    const noBrotli = await fetchRaw('/page', 'br;q=0, gzip');
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
  });

  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['deflate', null],
    ['gzip;q=0', null],
    ['', null],
  ])('should choose from "%s": %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });

  it('should send the page plain without Accept-Encoding or with identity only', async () => {
    for (const accept of [undefined, 'identity']) {
      const response = await fetchRaw('/page', accept);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.body.toString('utf8')).toBe(PAGE);
      expect(response.headers['vary']).toMatch(/Accept-Encoding/);
    }
  });

  it(`should leave pages under ${MIN_COMPRESSED_BYTES} bytes, JSON, CSV and streams as they are`, async () => {
    for (const path of ['/small', '/json', '/csv', '/stream']) {
      const response = await fetchRaw(path, 'br, gzip');
      expect({ path, encoding: response.headers['content-encoding'] }).toEqual({ path, encoding: undefined });
      expect(response.status).toBe(200);
    }
    expect((await fetchRaw('/stream', 'gzip')).body.toString('utf8')).toBe(`data: ${PAGE}\n\n`);
  });
});
