import { createHost } from '@chibo/catalog-node';
import { seedOrgTree } from '@chibo/db';
import { parseLocal } from '@chibo/rules';
import { EmbeddedRuntime, NotFoundError, RejectedError, SimulatedClock } from '@chibo/runtime-embedded';
import { OrgTree, scenarioActor, type Scenario, type ScenarioPort } from '@chibo/scenario';
import { type DatabaseKind, freshDatabase, redisUrl, uniqueQueuePrefix } from '@chibo/testing';
import { type AuditJournal, AuditLog } from '../../src';
import { signer } from './tamper-support';

/** A fresh database with the scenario's org tree and an embedded runtime whose every event is audited. */
export async function bootAuditedRuntime(kind: DatabaseKind, scenario: Scenario, options: { journal?: AuditJournal } = {}) {
  const db = await freshDatabase(kind);
  const start = parseLocal(scenario.guidance.issuedOn);
  await db.dataSource.transaction((m) => seedOrgTree(m, scenario.org, start));
  const clock = new SimulatedClock(start);
  const audit = new AuditLog({ signer, now: () => clock.now(), ...(options.journal ? { journal: options.journal } : {}) });
  const runtime = new EmbeddedRuntime({
    dataSource: db.dataSource,
    clock,
    redisUrl: redisUrl(),
    queuePrefix: uniqueQueuePrefix(),
    // As the API, the worker and the CLI build it: registry, sealed effects, audit hooks.
    ...createHost({ audit }),
  });
  await runtime.start();
  return {
    db,
    ds: db.dataSource,
    audit,
    runtime,
    port: portFor(runtime, scenario),
    close: async () => {
      await runtime.close();
      await db.drop();
    },
  };
}

/** The scenario driver's view of the runtime, in-process. */
function portFor(runtime: EmbeddedRuntime, scenario: Scenario): ScenarioPort {
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
