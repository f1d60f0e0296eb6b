import { createRegistry } from '@chibo/catalog';
import type { Rejection } from '@chibo/procedure';
import { RejectedError } from '@chibo/runtime-embedded';
import { WorkflowClosedError, WorkflowExistsError, type StartOptions, type WorkflowGateway } from '@chibo/runtime-temporal';
import {
  childReportSignal,
  ProcedureInterpreter,
  reportsWaitingSignal,
  REJECTED_FAILURE_TYPE,
  runDispatchBatch,
  WORKFLOW_TYPES,
  type ChildOptions,
  type ChildReportArgs,
  type DispatchBatchInput,
  type ProcedureActivities,
  type ProcedureWorkflowInput,
} from '@chibo/workflows';
import { ContinueAsNewCalled, WorkflowApiDouble } from '@chibo/workflows/testing';
import { ApplicationFailure, type QueryDefinition, type UpdateDefinition } from '@temporalio/common';

interface Execution {
  type: string;
  api: WorkflowApiDouble;
  status: 'running' | 'completed' | 'failed' | 'continued';
  result: Promise<unknown>;
  runs: number;
}

/**
 * The chibo workflows (the same ProcedureInterpreter and runDispatchBatch the bundle runs) on WorkflowApiDouble, one
 * double per workflow execution, wired together in memory: children start as executions, signals reach their
 * target, continue-as-new starts the next run, and the engine talks to it through the WorkflowGateway it uses for
 * Temporal. It is NOT Temporal (no server, no history, no replay): it shows that the workflow code, the activities and
 * the engine carry out the procedure together, on a machine where no Temporal server can run.
 */
export class DoubleCluster implements WorkflowGateway {
  readonly executions = new Map<string, Execution>();
  readonly failures: Array<{ workflowId: string; error: unknown }> = [];
  /** Child workflows started by each workflow, by id (what a history would show). */
  readonly childrenOf = new Map<string, string[]>();
  private readonly registry = createRegistry();

  constructor(private readonly activities: ProcedureActivities) {}

  async start(workflowType: string, options: StartOptions): Promise<void> {
    if (this.executions.get(options.workflowId)?.status === 'running') throw new WorkflowExistsError(options.workflowId);
    this.launch(workflowType, options.workflowId, options.args[0]);
  }

  async update<Ret, Args extends unknown[]>(workflowId: string, def: UpdateDefinition<Ret, Args>, args: Args): Promise<Ret> {
    const execution = this.executions.get(workflowId);
    if (!execution || execution.status !== 'running') throw new WorkflowClosedError(workflowId);
    const outcome = await execution.api.update(def, ...args);
    if (outcome.status === 'completed') return outcome.value;
    const error = outcome.error;
    if (error instanceof ApplicationFailure && error.type === REJECTED_FAILURE_TYPE) throw new RejectedError(error.details?.[0] as Rejection);
    throw error;
  }

  async query<Ret>(workflowId: string, def: QueryDefinition<Ret, []>): Promise<Ret> {
    const execution = this.executions.get(workflowId);
    if (!execution) throw new WorkflowClosedError(workflowId);
    return execution.api.query(def);
  }

  async terminate(workflowId: string): Promise<void> {
    const execution = this.executions.get(workflowId);
    if (execution?.status === 'running') execution.status = 'completed';
  }

  /** Waits until every execution has nothing more to do. */
  async settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      for (const execution of [...this.executions.values()]) if (execution.status === 'running') await execution.api.settle();
    }
  }

  private launch(type: string, workflowId: string, input: unknown, runs = 0): Execution {
    const api = new WorkflowApiDouble({
      workflowId,
      run: runs,
      activities: this.activities,
      executeChild: (childType, options) => this.child(workflowId, childType, options).result,
      startAbandonedChild: async (childType, options) => {
        if (this.executions.get(options.workflowId)?.status === 'running') return false;
        this.child(workflowId, childType, options);
        return true;
      },
      signal: async (target, name, args) => {
        const execution = this.executions.get(target);
        if (!execution || execution.status !== 'running') throw new Error(`workflow execution already completed: ${target}`);
        if (name === reportsWaitingSignal.name) return execution.api.signalIn(reportsWaitingSignal);
        if (name !== childReportSignal.name) throw new Error(`unknown signal ${name}`);
        execution.api.signalIn(childReportSignal, args[0] as ChildReportArgs);
      },
    });
    const result =
      type === WORKFLOW_TYPES.procedure
        ? new ProcedureInterpreter(input as ProcedureWorkflowInput, api, this.registry).run()
        : runDispatchBatch(input as DispatchBatchInput, api);
    const execution: Execution = { type, api, status: 'running', result, runs };
    this.executions.set(workflowId, execution);
    result.then(
      () => (execution.status = 'completed'),
      (error: unknown) => {
        if (error instanceof ContinueAsNewCalled) {
          execution.status = 'continued';
          this.launch(type, workflowId, error.input, runs + 1);
        } else {
          execution.status = 'failed';
          this.failures.push({ workflowId, error });
        }
      },
    );
    return execution;
  }

  private child(parentId: string, type: string, options: ChildOptions): Execution {
    this.childrenOf.set(parentId, [...(this.childrenOf.get(parentId) ?? []), options.workflowId]);
    return this.launch(type, options.workflowId, options.args[0]);
  }
}
