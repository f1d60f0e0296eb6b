import type { ProcedureWorkflowInput, ProcedureWorkflowResult } from './contract';
import { ProcedureInterpreter } from './procedure-interpreter';
import { temporalWorkflowApi } from './temporal-workflow-api';

/** The generic procedure workflow: interprets one instance's procedure definition with the pure core. */
export async function procedureWorkflow(input: ProcedureWorkflowInput): Promise<ProcedureWorkflowResult> {
  return new ProcedureInterpreter(input, temporalWorkflowApi()).run();
}
