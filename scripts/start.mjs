#!/usr/bin/env node
// `npm start`: build what is needed, make sure Redis answers (start a local redis-server if the binary exists,
// otherwise say what to install), then run `chibo serve --demo-if-empty` (migrate, the demo on an empty database, API on http://localhost:3000).
// With CHIBO_ENGINE=temporal there are no BullMQ queues, so no Redis: `chibo serve` uses the Temporal server at
// TEMPORAL_ADDRESS, else launches `temporal server start-dev` when the Temporal CLI is on PATH, else lets
// @temporalio/testing download one, else stops saying exactly what to install (docs/temporal.md).
import { execSync, spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const engine = process.env.CHIBO_ENGINE || 'embedded';

function redisAnswers() {
  return new Promise((resolve) => {
    const socket = createConnection({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')));
  });
}

console.log('[chibo] building…');
execSync('npx turbo run build --filter=@chibo/cli... --output-logs=errors-only', { cwd: root, stdio: 'inherit' });

if (engine === 'temporal') {
  console.log('[chibo] CHIBO_ENGINE=temporal: no Redis needed; `chibo serve` chooses the Temporal server.');
} else if (!(await redisAnswers())) {
  const local = ['127.0.0.1', 'localhost', '::1'].includes(redisUrl.hostname);
  const hasBinary = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (local && hasBinary) {
    console.log(`[chibo] Redis is not running; starting redis-server on port ${redisUrl.port || 6379}…`);
    execSync(`redis-server --port ${redisUrl.port || 6379} --bind 127.0.0.1 --save "" --appendonly no --daemonize yes`, { stdio: 'inherit' });
    for (let i = 0; i < 50 && !(await redisAnswers()); i++) await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await redisAnswers())) {
    console.error(`[chibo] Redis is needed at ${redisUrl.href} (queues for effects and timers) and does not answer.`);
    console.error('        Install and start it, e.g.  sudo apt install redis-server   (Debian/Ubuntu)   or   brew install redis && brew services start redis');
    console.error('        or point REDIS_URL at a running Redis.');
    process.exit(1);
  }
}

// A larger young generation: the server makes many short-lived objects per request (JSON, rows), and with V8's default
// it spent about a tenth of its time collecting them (docs/adr/0007; the benchmark's server runs with the same flag).
// On the embedded runtime, a bounded old generation: without a limit V8 let the server's heap grow to three or four
// times what was live (at 40,000 cascade cells, ~200 MB live in a 700 MB heap); at 512 MB it collects sooner and the
// process stays well under 1 GB (docs/adr/0025, "Memory, twelfth session"). Not on Temporal: its in-process worker
// was not measured under the cap. A limit the user sets in NODE_OPTIONS (a larger installation) wins: the flag on the
// command line would otherwise override it.
const ownHeapLimit = /--max-old-space-size\b/.test(process.env.NODE_OPTIONS ?? '');
const SERVER_NODE_FLAGS = ['--max-semi-space-size=64', ...(engine === 'temporal' || ownHeapLimit ? [] : ['--max-old-space-size=512'])];
// On an empty database `npm start` offers the demo (sample data, public passwords; 127.0.0.1 only, with a banner);
// `npm start -- --no-demo` starts without it. A real installation runs `chibo serve` and `chibo admin create`.
const demoArgs = process.argv.includes('--no-demo') ? [] : ['--demo-if-empty'];
const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(root, 'apps/cli/dist/main.js'), 'serve', ...demoArgs], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
