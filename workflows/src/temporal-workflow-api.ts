import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { WORKFLOW_TASK_TIMEOUT, type ProcedureActivities } from './contract';
import type { WorkflowApi } from './workflow-api';
import { workflowNow } from './workflow-clock';

// Retries are bounded (ADR 0018). Activities that write the read side retry for about half an hour (backing off to a
// minute), so a database outage delays a procedure; past that the workflow fails visibly (ChiboWorkflowError in the
// Temporal UI) and an operator resets it. An effect retries for about five minutes, then its instance fails with the
// reason. Errors retrying cannot cure are thrown non-retryable by the activities (ChiboEffectInput, ChiboNotFound,
// ChiboUnknownEffect, …) and stop at the first attempt.
const PERMANENT = ['ChiboEffectInput', 'ChiboPermanentEffectError', 'ChiboUnknownEffect', 'ChiboNotFound'];
const readSide = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 36, nonRetryableErrorTypes: PERMANENT } as const;
const effect = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: PERMANENT } as const;
// Every activity heartbeats while it runs (the worker's interceptor, every 2 s): when its worker dies, the server
// retries it elsewhere after the heartbeat timeout, not after the whole start-to-close timeout.
const { project, loadState, loadStart, sealReport, postReport, takeReports } = proxyActivities<Pick<ProcedureActivities, 'project' | 'loadState' | 'loadStart' | 'sealReport' | 'postReport' | 'takeReports'>>({ startToCloseTimeout: '1 minute', heartbeatTimeout: '10 seconds', retry: readSide });
const { runEffect } = proxyActivities<Pick<ProcedureActivities, 'runEffect'>>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '15 seconds', retry: effect });
// A batch of up to 5,000 cells (the dispatch step's maximum) is created in one transaction.
const { createChildren } = proxyActivities<Pick<ProcedureActivities, 'createChildren'>>({ startToCloseTimeout: '10 minutes', heartbeatTimeout: '15 seconds', retry: readSide });


/** The real @temporalio/workflow API behind the WorkflowApi port. Call it inside a workflow function only. */
export function temporalWorkflowApi(): WorkflowApi {
  return {
    activities: { project, loadState, loadStart, runEffect, createChildren, sealReport, postReport, takeReports },
    now: workflowNow,
    condition: (fn, timeoutMs) => (timeoutMs === undefined ? condition(fn).then(() => true) : condition(fn, timeoutMs)),
    onUpdate: (def, handler, validator) => setHandler(def, handler, validator ? { validator } : {}),
    onSignal: (def, handler) => setHandler(def, handler),
    onQuery: (def, handler) => setHandler(def, handler),
    executeChild: (workflowType, options) =>
      executeChild(workflowType, {
        workflowId: options.workflowId,
        workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
        taskQueue: options.taskQueue,
        args: options.args,
        ...(options.searchAttributes ? { typedSearchAttributes: options.searchAttributes } : {}),
      }),
    startAbandonedChild: async (workflowType, options) => {
      try {
        await startChild(workflowType, {
          workflowId: options.workflowId,
          workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
          taskQueue: options.taskQueue,
          args: options.args,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          ...(options.searchAttributes ? { typedSearchAttributes: options.searchAttributes } : {}),
        });
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    },
    signal: (workflowId, def, ...args) => getExternalWorkflowHandle(workflowId).signal(def, ...args),
    continueAsNew: (input) => continueAsNew<(input: unknown) => Promise<unknown>>(input),
    patched,
    info: () => {
      const info = workflowInfo();
      return { workflowId: info.workflowId, runId: info.runId, historyLength: info.historyLength, historySize: info.historySize, continueAsNewSuggested: info.continueAsNewSuggested };
    },
    allHandlersFinished,
    upsertSearchAttributes,
    log,
  };
}
