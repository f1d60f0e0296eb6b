import express from 'express';
import request from 'supertest';
import { sharedStaticAssets } from './static-assets';

/** The pages' CSS and scripts: compressed for a phone on a slow line, and cached by URL. */
describe('the static assets', () => {
  const assets = sharedStaticAssets();
  const app = express().use('/assets', assets.middleware());

  it('should send Brotli (else gzip) to a browser that accepts it — the same file once decompressed, a third of the size or less', async () => {
    const url = assets.url('htmx.min.js');
    const br = await request(app).get(url).set('Accept-Encoding', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    const raw = await request(app).get(url).set('Accept-Encoding', 'identity');
    expect(raw.headers['content-encoding']).toBeUndefined();
    // What the browser reads once it decompressed the answer is the file itself.
    expect(br.text).toBe(raw.text);
    const sizes = assets.sizes('htmx.min.js')!;
    expect(Number(br.headers['content-length'])).toBe(sizes.br);
    expect(sizes.br).toBeLessThan(sizes.raw / 3);
    const gzip = await request(app).get(assets.url('app.css')).set('Accept-Encoding', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(Number(gzip.headers['content-length'])).toBe(assets.sizes('app.css')!.gzip);
  });

  it('should cache a hashed URL for a year and revalidate an unhashed one after an hour, by ETag', async () => {
    const hashed = await request(app).get(assets.url('app.css'));
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['content-type']).toBe('text/css; charset=utf-8');
    const plain = await request(app).get('/assets/app.css');
    expect(plain.headers['cache-control']).toBe('public, max-age=3600');
    const again = await request(app).get('/assets/app.css').set('If-None-Match', plain.headers['etag'] as string);
    expect(again.status).toBe(304);
  });

  it('should give a page a URL that changes with the file’s content', () => {
    expect(assets.url('app.js')).toMatch(/^\/assets\/app\.js\?v=[0-9a-f]{12}$/);
    expect(() => assets.url('nope.js')).toThrow('Unknown asset');
  });
});
