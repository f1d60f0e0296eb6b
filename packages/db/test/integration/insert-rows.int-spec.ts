import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, findOrgUnit, insertRows, OrgUnit, OutboxEntry, runMigrations } from '../../src';
import { PG_AVAILABLE, PG_PROBE_ENV, onServer, postgresServerUrl, withDatabase } from '../postgres-server';

// Same rule as the migration suite: Postgres runs when the probe found it, and always in CI (where missing fails).
const runPostgres = process.env[PG_PROBE_ENV] === PG_AVAILABLE || process.env['CI'] === 'true';
if (!runPostgres) console.warn(`[@chibo/db] insertRows/findOrgUnit on Postgres NOT run: ${process.env[PG_PROBE_ENV] ?? 'no probe'}`);

const KINDS: Array<'sqlite' | 'postgres'> = runPostgres ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(KINDS)('insertRows and findOrgUnit on %s', (kind) => {
  let ds: DataSource;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'chibo-db-insert-'));
      ds = await createDataSource({ sqlitePath: join(dir, 'chibo.sqlite') }).initialize();
      cleanUp = async () => {
        await ds.destroy();
        rmSync(dir, { recursive: true, force: true });
      };
    } else {
      const server = postgresServerUrl();
      const database = `chibo_test_${randomBytes(6).toString('hex')}`;
      await onServer(server, [`CREATE DATABASE "${database}"`]);
      ds = await createDataSource({ url: withDatabase(server, database) }).initialize();
      cleanUp = async () => {
        await ds.destroy();
        await onServer(server, [`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`]);
      };
    }
    await runMigrations(ds);
  });
  afterAll(async () => cleanUp?.());

  const outbox = (i: number, extra: Partial<OutboxEntry> = {}): Partial<OutboxEntry> => ({
    instanceId: 'cell:X:1',
    commandId: `c${i}`,
    type: 'run-effect',
    payload: { id: `c${i}`, nested: { text: 'Nghị quyết “Tự soi, tự sửa”', list: [1, 2] } },
    status: 'pending',
    attempts: 0,
    availableAt: '2026-01-05T01:00:00.000Z',
    lastError: null,
    createdAt: '2026-01-05T01:00:00.000Z',
    updatedAt: '2026-01-05T01:00:00.000Z',
    ...extra,
  });

  it('should store every row with its JSON intact and return the generated ids in row order', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => outbox(i));
    const ids = (await insertRows(ds.manager, OutboxEntry, rows, 'id')).map(Number);
    expect(ids).toHaveLength(30);
    const stored = await ds.manager.find(OutboxEntry, { where: { instanceId: 'cell:X:1' }, order: { id: 'ASC' } });
    expect(stored.map((r) => r.id)).toEqual(ids);
    expect(stored.map((r) => r.commandId)).toEqual(rows.map((r) => r.commandId));
    expect(stored[7]!.payload).toEqual(rows[7]!.payload);
  });

  it('should insert rows that do not all set the same columns (the database default applies where one is unset)', async () => {
    await insertRows(ds.manager, OutboxEntry, [outbox(100), { ...outbox(101), attempts: undefined }]);
    const late = await ds.manager.findOneByOrFail(OutboxEntry, { commandId: 'c101' });
    expect(late.attempts).toBe(0);
  });

  it('should refuse a duplicate as the unique index says, inserting nothing of its batch', async () => {
    await expect(ds.transaction((m) => insertRows(m, OutboxEntry, [outbox(200), outbox(0)]))).rejects.toThrow();
    expect(await ds.manager.countBy(OutboxEntry, { commandId: 'c200' })).toBe(0);
  });

  it('should find org units by id and code, give callers their own copy, and find a unit created after a miss', async () => {
    expect(await findOrgUnit(ds.manager, { code: 'CB-NEW' })).toBeNull();
    const unit = ds.manager.create(OrgUnit, { code: 'CB-NEW', name: 'Chi bộ mới', abbr: 'CB', kind: 'cell', parentId: null, path: '/CB-NEW/' });
    await ds.manager.save(unit);
    const byCode = await findOrgUnit(ds.manager, { code: 'CB-NEW' });
    expect(byCode).toMatchObject({ id: unit.id, name: 'Chi bộ mới' });
    byCode!.name = 'changed by a caller';
    expect(await findOrgUnit(ds.manager, { id: unit.id })).toMatchObject({ code: 'CB-NEW', name: 'Chi bộ mới' });
  });
});
