import { SEARCH_ATTRIBUTES } from '@chibo/workflows';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the Temporal server chibo uses came from. */
export type TemporalServerSource = 'address' | 'cli' | 'download';

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
  /** Where to look for the CLI (tests). */
  findCli?: () => string | undefined;
  log?: (line: string) => void;
}

/**
 * The Temporal server to use, by DESIGN §4's rule: the server at TEMPORAL_ADDRESS; else `temporal server start-dev`
 * (headless, on free ports) when the Temporal CLI is on PATH; else, when allowed, a dev server downloaded by
 * @temporalio/testing (needs internet); else `TemporalUnavailableError` with TEMPORAL_INSTALL_HELP. A launched dev
 * server registers chibo's search attributes.
 */
export async function resolveTemporalServer(options: ResolveTemporalOptions): Promise<TemporalServer> {
  const log = options.log ?? (() => undefined);
  if (options.address) {
    return { address: options.address, namespace: options.namespace, source: 'address', description: `Temporal at ${options.address} (TEMPORAL_ADDRESS), namespace ${options.namespace}`, stop: async () => undefined };
  }
  const server = {
    namespace: options.namespace,
    searchAttributes: Object.values(SEARCH_ATTRIBUTES),
    ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
  };
  const cli = (options.findCli ?? findTemporalCli)();
  if (cli) {
    log(`[chibo] TEMPORAL_ADDRESS is not set; starting \`${cli} server start-dev --headless\`…`);
    const env = await TestWorkflowEnvironment.createLocal({ server: { ...server, executable: { type: 'existing-path', path: cli } } });
    return { address: env.address, namespace: options.namespace, source: 'cli', description: `Temporal dev server (${cli}) at ${env.address}, namespace ${options.namespace}`, stop: () => env.teardown() };
  }
  if (!options.allowDownload) throw new TemporalUnavailableError(`No TEMPORAL_ADDRESS and no \`temporal\` on PATH.\n${TEMPORAL_INSTALL_HELP}`);
  log('[chibo] TEMPORAL_ADDRESS is not set and `temporal` is not on PATH; downloading a Temporal dev server (@temporalio/testing)…');
  try {
    const env = await TestWorkflowEnvironment.createLocal({ server });
    return { address: env.address, namespace: options.namespace, source: 'download', description: `Temporal dev server (downloaded) at ${env.address}, namespace ${options.namespace}`, stop: () => env.teardown() };
  } catch (error) {
    throw new TemporalUnavailableError(`Downloading a Temporal dev server failed (${(error as Error).message.split('\n')[0]}).\n${TEMPORAL_INSTALL_HELP}`);
  }
}
