import type { StepRegistry } from '@chibo/procedure';
import { yearInstanceId } from '@chibo/plugin-regular-session';
import { InMemoryHost } from '../in-memory-host';
import { OrgTree } from '../org-tree';
import { driveYear, type DrivenYear } from './drive-year';
import type { YearAction } from './year-plan';
import type { YearScenario } from './year.schema';

/** A driven year and the in-memory host it ran on. */
export interface YearRun extends DrivenYear {
  host: InMemoryHost;
}

/** Replays a cell's year through the pure core alone (the reference every runtime must reproduce). */
export async function runYearInMemory(scenario: YearScenario, registry: StepRegistry, options: { stopBefore?: (action: YearAction) => boolean } = {}): Promise<YearRun> {
  const host = new InMemoryHost(registry, new OrgTree(scenario.org));
  const driven = await driveYear(
    scenario,
    {
      startYear: async (s) => host.startInstance(yearInstanceId(s.year.cell, s.year.year), s.year.cell, 'cell-year'),
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
