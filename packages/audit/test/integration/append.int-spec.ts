import { AuditEntry, OrgUnit } from '@chibo/db';
import type { ProcedureEvent } from '@chibo/procedure';
import { databaseKinds, freshDatabase } from '@chibo/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog, recordAdminAction } from '../../src';
import { verifyChains } from './tamper-support';

/** A step-entered event at minute `i` of 16 March 2022. */
function event(i: number): ProcedureEvent {
  return { type: 'step-entered', stepId: `step-${i}`, visit: 1, at: new Date(Date.UTC(2022, 2, 16, 2, i)).toISOString() };
}

describe.each(databaseKinds())('appending to the audit log on %s', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;
  const audit = new AuditLog();
  const orgIds = new Map<string, string>();
  const record = (m: EntityManager, org: string, from: number, count: number) =>
    audit.recordEvents(m, {
      instanceId: `cell:${org}`,
      orgId: orgIds.get(org)!,
      guidanceId: null,
      fromSeq: from,
      events: Array.from({ length: count }, (_, i) => event(from + i)),
      recordedAt: '2022-03-16T03:00:00.000Z',
    });
  const count = (chain: string) => ds.getRepository(AuditEntry).countBy({ chain });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ds = db.dataSource;
    for (const code of ['CB-COMMIT', 'CB-ROLLBACK', 'CB-SAVEPOINT', 'CB-RACE', ...Array.from({ length: 50 }, (_, i) => `CB-FAN-${i}`)]) {
      const org = await ds.getRepository(OrgUnit).save(Object.assign(new OrgUnit(), { code, name: code, abbr: 'CB', kind: 'cell', parentId: null, path: `/${code}/` }));
      orgIds.set(code, org.id);
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('should write the events of a transaction that commits, in order and chained', async () => {
    await ds.transaction(async (m) => {
      await record(m, 'CB-COMMIT', 1, 3);
      // Postgres writes a transaction's entries in one batch just before it commits; SQLite at once.
      expect(await m.getRepository(AuditEntry).countBy({ chain: 'CB-COMMIT' })).toBe(kind === 'postgres' ? 0 : 3);
      await record(m, 'CB-COMMIT', 4, 2);
    });

    const rows = await ds.getRepository(AuditEntry).find({ where: { chain: 'CB-COMMIT' }, order: { position: 'ASC' } });
    expect(rows.map((r) => [r.position, r.seq])).toEqual([1, 2, 3, 4, 5].map((n) => [n, n]));
    expect((await verifyChains(ds, ['CB-COMMIT'])).ok).toBe(true);
  });

  it('should write nothing for a transaction that rolls back', async () => {
    await expect(
      ds.transaction(async (m) => {
        await record(m, 'CB-ROLLBACK', 1, 3);
        throw new Error('the append lost a race');
      }),
    ).rejects.toThrow('the append lost a race');

    expect(await count('CB-ROLLBACK')).toBe(0);
  });

  it('should keep the entries of the enclosing transaction when a nested block rolls back', async () => {
    await ds.transaction(async (m) => {
      await record(m, 'CB-SAVEPOINT', 1, 2);
      await m
        .transaction(async (inner) => {
          await record(inner, 'CB-SAVEPOINT', 3, 5);
          throw new Error('inner block refused');
        })
        .catch(() => undefined);
      await record(m, 'CB-SAVEPOINT', 3, 1);
    });

    const rows = await ds.getRepository(AuditEntry).find({ where: { chain: 'CB-SAVEPOINT' }, order: { position: 'ASC' } });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await verifyChains(ds, ['CB-SAVEPOINT'])).ok).toBe(true);
  });

  it('should keep one unbroken chain when many transactions append to it at once', async () => {
    await Promise.all(
      Array.from({ length: kind === 'postgres' ? 20 : 1 }, (_, i) =>
        ds.transaction(async (m) => {
          await record(m, 'CB-RACE', i * 5 + 1, 5);
          await recordAdminAction(m, { type: 'member-updated', org: 'CB-RACE', actorUserId: `u${i}`, at: '2022-03-16T04:00:00.000Z', subject: { i } });
        }),
      ),
    );

    const report = await verifyChains(ds, ['CB-RACE']);
    expect(report).toMatchObject({ ok: true, entries: kind === 'postgres' ? 120 : 6 });
  });

  it('should continue a chain whose name has quotes and backslashes from its head', async () => {
    const chain = "CB-O'NEIL\\ĐỨC";
    for (const at of ['2022-03-16T04:00:00.000Z', '2022-03-16T05:00:00.000Z']) {
      await ds.transaction((m) => recordAdminAction(m, { type: 'member-updated', org: chain, actorUserId: 'u', at, subject: { at } }));
    }

    const rows = await ds.getRepository(AuditEntry).find({ where: { chain }, order: { position: 'ASC' } });
    expect(rows.map((r) => r.position)).toEqual([1, 2]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect((await verifyChains(ds, [chain])).ok).toBe(true);
  });

  it('should append to fifty chains in one transaction, each from its own head', async () => {
    const cells = Array.from({ length: 50 }, (_, i) => `CB-FAN-${i}`);
    await ds.transaction(async (m) => {
      for (const cell of cells) await record(m, cell, 1, 4);
    });
    await ds.transaction(async (m) => {
      for (const cell of [...cells].reverse()) await record(m, cell, 5, 1);
    });

    const report = await verifyChains(ds, cells);
    expect(report).toMatchObject({ ok: true, chains: 50, entries: 250 });
  });
});
