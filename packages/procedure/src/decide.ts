import type { ProcedureCommand } from './commands';
import type { InstanceState } from './state';

/**
 * The commands outstanding for an instance: tasks waiting for people, timers not yet fired, effects not yet done,
 * child batches not yet started, reports not yet delivered to the parent, and completion. Pure; derived from state
 * alone, so hosts can diff before/after an append to find the new commands.
 */
export function decide(state: InstanceState): ProcedureCommand[] {
  const commands: ProcedureCommand[] = [];
  for (const task of Object.values(state.tasks)) {
    if (task.status === 'open') commands.push({ type: 'open-task', id: `task:${task.id}`, task });
  }
  for (const timer of Object.values(state.timers)) {
    if (timer.status === 'scheduled') commands.push({ type: 'start-timer', id: `timer:${timer.id}`, fireAt: timer.fireAt });
  }
  for (const effect of Object.values(state.effects)) {
    if (effect.status === 'requested') {
      commands.push({
        type: 'run-effect',
        id: `effect:${effect.id}`,
        name: effect.name,
        input: effect.input,
        idempotencyKey: `${state.instanceId}/${effect.id}`,
      });
    }
  }
  for (const [batch, record] of Object.entries(state.batches)) {
    if (!record.started) {
      // A committee implementing a guidance sends its cells its own guidance, not the one it received.
      const guidance = record.guidance ?? state.context.guidance;
      commands.push({
        type: 'start-children',
        id: `children:${batch}`,
        batch,
        procedure: record.procedure,
        children: record.children.map((key) => {
          const child = state.children[key]!;
          return child.childProcedure ? { key, org: child.org, childProcedure: child.childProcedure } : { key, org: child.org };
        }),
        parent: { instanceId: state.instanceId, ...(guidance ? { guidance } : {}) },
      });
    }
  }
  if (state.parent) {
    for (const [id, n] of Object.entries(state.notifications)) {
      if (!n.delivered) commands.push({ type: 'notify-parent', id: `notify:${id}`, parent: state.parent, report: n.report });
    }
  }
  if (state.status !== 'running') commands.push({ type: 'complete', id: 'complete', status: state.status });
  return commands;
}

/** Commands in `after` that were not in `before`: what a host must newly carry out after an append. */
export function newCommands(before: InstanceState, after: InstanceState): ProcedureCommand[] {
  const seen = new Set(decide(before).map((c) => c.id));
  return decide(after).filter((c) => !seen.has(c.id));
}

