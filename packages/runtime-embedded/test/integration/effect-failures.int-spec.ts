import { OutboxEntry } from '@chibo/db';
import { loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { bootRuntime } from './runtime-harness';

const aiMo = () => structuredClone(loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!.scenario);

/** Waits until `check` answers something other than undefined, or fails after `ms`. */
async function eventually<T>(ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(databaseKinds())('effects that cannot succeed, on %s', (kind) => {
  describeWith(['redis'], `permanent effect failures on ${kind}`, () => {
    it.each([
      ['an input its schema refuses', 'issue-document', { type: 'NQ' }, /org/],
      ['an effect nobody registered', 'fax', {}, /fax/],
    ])('should fail the command at its first attempt and its instance with the reason, visibly, when it is %s', async (_label, name, input, reason) => {
      const scenario = aiMo();
      const boot = await bootRuntime(kind, scenario);
      try {
        const { instanceId } = await boot.runtime.issueGuidance({ ...scenario.guidance, cells: scenario.guidance.cells });
        await boot.runtime.drain();
        const m = boot.db.dataSource.manager;
        const command = { type: 'run-effect', id: 'effect:probe.1.bad', name, input, idempotencyKey: `${instanceId}/probe.1.bad` };
        await m.insert(OutboxEntry, { instanceId, commandId: command.id, type: 'run-effect', payload: command, status: 'pending', attempts: 0, availableAt: boot.clock.now(), lastError: null, createdAt: boot.clock.now(), updatedAt: boot.clock.now() });
        await boot.runtime.kick();
        const row = await eventually(20_000, async () => {
          const found = await m.findOneBy(OutboxEntry, { commandId: command.id });
          return found?.status === 'failed' ? found : undefined;
        });
        // Not retried: one attempt, the reason recorded, and nothing left for drain() to wait for.
        expect(row.attempts).toBe(1);
        expect(row.lastError).toMatch(reason);
        // The instance that needed it fails visibly with the reason, instead of waiting for it forever.
        const state = await eventually(20_000, async () => {
          const s = await boot.runtime.state(instanceId);
          return s.status === 'failed' ? s : undefined;
        });
        expect(state.status).toBe('failed');
        const failed = (await boot.runtime.events(instanceId)).map((e) => e.event).at(-1);
        expect(failed).toMatchObject({ type: 'instance-failed', reason: expect.stringMatching(new RegExp(`^Tác vụ tự động "${name}" không thực hiện được: .*${reason.source}`)) });
        await boot.runtime.drain(5_000);
      } finally {
        await boot.close();
      }
    });
  });
});
