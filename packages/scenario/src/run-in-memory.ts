import type { StepRegistry } from '@chibo/procedure';
import { driveScenario, type DrivenScenario } from './drive';
import type { ScenarioAction } from './fact-plan';
import { InMemoryHost } from './in-memory-host';
import { OrgTree } from './org-tree';
import type { Scenario } from './scenario.schema';

/** A driven scenario and the in-memory host it ran on. */
export interface ScenarioRun extends DrivenScenario {
  host: InMemoryHost;
}

/**
 * Replays a scenario through the pure core alone: every fact is submitted to the task it belongs to, by the member the
 * task is assigned to, validated as a user's submission would be; the simulated clock fires timers as it passes them.
 */
export async function runScenarioInMemory(
  scenario: Scenario,
  registry: StepRegistry,
  options: { stopBefore?: (action: ScenarioAction) => boolean } = {},
): Promise<ScenarioRun> {
  const host = new InMemoryHost(registry, new OrgTree(scenario.org));
  const driven = await driveScenario(
    scenario,
    {
      issueGuidance: async (s) => host.issueGuidance(s),
      advanceTo: async (at) => host.advanceTo(at),
      state: async (id) => (host.instances.has(id) ? host.state(id) : undefined),
      submit: async (instanceId, taskId, actor, input) => {
        const result = host.send(instanceId, { type: 'submit', at: host.clockNow(), taskId, by: host.actor(actor), input });
        return result.ok ? { ok: true } : { ok: false, message: result.rejection.issues.map((i) => `${i.path} ${i.rule}: ${i.message}`).join('; ') };
      },
    },
    options,
  );
  return { ...driven, host };
}
