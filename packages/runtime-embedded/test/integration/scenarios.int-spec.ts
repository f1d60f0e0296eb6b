import { loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { DocumentEntity, EffectRun, InstanceEvent, OrgUnit, OutboxEntry, Task } from '@chibo/db';
import { sha256 } from '@chibo/documents';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
        // Every document was rendered when it was issued, with the checksum of what was stored…
        for (const d of docs) expect({ number: d.number, rendered: d.html !== null && d.htmlChecksum === sha256(d.html), note: d.renderNote }).toEqual({ number: d.number, rendered: true, note: null });
        // …and the documents of the reviewed scenarios are exactly their golden files (packages/documents/test/golden).
        const golden = join(__dirname, '..', '..', '..', 'documents', 'test', 'golden', scenario.name);
        if (existsSync(golden)) {
          const codes = new Map((await m.find(OrgUnit)).map((o) => [o.id, o.code]));
          for (const d of docs) {
            const file = join(golden, codes.get(d.orgId)!, `${d.type}-${d.number.replace(/^Số\s*/u, '').split('-')[0]}.html`);
            expect({ file, html: d.html }).toEqual({ file, html: readFileSync(file, 'utf8') });
          }
        }
        const effects = await m.count(EffectRun);
        expect(effects).toBeGreaterThan(0);
        expect(await m.count(InstanceEvent)).toBeGreaterThan(20);
      } finally {
        await boot.close();
      }
    });
  });
});
