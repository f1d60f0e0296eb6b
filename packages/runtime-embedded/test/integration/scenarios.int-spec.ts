import { loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { DocumentEntity, EffectRun, InstanceEvent, OutboxEntry, Task } from '@chibo/db';
import { bootRuntime, driveScenario } from './runtime-harness';

const fixtures = loadFixtures();

describe.each(databaseKinds())('the embedded runtime on %s', (kind) => {
  describeWith(['redis'], `scenarios on ${kind} with BullMQ`, () => {
    it.each(fixtures.map((f) => [f.file, f.scenario] as const))('should reach the expected outcome of %s', async (_file, scenario) => {
      const boot = await bootRuntime(kind, scenario);
      try {
        const driven = await driveScenario(scenario, boot.port);
        expect(driven.errors).toEqual([]);
        expect(driven.mismatches).toEqual([]);
        const m = boot.db.dataSource.manager;
        // Everything dispatched was carried out, and the read side agrees with the log.
        expect(await m.count(OutboxEntry, { where: { status: 'pending' } })).toBe(0);
        expect(await m.count(Task, { where: { status: 'open' } })).toBe(0);
        const docs = await m.find(DocumentEntity);
        expect(new Set(docs.map((d) => `${d.orgId}/${d.number}`)).size).toBe(docs.length);
        const effects = await m.count(EffectRun);
        expect(effects).toBeGreaterThan(0);
        expect(await m.count(InstanceEvent)).toBeGreaterThan(20);
      } finally {
        await boot.close();
      }
    });
  });
});
