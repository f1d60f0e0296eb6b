import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import {
  AppendOnlyViolationError,
  AuditCheckpointRecord,
  AuditEntry,
  DocumentEntity,
  ENTITIES,
  InstanceEvent,
  MIGRATIONS_TABLE,
  Member,
  NumberingRegister,
  OrgUnit,
  ProcedureDefinitionEntity,
  SQLITE_BUSY_TIMEOUT_MS,
  Vote,
  createDataSource,
  isUniqueViolation,
  revertAllMigrations,
  runMigrations,
} from '../../src';
import { PG_AVAILABLE, PG_PROBE_ENV, onServer, postgresServerUrl, withDatabase } from '../postgres-server';

/** A database under test: the data source is opened in beforeAll and closed (and thrown away) in afterAll. */
interface Harness {
  readonly ds: DataSource;
  /** Names of the tables in the database, migrations table included. */
  listTables(): Promise<string[]>;
}

// Decided once per run by test/global-setup.ts. In CI the suite always runs, so a missing server fails loudly.
const pgProbe = process.env[PG_PROBE_ENV];
const runPostgres = pgProbe === PG_AVAILABLE || process.env['CI'] === 'true';
if (!runPostgres) {
  console.warn(
    `[@chibo/db] Postgres migration suite NOT run: ${pgProbe ?? 'the Postgres probe (test/global-setup.ts) did not run'}. ` +
      'Start Postgres or set DATABASE_URL; with CI=true this is a failure.',
  );
}
const describePostgres = runPostgres ? describe : describe.skip;

describe('SQLite migrations', () => {
  const harness = sqliteHarness();
  defineMigrationLifecycle(harness);

  it('should open SQLite in WAL mode with foreign keys and a busy timeout when initialized', async () => {
    const [journal] = (await harness.ds.query('PRAGMA journal_mode')) as { journal_mode: string }[];
    const [foreignKeys] = (await harness.ds.query('PRAGMA foreign_keys')) as { foreign_keys: number }[];
    const [busy] = (await harness.ds.query('PRAGMA busy_timeout')) as { timeout: number }[];
    expect(journal?.journal_mode).toBe('wal');
    expect(foreignKeys?.foreign_keys).toBe(1);
    expect(busy?.timeout).toBe(SQLITE_BUSY_TIMEOUT_MS);
  });
});

describePostgres('Postgres migrations', () => {
  const harness = postgresHarness();
  defineMigrationLifecycle(harness);
});

/**
 * The same lifecycle on every database, in order: up, constraints hold, down to nothing, up again.
 * Each test continues from the state the previous one left.
 */
function defineMigrationLifecycle(harness: Harness): void {
  const allTables = (): string[] => [...chiboTables(harness.ds), MIGRATIONS_TABLE].sort();
  const migrationNames = (): string[] => harness.ds.migrations.map((migration) => migration.name ?? '?');

  it('should create every chibo table when the migrations run up', async () => {
    const ran = await runMigrations(harness.ds);

    expect(ran).toEqual(migrationNames());
    expect(ran.length).toBeGreaterThan(0);
    expect(await harness.listTables()).toEqual(allTables());
  });

  it('should leave nothing for migration:generate to do when all migrations ran', async () => {
    const pending = await harness.ds.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('should reject a second event with the same (instance_id, seq) as a unique violation', async () => {
    const events = harness.ds.getRepository(InstanceEvent);
    const event = {
      instanceId: 'cell:CB-X:27-HD/ĐU:2022-03-16',
      type: 'started',
      payload: {},
      at: '2022-03-16T00:00:00.000+07:00',
      recordedAt: '2026-01-01T00:00:00.000Z',
    };
    await events.insert({ ...event, seq: 1 });

    const error = await failureOf(events.insert({ ...event, seq: 1, type: 'raced' }));

    expect(isUniqueViolation(error)).toBe(true);
    await expect(events.insert({ ...event, seq: 2 })).resolves.toBeDefined();
    expect(await events.count({ where: { instanceId: event.instanceId } })).toBe(2);
  });

  it('should reject a second document with the same (register_id, seq) as a unique violation', async () => {
    const org = await harness.ds.getRepository(OrgUnit).save(orgUnit('CB-NUMBERS'));
    const registers = harness.ds.getRepository(NumberingRegister);
    const register = await registers.save(
      registers.create({ orgId: org.id, type: 'NQ', termFrom: '2020-08-01', lastSeq: 1 }),
    );
    const documents = harness.ds.getRepository(DocumentEntity);
    await documents.save(documents.create(document(org.id, register.id, 'first')));

    const error = await failureOf(documents.save(documents.create(document(org.id, register.id, 'second'))));

    expect(isUniqueViolation(error)).toBe(true);
    expect(await documents.count({ where: { registerId: register.id } })).toBe(1);
  });

  it('should reject a second global definition with the same key and version as a unique violation', async () => {
    const definitions = harness.ds.getRepository(ProcedureDefinitionEntity);
    const definition = {
      key: 'thematic-session',
      version: 1,
      ownerOrgId: null,
      title: 'Sinh hoạt chuyên đề',
      steps: [],
      status: 'published' as const,
      publishedAt: null,
    };
    await definitions.save(definitions.create(definition));

    const error = await failureOf(definitions.save(definitions.create(definition)));

    expect(isUniqueViolation(error)).toBe(true);
    await expect(definitions.save(definitions.create({ ...definition, version: 2 }))).resolves.toBeDefined();
  });

  it('should fail with a non-unique error when a document points to a register that does not exist', async () => {
    const org = await harness.ds.getRepository(OrgUnit).save(orgUnit('CB-DANGLING'));
    const documents = harness.ds.getRepository(DocumentEntity);

    const missingRegister = '00000000-0000-4000-8000-000000000000';

    const error = await failureOf(documents.save(documents.create(document(org.id, missingRegister, 'x'))));

    expect(error).toBeInstanceOf(Error);
    expect(isUniqueViolation(error)).toBe(false);
  });

  it('should return ISO instants, JSON and booleans exactly as stored', async () => {
    const org = await harness.ds.getRepository(OrgUnit).save(orgUnit('CB-ROUNDTRIP'));
    const members = harness.ds.getRepository(Member);
    const member = members.create({
      orgId: org.id,
      code: 'nga',
      name: 'Ngô Thị Nga',
      status: 'official',
      roles: ['secretary', 'committee'],
      createdAt: '2022-03-16T00:00:00.000+07:00',
    });
    await members.save(member);
    const votes = harness.ds.getRepository(Vote);
    const vote = votes.create({
      instanceId: 'cell:CB-ROUNDTRIP:27-HD/ĐU:2022-03-16',
      forCount: 17,
      againstCount: 0,
      abstainCount: 0,
      denominator: 17,
      required: 9,
      adopted: true,
      method: 'show-of-hands',
      voters: null,
      recordedAt: '2022-04-01T16:10:00.123+07:00',
    });
    await votes.save(vote);

    const loadedMember = await members.findOneByOrFail({ id: member.id });
    const loadedVote = await votes.findOneByOrFail({ id: vote.id });

    expect(loadedMember).toEqual({ ...member, updatedAt: '2022-03-16T00:00:00.000+07:00' });
    expect(loadedMember.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(loadedVote).toEqual(vote);
    expect(loadedVote.adopted).toBe(true);
    expect(loadedVote.voters).toBeNull();
  });

  it('should refuse updates and deletes of audit rows in code and in the database when they are append-only', async () => {
    const entries = harness.ds.getRepository(AuditEntry);
    const row = {
      chain: 'CB-APPEND-ONLY',
      position: 1,
      prevHash: '0'.repeat(64),
      hash: 'a'.repeat(64),
      at: '2022-04-01T09:10:00.000Z',
      recordedAt: '2022-04-01T09:10:00.000Z',
      source: 'admin' as const,
      type: 'member-updated',
      actorUserId: null,
      memberId: null,
      guidanceId: null,
      instanceId: null,
      seq: null,
      findingCode: null,
      documentId: null,
      documentChecksum: null,
      payload: '{}',
    };
    await entries.insert(row);

    await expect(entries.update({ chain: row.chain }, { payload: '{"x":1}' })).rejects.toBeInstanceOf(AppendOnlyViolationError);
    await expect(entries.delete({ chain: row.chain })).rejects.toBeInstanceOf(AppendOnlyViolationError);
    await expect(harness.ds.query(`UPDATE audit_entries SET payload = '{"x":1}' WHERE chain = 'CB-APPEND-ONLY'`)).rejects.toThrow(/append-only/);
    await expect(harness.ds.query(`DELETE FROM audit_entries WHERE chain = 'CB-APPEND-ONLY'`)).rejects.toThrow(/append-only/);
    await harness.ds.getRepository(AuditCheckpointRecord).insert({
      chain: row.chain, position: 1, hash: row.hash, issuedAt: row.at, keyId: '0'.repeat(16), signature: 'x', reason: 'periodic',
    });
    await expect(harness.ds.query(`DELETE FROM audit_checkpoints`)).rejects.toThrow(/append-only/);
    expect(await entries.findOneByOrFail({ chain: row.chain })).toMatchObject({ payload: '{}' });
  });

  it('should drop every chibo table when all migrations revert', async () => {
    const reverted = await revertAllMigrations(harness.ds);

    expect(reverted).toEqual([...migrationNames()].reverse());
    expect(await harness.listTables()).toEqual([MIGRATIONS_TABLE]);
  });

  it('should migrate up again after a full revert', async () => {
    await expect(runMigrations(harness.ds)).resolves.toEqual(migrationNames());
    expect(await harness.listTables()).toEqual(allTables());
  });
}

function sqliteHarness(): Harness {
  let dir = '';
  let ds: DataSource | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chibo-db-test-'));
    ds = await createDataSource({ sqlitePath: join(dir, 'nested', 'chibo.sqlite') }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get ds() {
      return opened(ds);
    },
    async listTables() {
      const rows = (await opened(ds).query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )) as { name: string }[];
      return rows.map((row) => row.name);
    },
  };
}

function postgresHarness(): Harness {
  const server = postgresServerUrl();
  const database = `chibo_test_${randomBytes(6).toString('hex')}`;
  let ds: DataSource | undefined;
  beforeAll(async () => {
    await onServer(server, [`CREATE DATABASE "${database}"`]);
    ds = await createDataSource({ url: withDatabase(server, database) }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await onServer(server, [`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`]);
  });
  return {
    get ds() {
      return opened(ds);
    },
    async listTables() {
      const rows = (await opened(ds).query(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
      )) as { tablename: string }[];
      return rows.map((row) => row.tablename);
    },
  };
}

function opened(ds: DataSource | undefined): DataSource {
  if (!ds) throw new Error('the data source did not open (see the beforeAll error)');
  return ds;
}

/** The tables of the registered entities: one per entity in ENTITIES. */
function chiboTables(ds: DataSource): string[] {
  const tables = ds.entityMetadatas.map((metadata) => metadata.tableName);
  expect(tables).toHaveLength(ENTITIES.length);
  return tables;
}

async function failureOf(operation: Promise<unknown>): Promise<unknown> {
  try {
    await operation;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

function orgUnit(code: string): OrgUnit {
  return Object.assign(new OrgUnit(), {
    code,
    name: `Chi bộ ${code}`,
    abbr: 'CB',
    kind: 'cell',
    parentId: null,
    path: `/${code}/`,
  });
}

function document(orgId: string, registerId: string, title: string): Partial<DocumentEntity> {
  return {
    orgId,
    registerId,
    instanceId: null,
    type: 'NQ',
    seq: 1,
    number: 'Số 01-NQ/CB',
    title,
    data: { title },
    checksum: null,
    status: 'issued',
    idempotencyKey: null,
    issuedAt: '2022-04-01T16:10:00.000+07:00',
  };
}
