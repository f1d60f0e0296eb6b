import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** Where the build puts chibo's own Temporal dev server (apps/temporal-dev-server, built when Go is installed). */
export const DEV_SERVER_RELATIVE_PATH = join('apps', 'temporal-dev-server', 'bin', process.platform === 'win32' ? 'temporal-dev-server.exe' : 'temporal-dev-server');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * chibo's Temporal dev server binary when it is built: CHIBO_TEMPORAL_DEV_SERVER if set (a path), else
 * apps/temporal-dev-server/bin/temporal-dev-server in the checkout this code runs from (found by walking up).
 */
export function findDevServer(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string | undefined {
  const override = env['CHIBO_TEMPORAL_DEV_SERVER'];
  if (override) return executable(override) ? override : undefined;
  for (let dir = from, depth = 0; depth < 8; depth++) {
    const candidate = join(dir, DEV_SERVER_RELATIVE_PATH);
    if (executable(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** A free TCP port on the loopback address. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface DevServerOptions {
  /** The binary: chibo's dev server, or a Temporal CLI (same `server start-dev` flags). */
  executable: string;
  namespace: string;
  /** Keep the server's data in this SQLite file (survives a restart); in memory when unset. */
  dbFilename?: string;
  /** Frontend port (a free one when unset). */
  port?: number;
  /** Custom search attributes (`{ name, type }` as defineSearchAttributeKey makes them) to register. */
  searchAttributes?: ReadonlyArray<{ name: string; type: string }>;
  /** Extra `--dynamic-config-value K=V` settings. */
  dynamicConfig?: Record<string, unknown>;
  /** How long to wait for the frontend (default 60 s: a loaded machine; @temporalio/testing waits 5 s). */
  timeoutMs?: number;
  /** Also wait for a line matching this on stdout (chibo's dev server prints one once every service has started). */
  readyLine?: RegExp;
  /** TLS on the frontend (chibo's dev server only): PEM files; `requireClientCert` asks for mutual TLS. */
  tls?: { certPath: string; keyPath: string; caPath: string; requireClientCert?: boolean };
}

/** The line chibo's dev server prints once started. */
export const DEV_SERVER_READY_LINE = /^temporal-dev-server: go\.temporal\.io\/server \S+ at /m;

export interface DevServerProcess {
  address: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash, for restart tests). */
  kill(): Promise<void>;
  /** What the server said once started (chibo's dev server: version, namespace, store), or ''. */
  readyLine: string;
}

const TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };

/** The `server start-dev` command line (the flags @temporalio/testing passes the Temporal CLI). */
export function devServerArgs(options: Omit<DevServerOptions, 'executable'> & { port: number }): string[] {
  const dynamic = {
    'frontend.enableServerVersionCheck': false,
    'frontend.enableUpdateWorkflowExecution': true,
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
    ...options.dynamicConfig,
  };
  return [
    'server',
    'start-dev',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--ip',
    '127.0.0.1',
    '--log-format',
    'text',
    '--log-level',
    'error',
    ...Object.entries(dynamic).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${JSON.stringify(v)}`]),
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    '--headless',
    ...(options.searchAttributes ?? []).flatMap((k) => ['--search-attribute', `${k.name}=${TYPE_NAMES[k.type] ?? k.type}`]),
    ...(options.tls ? ['--tls-cert', options.tls.certPath, '--tls-key', options.tls.keyPath, '--tls-ca', options.tls.caPath, ...(options.tls.requireClientCert ? ['--tls-require-client-cert'] : [])] : []),
  ];
}

/** Whether something answers TCP on host:port. */
function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts `<executable> server start-dev …` headless on a free port and resolves once its frontend accepts
 * connections. Unlike @temporalio/testing (5 s), it waits `timeoutMs`; a server that exits or never listens is
 * reported with the last lines it wrote. A server still running when this process exits is killed.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServerProcess> {
  // A free port can be taken by another process before the server binds it: try again on another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, options.port ?? (await freePort()));
    } catch (error) {
      if (options.port !== undefined || attempt >= 3 || !/address already in use/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(options: DevServerOptions, port: number): Promise<DevServerProcess> {
  const child = spawn(options.executable, devServerArgs({ ...options, port }), { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  const tail: string[] = [];
  let ready = !options.readyLine;
  let readyLine = '';
  let stdoutText = '';
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    keep(chunk);
    if (ready || !options.readyLine) return;
    stdoutText = (stdoutText + chunk.toString('utf8')).slice(-64 * 1024);
    const match = options.readyLine.exec(stdoutText);
    const end = match ? stdoutText.indexOf('\n', match.index) : -1;
    if (match && end >= 0) {
      ready = true;
      readyLine = stdoutText.slice(match.index, end);
    }
  });
  child.stderr!.on('data', keep);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
      running.delete(child);
      resolve();
    }),
  );
  child.once('error', (error) => {
    exited = error.message;
  });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (exited) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${options.executable} server start-dev ${exited}:\n${tail.join('\n')}`);
    if (ready && (await listening(port))) break;
    if (Date.now() > deadline) {
      await stopWith('SIGKILL');
      throw new Error(`${options.executable} server start-dev was not ready on 127.0.0.1:${port} within ${options.timeoutMs ?? 60_000} ms:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address: `127.0.0.1:${port}`, pid: child.pid!, readyLine, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
}
