import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One kill -9 under load and the restart after it. */
export interface KillRestartRound {
  /** Members created (201) before the kill: each must be there after the restart. */
  acknowledged: number;
  /** Of those, how many the restarted server does not have. */
  lost: string[];
  /** From spawning the new process to its first `/health` 200. */
  restartMs: number;
  /** CPU the new process had used by then (user + system). */
  restartCpuMs: number;
}

export interface KillRestartOptions {
  rounds?: number;
  /** Writers sending member creations at once. */
  concurrency?: number;
  /** How long the load runs before the kill. */
  loadMs?: number;
  /** PostgreSQL to use (an existing database); default: a fresh SQLite file. */
  databaseUrl?: string;
  redisUrl?: string;
  log?: (line: string) => void;
}

/** The built CLI (the same path from src/fault and from dist/fault). */
const CLI = join(__dirname, '..', '..', 'dist', 'main.js');
const CELL = 'CB-THCS-AI-MO';

/**
 * Starts `chibo serve --demo` on a private database, loads it with member creations from `concurrency` writers,
 * SIGKILLs it mid-load, starts it again, times how long until it serves, and checks that every creation it had
 * acknowledged is still there. Repeats `rounds` times on the same database.
 */
export async function killAndRestart(options: KillRestartOptions = {}): Promise<KillRestartRound[]> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'chibo-kill-restart-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: randomBytes(24).toString('hex'),
    PORT: String(port),
    QUEUE_PREFIX: `chibo-kill-${randomBytes(4).toString('hex')}`,
    AUDIT_KEY_PATH: join(dir, 'audit-key.pem'),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: '', SQLITE_PATH: join(dir, 'chibo.sqlite') }),
  };
  const base = `http://127.0.0.1:${port}`;
  const rounds: KillRestartRound[] = [];
  let server: ChildProcess | undefined;
  try {
    server = start(env);
    await untilServing(base, server, 300_000);
    log(`first start (demo data loaded) on ${base}`);
    for (let round = 1; round <= (options.rounds ?? 3); round++) {
      const token = await login(base);
      const acknowledged: string[] = [];
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const code = `k${round}w${w}n${i}`;
          try {
            const res = await fetch(`${base}/api/v1/orgs/${CELL}/members`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ code, name: `Đảng viên ${code}`, status: 'official' }),
            });
            if (res.status === 201) acknowledged.push(code);
            else if (!stop) throw new Error(`POST member ${code}: ${res.status} ${await res.text()}`);
          } catch (error) {
            // The kill cuts requests in flight: those were never acknowledged.
            if (stop) return;
            throw error;
          }
        }
      };
      const writers = Array.from({ length: options.concurrency ?? 16 }, (_, w) => writer(w));
      await sleep(options.loadMs ?? 1_500);
      stop = true;
      server.kill('SIGKILL');
      await Promise.allSettled(writers);
      await exited(server);

      const started = performance.now();
      server = start(env);
      await untilServing(base, server, 120_000);
      const restartMs = Math.round(performance.now() - started);
      const restartCpuMs = cpuMsOf(server.pid!);
      const present = new Set(((await (await fetch(`${base}/api/v1/orgs/${CELL}/members`, { headers: { authorization: `Bearer ${await login(base)}` } })).json()) as Array<{ code: string }>).map((m) => m.code));
      const lost = acknowledged.filter((code) => !present.has(code));
      rounds.push({ acknowledged: acknowledged.length, lost, restartMs, restartCpuMs });
      log(`round ${round}: ${acknowledged.length} acknowledged before kill -9, ${lost.length} lost; serving again after ${restartMs} ms (${restartCpuMs} ms CPU)`);
    }
    return rounds;
  } finally {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited(server);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function start(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [CLI, 'serve', '--demo'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  (child as ChildProcess & { lastStderr: () => string }).lastStderr = () => stderr;
  return child;
}

async function untilServing(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`chibo serve exited (${child.exitCode}): ${(child as ChildProcess & { lastStderr?: () => string }).lastStderr?.() ?? ''}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
  throw new Error(`chibo serve did not answer /health within ${timeoutMs} ms`);
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'chibo-demo' }) });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** user + system CPU of a Linux process, in ms (0 where /proc is missing). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100 Hz).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
