import { z } from 'zod';
import { stepContext } from './handle';
import type { StepRegistry } from './registry';
import type { InstanceState } from './state';

/** The form of an open task as JSON Schema, for UIs and API clients, with the values it starts with. */
export function taskForm(
  state: InstanceState,
  registry: StepRegistry,
  taskId: string,
): { title: { vi: string; en: string }; schema: Record<string, unknown>; prefill: Record<string, unknown> } | undefined {
  const task = state.tasks[taskId];
  if (!task) return undefined;
  const ref = state.definition.steps.find((s) => s.id === task.stepId);
  if (!ref) return undefined;
  const definition = registry.step(ref.kind).tasks[task.task];
  if (!definition) return undefined;
  const ctx = stepContext(state, registry, task.stepId, state.updatedAt);
  const form = typeof definition.form === 'function' ? definition.form(ctx) : definition.form;
  return {
    title: task.title,
    schema: z.toJSONSchema(form, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    prefill: task.prefill ?? {},
  };
}
