import { createRegistry } from '@chibo/catalog';
import { DocumentEntity, EffectRun, InstanceEvent, OutboxEntry, seedOrgTree } from '@chibo/db';
import type { ProcedureEvent } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { driveScenario, loadFixtures, OrgTree, scenarioActor, type ScenarioPort } from '@chibo/scenario';
import { databaseKinds, describeWith, freshDatabase, redisUrl, uniqueQueuePrefix } from '@chibo/testing';
import { BullmqQueueDriver, EmbeddedRuntime, RejectedError, SimulatedClock } from '../../src';
import { portFor } from './runtime-harness';

const LEASE_MS = 1_500;
const scenario = loadFixtures().find((f) => f.file === 'ngoc-son-2019.json')!.scenario;

/**
 * Redis losing its jobs while the runtime runs (issue 18: 815 outbox rows stayed `dispatched` until a restart): the
 * queues are emptied under a running runtime several times during a scenario — the jobs just relayed vanish, as when
 * Redis is killed and restarted empty — and the outbox lease re-queues them. Every effect, report and timer completes
 * without a restart and without duplicates, and the outcome is the scenario's.
 */
describe.each(databaseKinds())('Redis loses its jobs on %s', (kind) => {
  describeWith(['redis'], `outbox lease on ${kind}`, () => {
    it('should re-queue what Redis lost, without a restart, and reach the expected outcome with nothing twice', async () => {
      const db = await freshDatabase(kind);
      const start = parseLocal(scenario.guidance.issuedOn);
      await db.dataSource.transaction((m) => seedOrgTree(m, scenario.org, start));
      const runtime = new EmbeddedRuntime({ dataSource: db.dataSource, registry: createRegistry(), clock: new SimulatedClock(start), redisUrl: redisUrl(), queuePrefix: uniqueQueuePrefix(), outboxLeaseMs: LEASE_MS });
      await runtime.start();
      try {
        const driver = runtime.queues as BullmqQueueDriver;
        const queues = Object.values(driver.queues);
        const inner = portFor(runtime, scenario);
        const tree = new OrgTree(scenario.org);
        const healed: number[] = [];
        let losses = 0;
        /** Runs an action with the workers held back, empties Redis of the jobs it relayed, and waits for the heal. */
        const losing = async <T>(action: () => Promise<T>): Promise<T> => {
          await Promise.all(queues.map((q) => q.pause()));
          let result: T;
          try {
            result = await action();
            // The relay hands the new rows to Redis just after their commit; on a busy machine obliterating at once
            // could run first, and then nothing would be lost. Wait (a few seconds at most) until Redis holds them.
            const until = Date.now() + 5_000;
            while (Date.now() < until && (await db.dataSource.manager.count(OutboxEntry, { where: { status: 'pending' } })) > 0) await new Promise((r) => setTimeout(r, 20));
          } finally {
            await driver.obliterate();
            await Promise.all(queues.map((q) => q.resume()));
          }
          const lost = await db.dataSource.manager.count(OutboxEntry, { where: { status: 'dispatched' } });
          const since = Date.now();
          await runtime.drain(30_000);
          if (lost > 0) {
            losses++;
            healed.push(Date.now() - since);
          }
          return result;
        };
        let submits = 0;
        const port: ScenarioPort = {
          ...inner,
          // Each inner call drains; with the workers paused that would wait for ever, so issue and submit directly.
          issueGuidance: (s) => losing(async () => (await runtime.issueGuidance({ ...s.guidance, cells: s.guidance.cells })).instanceId),
          submit: (instanceId, taskId, actor, input) =>
            ++submits % 3 === 0
              ? losing(async () => {
                  try {
                    await runtime.submit(instanceId, taskId, input, scenarioActor(tree, actor));
                    return { ok: true as const };
                  } catch (error) {
                    if (error instanceof RejectedError) return { ok: false as const, message: error.rejection.issues.map((i) => `${i.path} ${i.rule}`).join('; ') };
                    throw error;
                  }
                })
              : inner.submit(instanceId, taskId, actor, input),
        };

        const driven = await driveScenario(scenario, port);

        expect(driven.errors).toEqual([]);
        expect(driven.mismatches).toEqual([]);
        expect(losses).toBeGreaterThan(2);
        const m = db.dataSource.manager;
        expect(await m.count(OutboxEntry, { where: { status: 'dispatched' } })).toBe(0);
        const docs = await m.find(DocumentEntity);
        expect(new Set(docs.map((d) => `${d.orgId}/${d.number}`)).size).toBe(docs.length);
        const runs = await m.find(EffectRun);
        expect(new Set(runs.map((r) => r.idempotencyKey)).size).toBe(runs.length);
        const events = (await m.find(InstanceEvent)).map((e) => ({ id: e.instanceId, event: e.payload as ProcedureEvent }));
        const keys = events.filter((e) => e.event.type === 'effect-completed').map((e) => `${e.id}|${(e.event as { effectId: string }).effectId}`);
        expect(new Set(keys).size).toBe(keys.length);
        process.stdout.write(`[redis loss ${kind}] ${losses} losses healed by the lease (${LEASE_MS} ms) in ${healed.map((ms) => `${ms} ms`).join(', ')}\n`);
      } finally {
        await runtime.close();
        await db.drop();
      }
    }, 180_000);
  });
});
