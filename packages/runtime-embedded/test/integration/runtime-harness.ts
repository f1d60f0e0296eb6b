import { createRegistry } from '@chibo/catalog';
import { seedOrgTree } from '@chibo/db';
import { parseLocal } from '@chibo/rules';
import { driveScenario, OrgTree, scenarioActor, type Scenario, type ScenarioPort } from '@chibo/scenario';
import { freshDatabase, redisUrl, uniqueQueuePrefix, type DatabaseKind } from '@chibo/testing';
import { EmbeddedRuntime, NotFoundError, RejectedError, SimulatedClock } from '../../src';

export const registry = createRegistry();

/** A fresh database with the scenario's org tree, and an embedded runtime on a simulated clock at the guidance date. */
export async function bootRuntime(kind: DatabaseKind, scenario: Scenario, options: { queuePrefix?: string; url?: string } = {}) {
  const db = await freshDatabase(kind);
  const start = parseLocal(scenario.guidance.issuedOn);
  await db.dataSource.transaction((m) => seedOrgTree(m, scenario.org, start));
  const clock = new SimulatedClock(start);
  const runtime = new EmbeddedRuntime({ dataSource: db.dataSource, registry, clock, redisUrl: redisUrl(), queuePrefix: options.queuePrefix ?? uniqueQueuePrefix() });
  await runtime.start();
  return {
    db,
    clock,
    runtime,
    port: portFor(runtime, scenario),
    close: async () => {
      await runtime.close();
      await db.drop();
    },
  };
}

/** The scenario driver's view of an embedded runtime (in-process, no HTTP). */
export function portFor(runtime: EmbeddedRuntime, scenario: Scenario): ScenarioPort {
  const tree = new OrgTree(scenario.org);
  return {
    issueGuidance: async (s) => {
      const { instanceId } = await runtime.issueGuidance({ ...s.guidance, cells: s.guidance.cells });
      await runtime.drain();
      return instanceId;
    },
    advanceTo: (at) => runtime.advanceTo(at),
    state: async (id) => {
      try {
        return await runtime.state(id);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    submit: async (instanceId, taskId, actor, input) => {
      try {
        await runtime.submit(instanceId, taskId, input, scenarioActor(tree, actor));
        await runtime.drain();
        return { ok: true };
      } catch (error) {
        if (error instanceof RejectedError) return { ok: false, message: error.rejection.issues.map((i) => `${i.path} ${i.rule}`).join('; ') };
        throw error;
      }
    },
  };
}

export { driveScenario };
