import { appendEntries, recordAdminAction } from '@chibo/audit';
import { FIXTURES_DIR } from '@chibo/scenario';
import { databaseKinds, describeWith, freshDatabase } from '@chibo/testing';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CHIBO = join(__dirname, '..', 'dist', 'main.js');

/** Runs `chibo …` and returns its exit code and output (a non-zero exit is a result here, not an error). */
async function chibo(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CHIBO, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describeWith(['redis'], 'chibo scenario run --out: the audit bundle', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'chibo-out-audit-'));
    const result = await chibo(['scenario', 'run', join(FIXTURES_DIR, 'ai-mo-2022.json'), '--out', out]);
    expect(result.code).toBe(0);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('should write DIR/audit, which chibo audit verify --bundle finds intact', async () => {
    const result = await chibo(['audit', 'verify', '--bundle', join(out, 'audit')]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('KẾT QUẢ: toàn vẹn');
    expect(result.stdout).toMatch(/mục trong 2 chuỗi/);
    expect(result.stdout).toContain('1 trong báo cáo cấp trên đã nhận');
  });

  it('should exit 1 and name the entry when a line of the bundle was edited', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'chibo-out-audit-edited-'));
    try {
      for (const file of ['entries.jsonl', 'checkpoints.jsonl', 'documents.jsonl', 'public-key.pem', 'manifest.json']) {
        writeFileSync(join(copy, file), readFileSync(join(out, 'audit', file)));
      }
      const lines = readFileSync(join(copy, 'entries.jsonl'), 'utf8').split('\n');
      const i = lines.findIndex((l) => l.includes('"chain":"CB-THCS-AI-MO","position":12,'));
      lines[i] = lines[i]!.replace('"recordedAt":"2022-', '"recordedAt":"2023-');
      writeFileSync(join(copy, 'entries.jsonl'), lines.join('\n'));

      const result = await chibo(['audit', 'verify', '--bundle', copy]);

      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/\[bị sửa\] Chuỗi CB-THCS-AI-MO, mục #12 \(số \d+\): đã bị sửa/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe.each(databaseKinds())('chibo audit verify and export on %s', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'chibo-audit-cli-'));
    env = {
      AUTH_SECRET: 'x'.repeat(40),
      AUDIT_KEY_PATH: join(dir, 'key', 'audit-key.pem'),
      AUDIT_JOURNAL: join(dir, 'journal', 'audit-journal.jsonl'),
      ...(kind === 'postgres' ? { DATABASE_URL: db.url } : { DATABASE_URL: '', SQLITE_PATH: db.url }),
    };
    await db.dataSource.transaction(async (m) => {
      await appendEntries(
        m,
        Array.from({ length: 8 }, (_, i) => ({ chain: 'CB-CLI', at: `2022-04-0${i + 1}T02:00:00.000Z`, source: 'event' as const, type: 'task-submitted', seq: i + 1, payload: { i } })),
      );
      await recordAdminAction(m, { type: 'member-updated', org: 'CB-CLI', actorUserId: 'u1', at: '2022-04-10T02:00:00.000Z', subject: { member: 'm04' }, before: { status: 'probationary' }, after: { status: 'official' } });
    });
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should refuse to verify without a key to check signatures with', async () => {
    const result = await chibo(['audit', 'verify'], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Không có khóa để kiểm chữ ký');
  });

  it('should export a signed bundle and verify both the database and the bundle as intact', async () => {
    const exported = await chibo(['audit', 'export', '--out', join(dir, 'bundle')], env);
    const database = await chibo(['audit', 'verify'], env);
    const bundle = await chibo(['audit', 'verify', '--bundle', join(dir, 'bundle'), '--public-key', join(dir, 'bundle', 'public-key.pem')], env);

    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stdout).toContain('Đã kiểm tra 9 mục (toàn vẹn), xuất 9 mục của 1 chuỗi, 1 mốc kiểm chứng (1 mốc mới ký, ghi cả vào sổ mốc');
    expect(readFileSync(join(dir, 'journal', 'audit-journal.jsonl'), 'utf8')).toContain('"reason":"export"');
    expect(database.code).toBe(0);
    expect(database.stdout).toContain('9 mục trong 1 chuỗi');
    expect(bundle.code).toBe(0);
    expect(JSON.parse((await chibo(['audit', 'verify', '--json'], env)).stdout)).toMatchObject({ ok: true, entries: 9 });
  });

  it('should name the modified entry, catch a consistent rewrite from the journal and --from the exported checkpoints, and refuse to export it', async () => {
    const tamper = async (sql: string) => {
      await db.dataSource.transaction(async (m) => {
        if (kind === 'postgres') await m.query('ALTER TABLE audit_entries DISABLE TRIGGER trg_audit_entries_append_only');
        else await m.query('DROP TRIGGER IF EXISTS trg_audit_entries_no_update');
        await m.query(sql);
        if (kind === 'postgres') await m.query('ALTER TABLE audit_entries ENABLE TRIGGER trg_audit_entries_append_only');
      });
    };
    await tamper(`UPDATE audit_entries SET payload = '{"i":40}' WHERE chain = 'CB-CLI' AND position = 4`);

    const modified = await chibo(['audit', 'verify'], env);

    expect(modified.code).toBe(1);
    expect(modified.stdout).toMatch(/Chuỗi CB-CLI, mục #4 \(số \d+\): đã bị sửa/);

    // Hide it as a superuser would: recompute the hashes of #4 onwards.
    const { entryBody, entryHash, fieldsOf } = await import('@chibo/audit');
    const rows = (await db.dataSource.query("SELECT * FROM audit_entries WHERE chain = 'CB-CLI' ORDER BY position")) as Array<Parameters<typeof fieldsOf>[0]>;
    let prev = rows[2]!.hash;
    const updates: string[] = [];
    for (const row of rows.slice(3)) {
      const hash = entryHash(prev, entryBody(fieldsOf(row)));
      updates.push(`UPDATE audit_entries SET prev_hash = '${prev}', hash = '${hash}' WHERE id = ${Number(row.id)}`);
      prev = hash;
    }
    for (const sql of updates) await tamper(sql);
    await db.dataSource.transaction(async (m) => {
      if (kind === 'postgres') await m.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER trg_audit_checkpoints_append_only');
      else await m.query('DROP TRIGGER IF EXISTS trg_audit_checkpoints_no_delete');
      await m.query('DELETE FROM audit_checkpoints');
    });

    // With the database's checkpoints gone, only what lives outside the database can tell.
    expect((await chibo(['audit', 'verify', '--no-journal'], env)).code).toBe(0);
    const journaled = await chibo(['audit', 'verify'], env);
    const anchored = await chibo(['audit', 'verify', '--no-journal', '--from', join(dir, 'bundle')], env);
    const journalBefore = readFileSync(join(dir, 'journal', 'audit-journal.jsonl'), 'utf8');
    const exported = await chibo(['audit', 'export', '--out', join(dir, 'bundle-after')], env);

    expect(journaled.code).toBe(1);
    expect(journaled.stdout).toContain('[bị viết lại] Chuỗi CB-CLI đã bị viết lại');
    expect(journaled.stdout).toContain('sổ mốc ngoài cơ sở dữ liệu');
    expect(anchored.code).toBe(1);
    expect(anchored.stdout).toContain('[bị viết lại] Chuỗi CB-CLI đã bị viết lại');
    expect(anchored.stdout).toContain('mốc kiểm chứng bạn cung cấp');
    // Export refuses to bless the forged head: nothing signed, nothing written.
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('Không xuất và không ký mốc mới');
    expect(readFileSync(join(dir, 'journal', 'audit-journal.jsonl'), 'utf8')).toBe(journalBefore);
    expect(existsSync(join(dir, 'bundle-after'))).toBe(false);
  });

  it('should say what is wrong with a --from file that holds no checkpoint', async () => {
    const file = join(dir, 'not-a-checkpoint.json');
    writeFileSync(file, '{"hash":"abc"}');

    const result = await chibo(['audit', 'verify', '--from', file], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('không phải mốc kiểm chứng');
  });
});
