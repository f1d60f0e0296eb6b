import { createRegistry } from '@chibo/catalog';
import { Guidance, ProcedureInstance, seedOrgTree, WorkflowStartInput } from '@chibo/db';
import { loadEvents, RejectedError } from '@chibo/host';
import { EMPTY_STATE, handle, type ProcedureEvent } from '@chibo/procedure';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { freshDatabase } from '@chibo/testing';
import { START_CHUNK, START_INLINE_BYTES } from '@chibo/workflows';
import { createActivities, TemporalEngine, type WorkflowGateway } from '../src';

// Names as long and as heavy in bytes as Vietnamese gets (3-byte letters): 5,000 such cells make a start of several
// MiB, far over Temporal's 512 KiB payload warning.
const longName = (i: number) => `Chi bộ ${i} ${'Trường Trung học phổ thông chuyên Nguyễn Trãi, ấp Thượng Đồng, '.repeat(4)}`;

describe('a guidance too large for one Temporal payload', () => {
  const org = {
    code: 'DU-BIG',
    name: 'Đảng ủy thử',
    kind: 'committee' as const,
    abbr: 'ĐU',
    term: { from: '2020-08-01' },
    members: [],
    children: Array.from({ length: 5000 }, (_, i) => ({ code: `CB-${i}`, name: longName(i), kind: 'cell' as const, abbr: 'CB', members: [], children: [] })),
  };
  const issue = { issuer: 'DU-BIG', number: '01-HD/ĐU', issuedOn: '2022-03-16', title: 'Sinh hoạt chuyên đề', procedure: 'thematic-session', sessionBy: '2022-04-30', reportBy: '2022-05-10', cells: 'all' } as never;
  const at = '2022-03-15T17:00:00.000Z';

  async function withEngine(maxStartBytes: number | undefined, body: (engine: TemporalEngine, db: Awaited<ReturnType<typeof freshDatabase>>, started: Array<{ workflowId: string; args: unknown[] }>) => Promise<void>): Promise<void> {
    const db = await freshDatabase('sqlite');
    try {
      await db.dataSource.transaction((m) => seedOrgTree(m, org as never, at));
      const started: Array<{ workflowId: string; args: unknown[] }> = [];
      const gateway: WorkflowGateway = {
        start: async (_type: string, options: { workflowId: string; args: unknown[] }) => void started.push(options),
        update: async () => ({}),
        query: async () => {
          throw new Error('not queried here');
        },
      } as unknown as WorkflowGateway;
      const engine = new TemporalEngine({ gateway, dataSource: db.dataSource, registry: createRegistry(), clock: new SimulatedClock(at), taskQueue: 'payload-test', ...(maxStartBytes ? { maxStartBytes } : {}) });
      await body(engine, db, started);
    } finally {
      await db.drop();
    }
  }

  it('should start it by reference: the start stored in the read side, the workflow input far under the 512 KiB warning', async () => {
    await withEngine(undefined, async (engine, db, started) => {
      const { instanceId } = await engine.issueGuidance(issue);
      expect(started).toHaveLength(1);
      const input = started[0]!.args[0] as { kind: string; at: string };
      expect(input).toMatchObject({ kind: 'stored-start', at });
      expect(Buffer.byteLength(JSON.stringify(started[0]!.args), 'utf8')).toBeLessThan(4 * 1024);
      const stored = await db.dataSource.manager.findOneByOrFail(WorkflowStartInput, { instanceId });
      const start = JSON.parse(stored.input) as { type: string; context: { cells: unknown[] } };
      expect(start.type).toBe('start');
      expect(start.context.cells).toHaveLength(5000);
      // Larger than a payload may be: the workflow reads it back in slices.
      expect(Buffer.byteLength(stored.input, 'utf8')).toBeGreaterThan(START_INLINE_BYTES);
      const loadStart = createActivities({ dataSource: db.dataSource, registry: createRegistry() }).loadStart;
      let json = '';
      for (let chunk = await loadStart({ instanceId, offset: 0, length: START_CHUNK }); chunk.chunk.length; chunk = await loadStart({ instanceId, offset: json.length, length: START_CHUNK })) {
        expect(Buffer.byteLength(JSON.stringify(chunk), 'utf8')).toBeLessThan(512 * 1024);
        json += chunk.chunk;
        if (json.length >= chunk.total) break;
      }
      expect(json).toBe(stored.input);
      // Its first event is projected without the context, which the project activity takes from the stored start.
      const guidance = await db.dataSource.manager.findOneByOrFail(Guidance, { instanceId });
      const handled = handle(EMPTY_STATE, JSON.parse(stored.input), createRegistry());
      if (!handled.ok) throw new Error(handled.rejection.message);
      const [first, ...rest] = handled.events;
      const project = createActivities({ dataSource: db.dataSource, registry: createRegistry() }).project;
      const target = { instanceId, orgId: guidance.issuerOrgId, guidanceId: guidance.id };
      await project({ target, fromSeq: 1, events: [{ ...first!, context: {} } as ProcedureEvent, ...rest], commands: [], done: [], at, contextFromStoredStart: true });
      const log = await loadEvents(db.dataSource.manager, instanceId);
      expect(log.map((l) => l.event)).toEqual(handled.events);
    });
  });

  it('should be refused past the largest start, with a field issue on cells before any workflow starts, leaving nothing behind', async () => {
    await withEngine(1024 * 1024, async (engine, db, started) => {
      const refused = await engine.issueGuidance(issue).then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(RejectedError);
      expect((refused as RejectedError).rejection.issues).toEqual([{ path: 'cells', rule: 'too-large-for-one-guidance', message: expect.stringContaining('5000') }]);
      expect((refused as RejectedError).rejection.message).toMatch(/tối đa 1024 KiB/);
      expect(started).toEqual([]);
      expect(await db.dataSource.manager.count(Guidance)).toBe(0);
      expect(await db.dataSource.manager.count(ProcedureInstance)).toBe(0);
      expect(await db.dataSource.manager.count(WorkflowStartInput)).toBe(0);
    });
  });
});
