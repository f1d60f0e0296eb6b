import { SEARCH_ATTRIBUTES } from '@chibo/workflows';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DEV_SERVER_READY_LINE, DEV_SERVER_RELATIVE_PATH, findDevServer, startDevServer } from './dev-server';

/**
 * Where the Temporal server chibo uses came from: TEMPORAL_ADDRESS; chibo's own dev server (apps/temporal-dev-server,
 * the real server from its Go module, built when Go is installed); the Temporal CLI; @temporalio/testing's download.
 */
export type TemporalServerSource = 'address' | 'dev-server' | 'cli' | 'download';

export interface TemporalServer {
  address: string;
  namespace: string;
  source: TemporalServerSource;
  /** One line for the console: which server this is. */
  description: string;
  /** Stops a server chibo launched (nothing for one at TEMPORAL_ADDRESS). */
  stop(): Promise<void>;
}

/** No Temporal server can be reached or launched here; the message says exactly what to install or set. */
export class TemporalUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalUnavailableError';
  }
}

/** What to do when there is no Temporal server (printed by `npm start`, `chibo scenario run` and the test suite). */
export const TEMPORAL_INSTALL_HELP = [
  'CHIBO_ENGINE=temporal needs a Temporal server. Either:',
  '  - set TEMPORAL_ADDRESS=host:port of a running Temporal frontend (and TEMPORAL_NAMESPACE if not "default"), or',
  `  - install Go 1.26 or newer (https://go.dev/dl/) and run \`npm run build\`: it builds chibo's Temporal dev server`,
  `    (${DEV_SERVER_RELATIVE_PATH}, the real Temporal server on SQLite), which chibo then starts itself, or`,
  '  - install the Temporal CLI so that `temporal` is on PATH; chibo then runs `temporal server start-dev` itself:',
  '      macOS: brew install temporal',
  '      Linux/Windows: download from https://temporal.download/cli/archive/latest?platform=linux&arch=amd64',
  '                     (or platform=darwin|windows, arch=arm64), unpack, and put `temporal` on PATH',
  '      see https://docs.temporal.io/cli#install',
].join('\n');

/** The `temporal` executable on PATH, if any. */
export function findTemporalCli(path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const name of process.platform === 'win32' ? ['temporal.exe', 'temporal'] : ['temporal']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface ResolveTemporalOptions {
  /** TEMPORAL_ADDRESS. */
  address?: string;
  namespace: string;
  /** Last resort (a machine with internet): let @temporalio/testing download a dev server. */
  allowDownload: boolean;
  /** Keep a launched dev server's data in this SQLite file (npm start); in memory when unset. */
  dbFilename?: string;
  /** Where to look for chibo's dev server binary (tests; default findDevServer). */
  findDevServer?: () => string | undefined;
  /** Where to look for the CLI (tests). */
  findCli?: () => string | undefined;
  log?: (line: string) => void;
}

/**
 * The Temporal server to use, by DESIGN §4's rule: the server at TEMPORAL_ADDRESS; else chibo's own dev server
 * (apps/temporal-dev-server/bin, built by `npm run build` when Go is installed) started headless on a free port; else
 * `temporal server start-dev` when the Temporal CLI is on PATH; else, when allowed, a dev server downloaded by
 * @temporalio/testing (needs internet); else `TemporalUnavailableError` with TEMPORAL_INSTALL_HELP. A launched dev
 * server registers the namespace and chibo's search attributes. One line (`log`) says which one was chosen.
 */
export async function resolveTemporalServer(options: ResolveTemporalOptions): Promise<TemporalServer> {
  const log = options.log ?? (() => undefined);
  const ns = options.namespace;
  if (options.address) {
    const description = `Temporal at ${options.address} (TEMPORAL_ADDRESS), namespace ${ns}`;
    log(`[chibo] Temporal: ${description}`);
    return { address: options.address, namespace: ns, source: 'address', description, stop: async () => undefined };
  }
  const searchAttributes = Object.values(SEARCH_ATTRIBUTES);
  const store = options.dbFilename ? `SQLite file ${options.dbFilename}` : 'SQLite in memory';
  const devServer = (options.findDevServer ?? findDevServer)();
  if (devServer) {
    log(`[chibo] Temporal: TEMPORAL_ADDRESS is not set; starting chibo's Temporal dev server (${devServer}, ${store})…`);
    const server = await startDevServer({ executable: devServer, namespace: ns, searchAttributes, readyLine: DEV_SERVER_READY_LINE, ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}) });
    const version = /go\.temporal\.io\/server (\S+)/.exec(server.readyLine)?.[1];
    const description = `chibo's Temporal dev server (go.temporal.io/server ${version ?? '?'}, ${store}) at ${server.address}, namespace ${ns}`;
    return { address: server.address, namespace: ns, source: 'dev-server', description, stop: () => server.stop() };
  }
  const cli = (options.findCli ?? findTemporalCli)();
  if (cli) {
    log(`[chibo] Temporal: TEMPORAL_ADDRESS is not set and chibo's dev server is not built (no Go); starting \`${cli} server start-dev --headless\` (${store})…`);
    const server = await startDevServer({ executable: cli, namespace: ns, searchAttributes, ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}) });
    return { address: server.address, namespace: ns, source: 'cli', description: `Temporal dev server (${cli}) at ${server.address}, namespace ${ns}`, stop: () => server.stop() };
  }
  if (!options.allowDownload) throw new TemporalUnavailableError(`No TEMPORAL_ADDRESS, no chibo dev server built (${DEV_SERVER_RELATIVE_PATH}: needs Go) and no \`temporal\` on PATH.\n${TEMPORAL_INSTALL_HELP}`);
  log("[chibo] Temporal: TEMPORAL_ADDRESS is not set, chibo's dev server is not built (no Go) and `temporal` is not on PATH; downloading a Temporal dev server (@temporalio/testing)…");
  try {
    const server = { namespace: ns, searchAttributes, ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}) };
    const env = await TestWorkflowEnvironment.createLocal({ server });
    return { address: env.address, namespace: ns, source: 'download', description: `Temporal dev server (downloaded) at ${env.address}, namespace ${ns}`, stop: () => env.teardown() };
  } catch (error) {
    throw new TemporalUnavailableError(`Downloading a Temporal dev server failed (${(error as Error).message.split('\n')[0]}).\n${TEMPORAL_INSTALL_HELP}`);
  }
}
