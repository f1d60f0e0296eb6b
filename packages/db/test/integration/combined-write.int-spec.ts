import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CombinedWrite, createDataSource, OrgUnit, OutboxEntry, runMigrations } from '../../src';
import { PG_AVAILABLE, PG_PROBE_ENV, onServer, postgresServerUrl, withDatabase } from '../postgres-server';

// CombinedWrite is PostgreSQL only. Same rule as the other suites: it runs when the probe found a server, and always
// in CI (where a missing server fails).
const runPostgres = process.env[PG_PROBE_ENV] === PG_AVAILABLE || process.env['CI'] === 'true';
if (!runPostgres) console.warn(`[@chibo/db] CombinedWrite on Postgres NOT run: ${process.env[PG_PROBE_ENV] ?? 'no probe'}`);
const describePostgres = runPostgres ? describe : describe.skip;

describePostgres('CombinedWrite on postgres', () => {
  let ds: DataSource;
  let database: string;

  beforeAll(async () => {
    database = `chibo_test_${randomBytes(6).toString('hex')}`;
    await onServer(postgresServerUrl(), [`CREATE DATABASE "${database}"`]);
    ds = await createDataSource({ url: withDatabase(postgresServerUrl(), database) }).initialize();
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await onServer(postgresServerUrl(), [`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`]);
  });

  const AT = '2026-01-05T01:00:00.000Z';
  const outbox = (instanceId: string, i: number): Partial<OutboxEntry> => ({
    instanceId,
    commandId: `c${i}`,
    type: 'run-effect',
    payload: { id: `c${i}`, text: 'Nghị quyết “Tự soi, tự sửa”' },
    status: 'pending',
    attempts: 0,
    availableAt: AT,
    lastError: null,
    createdAt: AT,
    updatedAt: AT,
  });

  it('should write every part in one statement and give back what each tagged part returns', async () => {
    await ds.manager.insert(OutboxEntry, [outbox('cell:A', 1), outbox('cell:A', 2)] as never);
    const write = new CombinedWrite(ds.manager);
    await write.insert(OutboxEntry, [outbox('cell:B', 1), outbox('cell:B', 2), outbox('cell:B', 3)], { tag: 'new', columns: ['id', 'command_id'] });
    write.update({
      table: 'outbox',
      columns: [
        { name: 'command_id', type: 'varchar' },
        { name: 'status', type: 'varchar' },
      ],
      rows: [
        ['c1', 'done'],
        ['c2', 'done'],
      ],
      set: 'status = v.status',
      where: "t.instance_id = 'cell:A' AND t.command_id = v.command_id",
      returning: { tag: 'done', sql: 't.command_id' },
    });
    const returned = await write.execute();
    expect((returned.get('new') ?? []).map((r) => r['command_id']).sort()).toEqual(['c1', 'c2', 'c3']);
    expect((returned.get('done') ?? []).map((r) => r['command_id']).sort()).toEqual(['c1', 'c2']);
    expect(await ds.manager.countBy(OutboxEntry, { instanceId: 'cell:A', status: 'done' })).toBe(2);
    const stored = await ds.manager.findOneByOrFail(OutboxEntry, { instanceId: 'cell:B', commandId: 'c3' });
    expect(stored.payload).toEqual(outbox('cell:B', 3).payload);
  });

  it('should insert a row and a row referring to it together (foreign keys are checked at the end of the statement)', async () => {
    const parent = { id: randomUUID(), code: 'DU-X', name: 'Đảng ủy X', abbr: 'ĐU', kind: 'committee' as const, parentId: null, path: '/DU-X/', createdAt: AT };
    const child = { id: randomUUID(), code: 'CB-X1', name: 'Chi bộ X1', abbr: 'CB', kind: 'cell' as const, parentId: parent.id, path: '/DU-X/CB-X1/', createdAt: AT };
    const write = new CombinedWrite(ds.manager);
    // The child's part comes first: the order of the parts does not matter.
    await write.insert(OrgUnit, [child]);
    await write.insert(OrgUnit, [parent]);
    await write.execute();
    expect((await ds.manager.findOneByOrFail(OrgUnit, { code: 'CB-X1' })).parentId).toBe(parent.id);
  });

  it('should split what exceeds the parameter limit into several statements, in order, and return every row', async () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => outbox('cell:C', i));
    const write = new CombinedWrite(ds.manager);
    await write.insert(OutboxEntry, rows, { tag: 'ids', columns: ['id'] });
    const returned = await write.execute();
    expect(returned.get('ids')).toHaveLength(6_000);
    expect(await ds.manager.countBy(OutboxEntry, { instanceId: 'cell:C' })).toBe(6_000);
  });

  it('should keep nothing of a statement one of whose parts fails', async () => {
    const write = new CombinedWrite(ds.manager);
    await write.insert(OutboxEntry, [outbox('cell:D', 1)]);
    // cell:A c1 exists already: the unique index refuses it, and the whole statement with it.
    await write.insert(OutboxEntry, [outbox('cell:A', 1)]);
    await expect(write.execute()).rejects.toThrow();
    expect(await ds.manager.countBy(OutboxEntry, { instanceId: 'cell:D' })).toBe(0);
  });
});
