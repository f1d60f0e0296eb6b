import { HOSTED_COMMANDS, type ProcedureCommand, type ProcedureEvent } from '@chibo/procedure';
import { WORKFLOW_TYPES, type ChildReportArgs, type DispatchBatchInput, type HostSettings, type OutboxRef, type RunEffectArgs } from './contract';
import { batchWorkflowIdOf, workflowIdOf } from './naming';

/**
 * What Temporal does for one of the core's commands: the whole command-to-Temporal mapping, pure so it is unit-tested
 * without a server. Instants (`at`) are added when the action runs.
 */
export type TemporalAction =
  /** An open task lives in the read side until someone submits it (an Update); completion ends the workflow. */
  | { kind: 'none'; command: 'open-task' | 'complete' }
  /** A durable timer (system clock) or a wait for the host's `fire-timer` update (simulated clock). */
  | { kind: 'timer'; timerId: string; fireAt: string }
  /** An effect as an activity, idempotent by its key. */
  | { kind: 'activity'; effectId: string; args: Omit<RunEffectArgs, 'at'> }
  /** A fan-out batch as a child workflow that creates and starts the batch's instances. */
  | { kind: 'child-workflow'; workflowType: typeof WORKFLOW_TYPES.dispatchBatch; workflowId: string; batch: string; input: Omit<DispatchBatchInput, 'at'> }
  /** A report for the parent as a Signal to the parent's workflow (sealed by the `sealReport` activity first). */
  | { kind: 'signal'; workflowId: string; parentInstanceId: string; notificationId: string; args: Omit<ChildReportArgs, 'at'> };

/** Commands whose work the workflow carries out and waits for before it may end or continue as new. */
export const OUTBOUND: ReadonlySet<ProcedureCommand['type']> = new Set(['run-effect', 'start-children', 'notify-parent']);
/** Commands recorded in the read side's outbox while in flight (what `drain` waits for, except timers). */
export const RECORDED: ReadonlySet<ProcedureCommand['type']> = HOSTED_COMMANDS;

export function planCommand(command: ProcedureCommand, ctx: { instanceId: string; host: HostSettings; guidanceId: string | null }): TemporalAction {
  switch (command.type) {
    case 'open-task':
    case 'complete':
      return { kind: 'none', command: command.type };
    case 'start-timer':
      return { kind: 'timer', timerId: command.id.slice('timer:'.length), fireAt: command.fireAt };
    case 'run-effect':
      return {
        kind: 'activity',
        effectId: command.id.slice('effect:'.length),
        args: { instanceId: ctx.instanceId, name: command.name, input: command.input, idempotencyKey: command.idempotencyKey },
      };
    case 'start-children':
      return {
        kind: 'child-workflow',
        workflowType: WORKFLOW_TYPES.dispatchBatch,
        workflowId: batchWorkflowIdOf(ctx.host, ctx.instanceId, command.batch),
        batch: command.batch,
        input: {
          host: ctx.host,
          parentInstanceId: command.parent.instanceId,
          batch: command.batch,
          procedure: command.procedure,
          children: command.children,
          ...(command.parent.guidance ? { guidance: command.parent.guidance } : {}),
          guidanceId: ctx.guidanceId,
        },
      };
    case 'notify-parent': {
      const notificationId = command.id.slice('notify:'.length);
      return {
        kind: 'signal',
        workflowId: workflowIdOf(ctx.host, command.parent.instanceId),
        parentInstanceId: command.parent.instanceId,
        notificationId,
        args: { child: command.parent.childKey, report: command.report, from: { instanceId: ctx.instanceId, commandId: command.id } },
      };
    }
  }
}

/**
 * The outbox rows that events close: an effect's result, a started batch, a fired or cancelled timer. A delivered
 * report is closed by the parent when it records it (so `drain` never sees a report neither side holds), not here.
 */
export function doneBy(instanceId: string, events: readonly ProcedureEvent[]): OutboxRef[] {
  const out: OutboxRef[] = [];
  for (const event of events) {
    if (event.type === 'effect-completed') out.push({ instanceId, commandId: `effect:${event.effectId}` });
    else if (event.type === 'children-started') out.push({ instanceId, commandId: `children:${event.batch}` });
    else if (event.type === 'timer-fired' || event.type === 'timer-cancelled') out.push({ instanceId, commandId: `timer:${event.timerId}` });
  }
  return out;
}
