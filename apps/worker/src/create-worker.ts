import { createRegistry } from '@chibo/catalog';
import type { StepRegistry } from '@chibo/procedure';
import { createActivities, type ActivityDeps } from '@chibo/runtime-temporal';
import { Worker, type ActivityInterceptorsFactory, type NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { workflowSource } from './workflow-source';

export interface ChiboWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  registry?: StepRegistry;
  /** The audit hooks (as the embedded runtime takes them): events chained, reports sealed, report documents sealed. */
  onEvents?: ActivityDeps['onEvents'];
  sealReport?: ActivityDeps['sealReport'];
  effects?: ActivityDeps['effects'];
  /** A workflow bundle other than the one built with this package (tests). */
  bundlePath?: string;
  /** Activities run at once by this worker (default 20: each holds a database connection while it runs). */
  maxConcurrentActivities?: number;
  /**
   * Workflow tasks run at once by this worker (default 10). A worker that takes more than its CPUs can turn around
   * within the workflow-task timeout lets them time out on the server and be done again; the rest wait, harmlessly,
   * in the server's task queue (or for another worker).
   */
  maxConcurrentWorkflowTasks?: number;
  /**
   * Workflows kept in memory between their tasks (default {@link DEFAULT_WORKFLOW_CACHE}; TEMPORAL_WORKFLOW_CACHE).
   * Left to the SDK, the cache is sized from the heap limit: at 2,500 open cells the API process grew to 5.1 GB.
   */
  maxCachedWorkflows?: number;
}

/** Cached workflows per worker when not configured: roughly 0.5–1 GB of a worker's memory. */
export const DEFAULT_WORKFLOW_CACHE = 500;

/**
 * How often a running activity tells the server it is alive. The workflows give every activity a heartbeat timeout
 * (workflows/src/temporal-workflow-api.ts), so an activity whose worker died (SIGKILL, a lost machine) is retried on
 * another worker within that timeout instead of after its whole start-to-close timeout (up to ten minutes).
 */
export const HEARTBEAT_EVERY_MS = 2_000;

/**
 * How long one workflow activation may run in the worker's V8 sandbox. The SDK's default is 5 s, and on a loaded
 * machine (a 10,000-cell fan-out on two cores) creating a workflow's context took longer: the sandbox's timeout then
 * fired, and once it crashed the whole process ("async hook stack has become corrupted", the Node bug nodejs/node#38503
 * behind vm timeouts). chibo's workflow code is deterministic and short; a slow activation here means a starved CPU,
 * which the 30 s workflow-task timeout already hands to another worker. The SDK accepts the option without typing it.
 */
const ISOLATE_TIMEOUT = { isolateExecutionTimeout: '60 seconds' } as Record<string, unknown>;

/** Heartbeats for every chibo activity while it runs (they are short database transactions, not loops). */
export const heartbeating: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      ctx.heartbeat();
      const timer = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await next(input);
      } finally {
        clearInterval(timer);
      }
    },
  },
});

/**
 * A Temporal worker for chibo: the procedure and batch workflows from the prebuilt bundle, and the activities bound
 * to the chibo database (projection into the read side, effects, fan-out). Scale by running more of them on the same
 * task queue; each needs the database.
 */
export async function createChiboWorker(options: ChiboWorkerOptions): Promise<Worker> {
  return Worker.create({
    ...ISOLATE_TIMEOUT,
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowSource(options.bundlePath),
    activities: createActivities({
      dataSource: options.dataSource,
      registry: options.registry ?? createRegistry(),
      ...(options.onEvents ? { onEvents: options.onEvents } : {}),
      ...(options.sealReport ? { sealReport: options.sealReport } : {}),
      ...(options.effects ? { effects: options.effects } : {}),
    }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 20,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks ?? 10,
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_WORKFLOW_CACHE,
    interceptors: { activity: [heartbeating] },
    // On SIGTERM (a deploy, a scale-down) running activities get this long to finish; an activity cut short is
    // retried by another worker, idempotently.
    shutdownGraceTime: '30 seconds',
  });
}
