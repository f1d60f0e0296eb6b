import type { Actor, InstanceState, ProcedureEvent, StepRegistry } from '@chibo/procedure';
import type { Clock, IssueGuidanceInput } from '@chibo/runtime-embedded';

/**
 * What the API needs from a runtime. The embedded runtime implements it today; the Temporal runtime implements the
 * same surface, so switching engines changes no controller and no response shape. A class (not a string) is the DI
 * token.
 */
export abstract class ProcedureEngine {
  abstract readonly registry: StepRegistry;
  abstract readonly clock: Clock;
  abstract issueGuidance(input: IssueGuidanceInput): Promise<{ guidanceId: string; instanceId: string }>;
  /** Starts an instance an org unit runs for itself, not under a guidance (a cell's year, `cell-year`). */
  abstract startOrgInstance(input: { org: string; instanceId: string; procedure: string; kind?: 'cell' | 'committee' }): Promise<{ instanceId: string }>;
  abstract submit(instanceId: string, taskId: string, input: unknown, by: Actor): Promise<InstanceState>;
  abstract state(instanceId: string): Promise<InstanceState>;
  abstract events(instanceId: string): Promise<Array<{ seq: number; event: ProcedureEvent; recordedAt: string }>>;
  abstract drain(timeoutMs?: number): Promise<void>;
  /** Simulated clock only. */
  abstract advanceTo(at: string): Promise<void>;
}
