import { createRegistry } from '@chibo/catalog';
import { Guidance, ProcedureInstance, seedOrgTree } from '@chibo/db';
import { RejectedError } from '@chibo/host';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { freshDatabase } from '@chibo/testing';
import { MAX_PAYLOAD_BYTES } from '@chibo/workflows';
import { TemporalEngine, type WorkflowGateway } from '../src';

// Names as long and as heavy in bytes as Vietnamese gets (3-byte letters): 5,000 such cells make a start payload of
// several MiB, over Temporal's 2 MiB.
const longName = (i: number) => `Chi bộ ${i} ${'Trường Trung học phổ thông chuyên Nguyễn Trãi, ấp Thượng Đồng, '.repeat(4)}`;

describe('a guidance too large for one Temporal payload', () => {
  it('should be refused with a field issue on cells before any workflow starts, leaving nothing behind', async () => {
    const db = await freshDatabase('sqlite');
    try {
      const start = '2022-03-15T17:00:00.000Z';
      const org = {
        code: 'DU-BIG',
        name: 'Đảng ủy thử',
        kind: 'committee' as const,
        abbr: 'ĐU',
        term: { from: '2020-08-01' },
        members: [],
        children: Array.from({ length: 5000 }, (_, i) => ({ code: `CB-${i}`, name: longName(i), kind: 'cell' as const, abbr: 'CB', members: [], children: [] })),
      };
      await db.dataSource.transaction((m) => seedOrgTree(m, org as never, start));
      const started: string[] = [];
      const gateway: WorkflowGateway = {
        start: async (_type: string, options: { workflowId: string }) => void started.push(options.workflowId),
        update: async () => {
          throw new Error('no workflow was started');
        },
        query: async () => {
          throw new Error('no workflow was started');
        },
      } as unknown as WorkflowGateway;
      const engine = new TemporalEngine({ gateway, dataSource: db.dataSource, registry: createRegistry(), clock: new SimulatedClock(start), taskQueue: 'payload-test' });
      const refused = await engine
        .issueGuidance({ issuer: 'DU-BIG', number: '01-HD/ĐU', issuedOn: '2022-03-16', title: 'Sinh hoạt chuyên đề', procedure: 'thematic-session', sessionBy: '2022-04-30', reportBy: '2022-05-10', cells: 'all' } as never)
        .then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(RejectedError);
      expect((refused as RejectedError).rejection.issues).toEqual([{ path: 'cells', rule: 'too-large-for-one-guidance', message: expect.stringContaining('5000') }]);
      expect((refused as RejectedError).rejection.message).toMatch(new RegExp(`tối đa ${MAX_PAYLOAD_BYTES / 1024} KiB`));
      expect(started).toEqual([]);
      expect(await db.dataSource.manager.count(Guidance)).toBe(0);
      expect(await db.dataSource.manager.count(ProcedureInstance)).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
