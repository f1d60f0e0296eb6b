import type { StepRegistry } from '@chibo/procedure';
import type { Clock } from '@chibo/host';
import { SEARCH_ATTRIBUTES } from '@chibo/workflows';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { temporalConnectionOptions, type TemporalSecurity } from './connection-options';
import { TemporalEngine } from './temporal-engine';
import { TEMPORAL_INSTALL_HELP, TemporalUnavailableError } from './temporal-server';
import { temporalGateway } from './workflow-gateway';

/** QUEUE_PREFIX's default: an installation that did not set it uses plain business keys as workflow ids. */
export const DEFAULT_QUEUE_PREFIX = 'chibo';

/**
 * Task queue and workflow-id prefix of an installation, from QUEUE_PREFIX (which already separates installations
 * sharing one Redis): task queue `<prefix>-procedures`; workflow ids are the business keys, after `<prefix>/` unless
 * the prefix is the default. Two installations (or test runs) sharing a namespace then never take each other's tasks
 * nor collide on ids.
 */
export function temporalNaming(queuePrefix: string): { taskQueue: string; workflowIdPrefix: string } {
  return { taskQueue: `${queuePrefix}-procedures`, workflowIdPrefix: queuePrefix === DEFAULT_QUEUE_PREFIX ? '' : `${queuePrefix}/` };
}

/** Whether the namespace has chibo's search attributes (they must be registered before a workflow may set them). */
export async function hasSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  try {
    const response = await connection.operatorService.listSearchAttributes({ namespace });
    const custom = response.customAttributes ?? {};
    return Object.values(SEARCH_ATTRIBUTES).every((key) => key.name in custom);
  } catch {
    return false;
  }
}

/**
 * Makes sure the namespace has chibo's search attributes: registers the missing ones (as Keyword) and waits until the
 * namespace serves them. Answers whether it has them; a server that refuses (no operator permission on a managed
 * cluster) leaves chibo running without them, which the caller says once.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string, options: { waitMs?: number } = {}): Promise<{ present: boolean; registered: string[]; error?: string }> {
  const custom = async () => (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  let existing: Record<string, unknown>;
  try {
    existing = await custom();
  } catch (error) {
    return { present: false, registered: [], error: (error as Error).message };
  }
  const missing = Object.values(SEARCH_ATTRIBUTES).filter((key) => !(key.name in existing));
  if (!missing.length) return { present: true, registered: [] };
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
    });
  } catch (error) {
    return { present: false, registered: [], error: (error as Error).message };
  }
  // The namespace cache of every frontend picks them up within seconds.
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  for (;;) {
    const now = await custom().catch(() => ({}) as Record<string, unknown>);
    if (missing.every((key) => key.name in now)) return { present: true, registered: missing.map((k) => k.name) };
    if (Date.now() > deadline) return { present: false, registered: [], error: `registered ${missing.map((k) => k.name).join(', ')} but the namespace did not serve them within ${options.waitMs ?? 15_000} ms` };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface ConnectTemporalEngineOptions {
  address: string;
  namespace: string;
  queuePrefix: string;
  dataSource: DataSource;
  registry: StepRegistry;
  clock: Clock;
  logger?: Pick<Console, 'warn' | 'error'>;
  /** TLS and API key for a cluster or Temporal Cloud (plain gRPC when absent). */
  security?: TemporalSecurity;
  /** Signals after which a workflow run continues as new (TEMPORAL_SIGNALS_PER_RUN; the workflows' default when absent). */
  maxSignalsPerRun?: number;
}

/** Connects to Temporal and builds the engine; closing the engine closes the connection. */
export async function connectTemporalEngine(options: ConnectTemporalEngineOptions): Promise<TemporalEngine> {
  const secured = options.security?.tls !== undefined || options.security?.apiKey !== undefined;
  const connection = await Connection.connect({ ...temporalConnectionOptions(options.address, options.security), connectTimeout: '10 seconds' }).catch((error: unknown) => {
    const check = secured ? 'Check TEMPORAL_ADDRESS and the TEMPORAL_TLS_* / TEMPORAL_API_KEY settings (a server that wants TLS refuses plain connections, and the other way round).' : 'Is it running? Check TEMPORAL_ADDRESS (a server that wants TLS needs the TEMPORAL_TLS_* settings).';
    throw new TemporalUnavailableError(`Cannot reach the Temporal server at ${options.address} (${(error as Error).message}). ${check}\n${TEMPORAL_INSTALL_HELP}`);
  });
  const client = new Client({ connection, namespace: options.namespace });
  const { taskQueue, workflowIdPrefix } = temporalNaming(options.queuePrefix);
  const ensured = await ensureSearchAttributes(connection, options.namespace);
  const searchAttributes = ensured.present;
  if (ensured.registered.length) options.logger?.warn?.(`[chibo] Registered the search attributes ${ensured.registered.join(', ')} in namespace ${options.namespace}.`);
  if (!searchAttributes) {
    options.logger?.warn?.(
      `[chibo] Namespace ${options.namespace} lacks the search attributes ${Object.values(SEARCH_ATTRIBUTES).map((k) => k.name).join(', ')} and chibo could not register them (${ensured.error ?? 'unknown reason'}): workflows run without them (docs/temporal.md says how to add them).`,
    );
  }
  return new TemporalEngine({
    gateway: temporalGateway(client, taskQueue),
    dataSource: options.dataSource,
    registry: options.registry,
    clock: options.clock,
    taskQueue,
    workflowIdPrefix,
    searchAttributes,
    ...(options.maxSignalsPerRun ? { maxSignalsPerRun: options.maxSignalsPerRun } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    onClose: () => connection.close(),
  });
}
