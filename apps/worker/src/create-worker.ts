import { createRegistry } from '@chibo/catalog';
import type { StepRegistry } from '@chibo/procedure';
import { createActivities, type ActivityDeps } from '@chibo/runtime-temporal';
import { Worker, type NativeConnection } from '@temporalio/worker';
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
}

/**
 * A Temporal worker for chibo: the procedure and batch workflows from the prebuilt bundle, and the activities bound
 * to the chibo database (projection into the read side, effects, fan-out). Scale by running more of them on the same
 * task queue; each needs the database.
 */
export async function createChiboWorker(options: ChiboWorkerOptions): Promise<Worker> {
  return Worker.create({
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
    // On SIGTERM (a deploy, a scale-down) running activities get this long to finish; an activity cut short is
    // retried by another worker, idempotently.
    shutdownGraceTime: '30 seconds',
  });
}
