import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The standalone worker as a cluster deployment runs it: `node apps/worker/dist/main.js` (built by `npm run build`). */
export const WORKER_MAIN = join(dirname(require.resolve('@chibo/worker/package.json')), 'dist', 'main.js');

/** What the worker prints once it is connected and about to poll its task queue. */
const READY = '[chibo] worker on ';

/** A chibo worker in a process of its own, so that a test can kill it (SIGKILL) the way a machine dies. */
export interface WorkerProcess {
  start(): Promise<void>;
  /** SIGKILL: no graceful shutdown, activities cut off wherever they are. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the worker's graceful shutdown (running activities finish). */
  stop(): Promise<void>;
  /** Removes the key folder. */
  dispose(): void;
}

/**
 * The worker's environment for one test run: the server, namespace and task-queue prefix the test's engine uses, the
 * test's database, and an audit signing key of its own (the worker refuses to start without one).
 */
export function workerProcess(options: { address: string; namespace: string; queuePrefix: string; databaseUrl: string }): WorkerProcess {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-worker-'));
  const keyPath = join(dir, 'audit-key.pem');
  writeFileSync(keyPath, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: options.address,
    TEMPORAL_NAMESPACE: options.namespace,
    QUEUE_PREFIX: options.queuePrefix,
    ...(options.databaseUrl.startsWith('postgres') ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: '', SQLITE_PATH: options.databaseUrl }),
    AUDIT_KEY_PATH: keyPath,
    AUTH_SECRET: randomBytes(24).toString('hex'),
  };
  let child: ChildProcess | undefined;

  const exited = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = once(running, 'exit');
    running.kill(signal);
    await gone;
  };

  return {
    start: () =>
      new Promise<void>((resolve, reject) => {
        const started = spawn(process.execPath, [WORKER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        child = started;
        let output = '';
        const onData = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (output.includes(READY)) resolve();
        };
        started.stdout!.on('data', onData);
        started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        started.once('exit', (code, signal) => reject(new Error(`the worker process exited (${signal ?? code}) before it was ready:\n${output}`)));
      }),
    kill: () => exited('SIGKILL'),
    stop: () => exited('SIGTERM'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
