import type { Actor, Assignee, InstanceContext } from './context';
import type { ProcedureDefinition } from './definition';
import type { Localized } from './localized';
import type { FindingParams } from './state';
import type { ChildBatch } from './step';

/** Where a child instance reports to. */
export interface ParentRef {
  instanceId: string;
  /** The key the parent knows this child by (the cell code). */
  childKey: string;
}

interface At {
  /** ISO instant at which the fact happened (from the input, never from a clock). */
  at: string;
}

/** Every fact the core records about an instance. The event log is the instance. */
export type ProcedureEvent = At &
  (
    | { type: 'instance-started'; instanceId: string; definition: ProcedureDefinition; context: InstanceContext; parent?: ParentRef }
    | { type: 'step-entered'; stepId: string; visit: number }
    | { type: 'step-state-changed'; stepId: string; state: unknown }
    | { type: 'fact-recorded'; stepId: string; name: string; value: unknown }
    | {
        type: 'task-opened';
        taskId: string;
        stepId: string;
        key: string;
        task: string;
        assignee: Assignee;
        title: Localized;
        dueAt?: string;
        prefill?: Record<string, unknown>;
        standing?: true;
      }
    | { type: 'task-submitted'; taskId: string; by: Actor; input: unknown }
    | { type: 'task-cancelled'; taskId: string }
    | { type: 'timer-scheduled'; timerId: string; stepId: string; key: string; fireAt: string; payload?: Record<string, unknown> }
    | { type: 'timer-fired'; timerId: string }
    | { type: 'timer-cancelled'; timerId: string }
    | { type: 'effect-requested'; effectId: string; stepId: string; name: string; input: Record<string, unknown> }
    | { type: 'effect-completed'; effectId: string; result: Record<string, unknown> }
    | { type: 'finding-recorded'; stepId: string; code: string; detail?: string; params?: FindingParams }
    | { type: 'finding-resolved'; stepId: string; code: string; reason: string; params?: FindingParams }
    | ({ type: 'children-requested'; stepId: string } & ChildBatch)
    | { type: 'children-started'; batch: string }
    | { type: 'child-reported'; child: string; report: Record<string, unknown> }
    | { type: 'parent-notification-requested'; notificationId: string; report: Record<string, unknown> }
    | { type: 'parent-notified'; notificationId: string }
    | { type: 'step-completed'; stepId: string; output?: unknown; goto?: string }
    | { type: 'instance-completed' }
    | { type: 'instance-failed'; reason: string }
  );

export type EventType = ProcedureEvent['type'];
/** One event type, narrowed. */
export type EventOf<T extends EventType> = Extract<ProcedureEvent, { type: T }>;
