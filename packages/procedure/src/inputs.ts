import type { Actor, InstanceContext } from './context';
import type { ProcedureDefinition } from './definition';
import type { ParentRef } from './events';

/** Everything that can happen to an instance from outside the core. Each carries the instant it happened. */
export type ProcedureInput =
  | { type: 'start'; at: string; instanceId: string; definition: ProcedureDefinition; context: InstanceContext; parent?: ParentRef }
  | { type: 'submit'; at: string; taskId: string; by: Actor; input: unknown }
  | { type: 'fire-timer'; at: string; timerId: string }
  | { type: 'complete-effect'; at: string; effectId: string; result: Record<string, unknown> }
  | { type: 'children-started'; at: string; batch: string }
  | { type: 'child-report'; at: string; child: string; report: Record<string, unknown> }
  | { type: 'parent-notified'; at: string; notificationId: string }
  /**
   * The host could not carry out something the instance needs, for good (an effect that failed permanently or ran out
   * of retries): the instance fails with the reason, visibly, instead of waiting forever.
   */
  | { type: 'fail'; at: string; reason: string };
