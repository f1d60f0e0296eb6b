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
import type { ProcedureActivities } from './contract';
import type { WorkflowApi } from './workflow-api';
import { workflowNow } from './workflow-clock';

// Activities retry until they succeed (no maximum attempts), backing off to one minute: they write to the chibo
// database, and an outage there must delay a procedure, not fail it. Operators see the retries in the Temporal UI.
const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const { project, loadState, sealReport } = proxyActivities<Pick<ProcedureActivities, 'project' | 'loadState' | 'sealReport'>>({ startToCloseTimeout: '1 minute', retry });
const { runEffect } = proxyActivities<Pick<ProcedureActivities, 'runEffect'>>({ startToCloseTimeout: '5 minutes', retry });
// A batch of up to 5,000 cells (the dispatch step's maximum) is created in one transaction.
const { createChildren } = proxyActivities<Pick<ProcedureActivities, 'createChildren'>>({ startToCloseTimeout: '10 minutes', retry });

/** The real @temporalio/workflow API behind the WorkflowApi port. Call it inside a workflow function only. */
export function temporalWorkflowApi(): WorkflowApi {
  return {
    activities: { project, loadState, runEffect, createChildren, sealReport },
    now: workflowNow,
    condition: (fn, timeoutMs) => (timeoutMs === undefined ? condition(fn).then(() => true) : condition(fn, timeoutMs)),
    onUpdate: (def, handler, validator) => setHandler(def, handler, validator ? { validator } : {}),
    onSignal: (def, handler) => setHandler(def, handler),
    onQuery: (def, handler) => setHandler(def, handler),
    executeChild: (workflowType, options) =>
      executeChild(workflowType, {
        workflowId: options.workflowId,
        taskQueue: options.taskQueue,
        args: options.args,
        ...(options.searchAttributes ? { typedSearchAttributes: options.searchAttributes } : {}),
      }),
    startAbandonedChild: async (workflowType, options) => {
      try {
        await startChild(workflowType, {
          workflowId: options.workflowId,
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
      return { workflowId: info.workflowId, historyLength: info.historyLength, historySize: info.historySize, continueAsNewSuggested: info.continueAsNewSuggested };
    },
    allHandlersFinished,
    upsertSearchAttributes,
    log,
  };
}
