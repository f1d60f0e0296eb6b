/**
 * The server side of `npm run bench:cascade`, in its own process: the API on the embedded runtime with a simulated
 * clock (as bench-server.ts), plus a control port on 127.0.0.1 through which the bench hands over the reports of the
 * cells it does not drive through their sessions. Those reports reach each commune's implementation exactly as a
 * cell's own report does — a `child-report` input to the parent instance, batched per instance — so the roll-up
 * above them is the real one; only the cells' own sessions are skipped. Writes { baseUrl, controlUrl, tokens } to
 * BENCH_READY_FILE and serves until SIGTERM.
 */
import 'reflect-metadata';
import { startServer, TokenService } from '@chibo/api';
import { loadConfig } from '@chibo/config';
import { createDataSource } from '@chibo/db';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';

/** One report a cell would send: the commune's implementation instance, the cell's key there, the report. */
export interface InjectedReport {
  parent: string;
  child: string;
  report: Record<string, unknown>;
}

async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig(env);
  if (config.engine !== 'embedded') throw new Error('bench:cascade runs on the embedded runtime (CHIBO_ENGINE=embedded)');
  const dataSource = createDataSource({ url: config.databaseUrl ?? '' });
  await dataSource.initialize();
  const clock = new SimulatedClock(env['BENCH_T0']!);
  const server = await startServer({ config, dataSource, clock, logger: false });
  const runtime = server.runtime!;
  const tokens = server.app.get(TokenService);
  const ids = JSON.parse(readFileSync(env['BENCH_USERS_FILE']!, 'utf8')) as string[];
  const minted: Record<string, string> = {};
  for (const id of ids) minted[id] = (await tokens.issue(id, 0)).token;

  const control = createServer((req, res) => {
    void (async () => {
      try {
        if (req.method === 'POST' && (req.url === '/memory' || req.url === '/memory?forget=1')) {
          // What the heap holds now, and (with --expose-gc) what is left of it after a full collection: live objects;
          // with ?forget=1 also what is left once the runtime's caches are emptied (what they held is the difference).
          const before = memoryMb();
          const caches = runtime.cacheStats();
          const gc = (globalThis as { gc?: () => void }).gc;
          gc?.();
          const afterGc = gc ? memoryMb() : undefined;
          let forgotten: Record<string, number> | undefined;
          if (gc && req.url.endsWith('forget=1')) {
            runtime.forgetCaches();
            gc();
            forgotten = memoryMb();
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ before, afterGc, forgotten, peak: memoryPeak, caches }));
          return;
        }
        if (req.method !== 'POST' || req.url !== '/reports') throw new Error(`unknown control request ${req.method} ${req.url}`);
        const reports = JSON.parse(await body(req)) as InjectedReport[];
        const outcomes = await Promise.all(
          reports.map((r) => runtime.sendTogether(r.parent, () => ({ type: 'child-report', at: clock.now(), child: r.child, report: r.report }))),
        );
        const refused = outcomes.filter((o) => o.rejected).map((o) => o.rejected!.message);
        res.writeHead(refused.length ? 409 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: reports.length - refused.length, refused: refused.slice(0, 5) }));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  writeFileSync(env['BENCH_READY_FILE']!, JSON.stringify({ baseUrl: server.baseUrl, controlUrl, tokens: minted }));
  const sampler = setInterval(sampleMemoryPeak, 1000);
  process.once('SIGTERM', () => {
    void (async () => {
      clearInterval(sampler);
      control.close();
      await server.close();
      await dataSource.destroy();
    })();
  });
}

/** The process's memory in MB (resident, V8 heap used and reserved, outside the heap, Buffers). */
function memoryMb(): Record<string, number> {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 2 ** 20);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}

/** Each figure's peak over the run, sampled once a second. */
const memoryPeak: Record<string, number> = {};
function sampleMemoryPeak(): void {
  for (const [k, v] of Object.entries(memoryMb())) memoryPeak[k] = Math.max(memoryPeak[k] ?? 0, v);
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
