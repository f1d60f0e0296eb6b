import {
  AuditJournal,
  AuditLog,
  AuditPublicKey,
  AuditSigner,
  exportBundle,
  formatReport,
  type LocatedCheckpoint,
  readCheckpointsFile,
  type VerificationReport,
  verifyBundle,
  verifyDatabase,
  journalEvidence,
} from '@chibo/audit';
import { loadConfig } from '@chibo/config';
import { createDataSource, runMigrations } from '@chibo/db';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface AuditVerifyOptions {
  /** A bundle folder to verify without any database. */
  bundle?: string;
  /** Checkpoints kept outside the database: a bundle folder, a JSON file or a JSON-lines file. */
  from?: string;
  /** Public keys to trust (PEM files); default: the bundle's own key, or the installation's (AUDIT_KEY_PATH). */
  publicKey?: string[];
  /** The journal outside the database to check against; default: AUDIT_JOURNAL. `false` (--no-journal): none. */
  journal?: string | false;
  json?: boolean;
}

/**
 * `chibo audit verify [--bundle DIR] [--from CHECKPOINTS] [--journal FILE | --no-journal] [--public-key PEM…] [--json]`:
 * recomputes every chain, checks every signature and checkpoint — those of the journal outside the database
 * (AUDIT_JOURNAL) included, by default — and prints every bad range of each chain. Exit code 0 when the log is
 * intact, 1 when something was found, 2 when it could not be checked.
 */
export async function auditVerify(options: AuditVerifyOptions): Promise<number> {
  let anchors: LocatedCheckpoint[] = [];
  let keys: AuditPublicKey[] = [];
  try {
    if (options.from) anchors = readCheckpointsFile(resolve(options.from));
    keys = (options.publicKey ?? []).map((file) => AuditPublicKey.fromPem(readFileSync(resolve(file), 'utf8')));
  } catch (error) {
    console.error(`Không đọc được tệp: ${(error as Error).message}`);
    return 2;
  }

  let report: VerificationReport & { keySource?: 'given' | 'bundle' };
  if (options.bundle) {
    try {
      report = await verifyBundle(resolve(options.bundle), { keys, anchors });
    } catch (error) {
      console.error(`Không kiểm tra được gói ${options.bundle}: ${(error as Error).message}`);
      return 2;
    }
  } else {
    const config = loadConfig();
    if (keys.length === 0) {
      if (!existsSync(config.auditKeyPath)) {
        console.error(`Không có khóa để kiểm chữ ký: ${config.auditKeyPath} chưa có (máy chủ tạo khi chạy lần đầu). Dùng --public-key <tệp PEM>.`);
        return 2;
      }
      keys = [AuditPublicKey.fromPem(readFileSync(config.auditKeyPath, 'utf8'))];
    }
    const journalPath = options.journal === false ? undefined : resolve(options.journal ?? config.auditJournalPath);
    const dataSource = await openDatabase(config);
    try {
      report = await verifyDatabase(dataSource, { keys, anchors, ...(journalPath ? { journal: journalEvidence(journalPath) } : {}) });
    } finally {
      await dataSource.destroy();
    }
  }
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}

/**
 * `chibo audit export --out DIR`: verifies the whole log first (against the journal outside the database) and refuses
 * to go on when anything is wrong — signing the heads of a rewritten chain would bless the forgery. Then signs a
 * checkpoint of every chain that moved since its last journaled one (appended to the journal), and writes the bundle
 * (entries, checkpoints — the journal's included —, documents, public key) that `chibo audit verify --bundle DIR`
 * checks offline. Exit code 0 when written, 1 when refused.
 */
export async function auditExport(options: { out: string }): Promise<number> {
  const config = loadConfig();
  const { signer } = AuditSigner.loadOrCreate(config.auditKeyPath);
  const journal = AuditJournal.open(config.auditJournalPath, config.auditJournalWitnessPath ? { witnessPath: config.auditJournalWitnessPath } : {});
  const audit = new AuditLog({ signer, journal });
  const dataSource = await openDatabase(config);
  try {
    const report = await verifyDatabase(dataSource, { keys: [signer.publicOnly()], journal: journalEvidence(journal.path) });
    if (!report.ok) {
      console.error(formatReport(report));
      console.error('Không xuất và không ký mốc mới: nhật ký kiểm tra đã bị thay đổi (xem các vấn đề ở trên). Giữ nguyên hiện trạng và báo cho cấp trên.');
      return 1;
    }
    const signed = await dataSource.transaction((m) => audit.checkpointMoved(m, 'export'));
    await journal.flush();
    const manifest = await exportBundle(dataSource, resolve(options.out), { publicKey: signer.publicOnly(), extraCheckpoints: journal.read().checkpoints });
    console.log(
      `Đã kiểm tra ${report.entries} mục (toàn vẹn), xuất ${manifest.entries} mục của ${Object.keys(manifest.heads).length} chuỗi, ${manifest.checkpoints} mốc kiểm chứng (${signed.length} mốc mới ký, ghi cả vào sổ mốc ${journal.path}) và ${manifest.documents} văn bản vào ${resolve(options.out)}.`,
    );
    console.log(`Mã khóa ký: ${manifest.keyId}. Kiểm tra: chibo audit verify --bundle ${options.out}`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

async function openDatabase(config: ReturnType<typeof loadConfig>) {
  const dataSource = createDataSource(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
