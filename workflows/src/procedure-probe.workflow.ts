import { createRegistry } from '@chibo/catalog';
import { EMPTY_STATE, handle, openTasks, type InstanceContext } from '@chibo/procedure';

/**
 * A probe workflow that runs the pure core and every enabled plugin inside Temporal's deterministic sandbox. It exists
 * to prove (by bundling it in a test) that nothing Node-only or non-deterministic is reachable from the core.
 */
export async function procedureProbeWorkflow(context: InstanceContext, at: string): Promise<string[]> {
  const registry = createRegistry();
  const result = handle(
    EMPTY_STATE,
    { type: 'start', at, instanceId: 'probe', definition: registry.procedure('thematic-session'), context },
    registry,
  );
  if (!result.ok) throw new Error(result.rejection.message);
  return openTasks(result.state).map((t) => t.id);
}
