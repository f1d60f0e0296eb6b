import type { RunningServer } from '@chibo/api';
import { createHost, enabledEffects } from '@chibo/catalog-node';
import { resolveTemporalServer, temporalConnectionOptions, temporalNaming, type TemporalSecurity, type TemporalServer } from '@chibo/runtime-temporal';
import { createChiboWorker } from '@chibo/worker';
import { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { NotificationConfig } from '@chibo/notifications';

/**
 * The Temporal server for a chibo command, by DESIGN §4's rule: TEMPORAL_ADDRESS; else chibo's own dev server
 * (apps/temporal-dev-server/bin, the real Temporal server on SQLite, built by `npm run build` when Go is installed);
 * else `temporal server start-dev` from the CLI on PATH; else, for `npm start` only, a dev server downloaded by
 * @temporalio/testing. One line on stderr says which was chosen. Throws TemporalUnavailableError, whose message says
 * what to install, when there is none.
 */
export function temporalServerFor(options: { address: string | undefined; namespace: string; allowDownload: boolean; dbFilename?: string }): Promise<TemporalServer> {
  return resolveTemporalServer({
    ...(options.address ? { address: options.address } : {}),
    namespace: options.namespace,
    allowDownload: options.allowDownload,
    ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
    log: (line) => console.error(line),
  });
}

/**
 * A Temporal worker in this process, for one-machine use (`npm start`, scenario runs): the procedure workflows and
 * their activities on the server's data source, with the server's audit hooks, as apps/worker runs them in a
 * cluster. Stopping shuts it down gracefully (running activities finish).
 */
export { temporalSecurityOf } from '@chibo/runtime-temporal';

export async function startInProcessWorker(options: {
  address: string;
  namespace: string;
  queuePrefix: string;
  dataSource: DataSource;
  server: Pick<RunningServer, 'audit'>;
  /** SMTP_URL, SMTP_FROM, PUBLIC_URL: notify queues e-mail in the activities when SMTP_URL is set. */
  notifications?: NotificationConfig;
  /** Workflows the worker keeps cached (TEMPORAL_WORKFLOW_CACHE; default the worker's). */
  workflowCache?: number;
  /** TLS and API key when the server is a cluster reached through TEMPORAL_ADDRESS (none for a dev server chibo started). */
  security?: TemporalSecurity;
}): Promise<{ stop(): Promise<void> }> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(options.address, options.security));
  try {
    const worker = await createChiboWorker({
      connection,
      namespace: options.namespace,
      taskQueue: temporalNaming(options.queuePrefix).taskQueue,
      dataSource: options.dataSource,
      ...(options.workflowCache ? { maxCachedWorkflows: options.workflowCache } : {}),
      ...createHost({ audit: options.server.audit, effects: enabledEffects(options.notifications) }),
    });
    const running = worker.run();
    return {
      stop: async () => {
        worker.shutdown();
        await running;
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
