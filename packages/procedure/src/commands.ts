import type { GuidanceRef, ProcedureRef } from './context';
import type { ParentRef } from './events';
import type { TaskRecord } from './state';
import type { ChildSpec } from './step';

/**
 * What the host must do for an instance. Every command has an id that is stable across restarts, so a host that
 * re-reads `decide(state)` after a crash can tell what it already did.
 */
export type ProcedureCommand =
  | { type: 'open-task'; id: string; task: TaskRecord }
  | { type: 'start-timer'; id: string; fireAt: string }
  | { type: 'run-effect'; id: string; name: string; input: Record<string, unknown>; idempotencyKey: string }
  | {
      type: 'start-children';
      id: string;
      batch: string;
      procedure: ProcedureRef;
      children: ChildSpec[];
      /** The parent as the children will know it: its id and the guidance they carry out (not its whole context). */
      parent: { instanceId: string; guidance?: GuidanceRef };
    }
  | { type: 'notify-parent'; id: string; parent: ParentRef; report: Record<string, unknown> }
  | { type: 'complete'; id: string; status: 'completed' | 'failed' };

export type CommandType = ProcedureCommand['type'];
