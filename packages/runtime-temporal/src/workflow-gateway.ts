import { RejectedError } from '@chibo/host';
import type { Rejection } from '@chibo/procedure';
import { REJECTED_FAILURE_TYPE, WORKFLOW_TASK_TIMEOUT } from '@chibo/workflows';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type QueryDefinition, type SearchAttributePair, type UpdateDefinition } from '@temporalio/common';

/** The workflow id is taken by a running (or retained) execution. */
export class WorkflowExistsError extends Error {
  constructor(readonly workflowId: string) {
    super(`A workflow with id ${workflowId} already exists`);
    this.name = 'WorkflowExistsError';
  }
}

/** The workflow does not exist or has closed: it takes no more updates. */
export class WorkflowClosedError extends Error {
  constructor(readonly workflowId: string, cause?: unknown) {
    super(`Workflow ${workflowId} is not running`, { cause });
    this.name = 'WorkflowClosedError';
  }
}

export interface StartOptions {
  workflowId: string;
  args: unknown[];
  searchAttributes?: SearchAttributePair[];
}

/**
 * What the engine needs from Temporal's client: start a workflow, send it an update, query it. Errors come out as
 * chibo's: a refused submission is the embedded runtime's `RejectedError` (so the API maps it the same way), a taken
 * id `WorkflowExistsError`, a closed workflow `WorkflowClosedError`.
 */
export interface WorkflowGateway {
  start(workflowType: string, options: StartOptions): Promise<void>;
  update<Ret, Args extends unknown[]>(workflowId: string, def: UpdateDefinition<Ret, Args>, args: Args): Promise<Ret>;
  query<Ret>(workflowId: string, def: QueryDefinition<Ret, []>): Promise<Ret>;
  /** Ends a running workflow now (nothing when it is not running). */
  terminate(workflowId: string, reason: string): Promise<void>;
}

/** The gateway over a real Temporal client, on one task queue. */
export function temporalGateway(client: Client, taskQueue: string): WorkflowGateway {
  return {
    async start(workflowType, options) {
      try {
        await client.workflow.start(workflowType, {
          taskQueue,
          workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
          workflowId: options.workflowId,
          args: options.args,
          ...(options.searchAttributes ? { typedSearchAttributes: options.searchAttributes } : {}),
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) throw new WorkflowExistsError(options.workflowId);
        throw error;
      }
    },
    async update<Ret, Args extends unknown[]>(workflowId: string, def: UpdateDefinition<Ret, Args>, args: Args): Promise<Ret> {
      try {
        // By name: the definition only carries the name; the arguments go as they are (none for `settle`).
        return await client.workflow.getHandle(workflowId).executeUpdate<Ret, [unknown, ...unknown[]]>(def.name, { args: args as unknown as [unknown, ...unknown[]] });
      } catch (error) {
        throw fromTemporal(workflowId, error);
      }
    },
    async query<Ret>(workflowId: string, def: QueryDefinition<Ret, []>): Promise<Ret> {
      try {
        return await client.workflow.getHandle(workflowId).query(def);
      } catch (error) {
        throw fromTemporal(workflowId, error);
      }
    },
    async terminate(workflowId, reason) {
      try {
        await client.workflow.getHandle(workflowId).terminate(reason);
      } catch (error) {
        if (!(fromTemporal(workflowId, error) instanceof WorkflowClosedError)) throw error;
      }
    },
  };
}

/** Maps a Temporal client error to chibo's (exported for its unit test). */
export function fromTemporal(workflowId: string, error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type === REJECTED_FAILURE_TYPE && cause.details?.[0]) return new RejectedError(cause.details[0] as Rejection);
    return error;
  }
  if (error instanceof WorkflowNotFoundError) return new WorkflowClosedError(workflowId, error);
  // Updating a workflow that has completed: the server answers "workflow execution already completed".
  if (error instanceof Error && /already completed|workflow execution already completed/i.test(error.message)) return new WorkflowClosedError(workflowId, error);
  return error;
}
