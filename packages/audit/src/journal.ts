import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { isSignedCheckpoint, type SignedCheckpoint } from './checkpoint';
import type { AuditProblem, LocatedCheckpoint } from './verify/problems';

/** Format tag of a journal line (what `chibo audit verify --from` recognises too). */
export const JOURNAL_FORMAT = 'chibo-audit-journal/1';

/** One line of the journal: a signed checkpoint, why it was issued, and when it was written. */
export interface JournalLine {
  format: typeof JOURNAL_FORMAT;
  reason: string;
  checkpoint: SignedCheckpoint;
}

export interface JournalContents {
  checkpoints: LocatedCheckpoint[];
  /** Lines that are not journal lines (a hand edit, a torn last line after a crash). */
  problems: AuditProblem[];
}

/**
 * The audit journal: every signed checkpoint, also appended to a file that lives outside the database
 * (`AUDIT_JOURNAL`; put it on another volume, an append-only mount or a host the database's administrators cannot
 * write), one JSON line each, written with O_APPEND and fsynced before the append is reported done. A database
 * superuser who rewrites a chain and deletes the checkpoints the database holds still contradicts this file;
 * `verifyDatabase` reads it by default (through the CLI and the API).
 *
 * A witness copy (`AUDIT_JOURNAL_WITNESS`: a second path, typically a folder the superior's host exports) receives the
 * same lines; a witness that cannot be written is reported to `onWitnessError` and never blocks the journal.
 *
 * Checkpoints issued inside a transaction reach the file only once that transaction has committed (a rolled-back
 * checkpoint would otherwise name a head that never existed): see {@link appendAfterCommit}.
 */
export class AuditJournal {
  /** Position and hash of the last journaled checkpoint of each chain (read from the file once, then kept up to date). */
  private heads: Map<string, { position: number; hash: string }> | undefined;
  /** One write at a time: lines stay whole and in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly options: { witnessPath?: string; onWitnessError?: (error: unknown) => void } = {},
  ) {}

  /** Opens (creates, mode 600, its folder 700) the journal; an existing journal is kept as it is. */
  static open(path: string, options: { witnessPath?: string; onWitnessError?: (error: unknown) => void } = {}): AuditJournal {
    for (const file of [path, options.witnessPath]) {
      if (!file) continue;
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      closeSync(openSync(file, 'a', 0o600));
    }
    return new AuditJournal(path, options);
  }

  get witnessPath(): string | undefined {
    return this.options.witnessPath;
  }

  /**
   * Appends checkpoints now, fsynced (the witness copy after the journal). Resolves once they are on disk; writes are
   * serialised, so concurrent appends never interleave within a line.
   */
  append(checkpoints: readonly SignedCheckpoint[], reason: string): Promise<void> {
    if (checkpoints.length === 0) return this.queue;
    const text = checkpoints.map((checkpoint) => `${JSON.stringify({ format: JOURNAL_FORMAT, reason, checkpoint } satisfies JournalLine)}\n`).join('');
    const run = this.queue.then(async () => {
      await appendDurably(this.path, text);
      for (const cp of checkpoints) this.heads?.set(cp.chain, { position: cp.position, hash: cp.hash });
      if (this.options.witnessPath) {
        try {
          await appendDurably(this.options.witnessPath, text);
        } catch (error) {
          this.options.onWitnessError?.(error);
        }
      }
    });
    // A failed write fails its own caller; the next append tries again.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends once `manager`'s transaction has committed (right away when there is none); nothing is written for a
   * transaction that rolls back. A crash between the commit and the write loses the line, never adds a false one:
   * the next periodic checkpoint covers the chain again, because what the journal holds decides what "moved" means.
   */
  appendAfterCommit(manager: EntityManager, checkpoints: readonly SignedCheckpoint[], reason: string): void | Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) return this.append(checkpoints, reason);
    if (!subscribed.has(manager.connection)) {
      manager.connection.subscribers.push(new JournalAfterCommit());
      subscribed.add(manager.connection);
    }
    const list = waiting.get(runner) ?? [];
    list.push({ journal: this, depth: transactionDepth(runner), checkpoints, reason });
    waiting.set(runner, list);
  }

  /** The last journaled checkpoint of each chain (the file is read once, then followed in memory). */
  async lastCheckpoints(): Promise<Map<string, { position: number; hash: string }>> {
    await this.queue;
    if (!this.heads) {
      const heads = new Map<string, { position: number; hash: string }>();
      for (const { checkpoint } of readJournal(this.path).checkpoints) {
        const known = heads.get(checkpoint.chain);
        if (!known || known.position <= checkpoint.position) heads.set(checkpoint.chain, { position: checkpoint.position, hash: checkpoint.hash });
      }
      this.heads = heads;
    }
    return this.heads;
  }

  /** Every checkpoint of the journal, for a verifier. */
  read(): JournalContents {
    return readJournal(this.path);
  }

  /** Waits for the writes in progress. */
  async flush(): Promise<void> {
    await this.queue;
  }
}

/**
 * Reads a journal (or a witness copy). Each line must be a journal line or a bare signed checkpoint; others are
 * reported as unreadable (a torn last line after a power cut is one). Signatures are the verifier's to check.
 */
export function readJournal(path: string): JournalContents {
  const checkpoints: LocatedCheckpoint[] = [];
  const problems: AuditProblem[] = [];
  const text = readFileSync(path, 'utf8');
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    const candidate = value !== null && typeof value === 'object' && (value as { format?: unknown }).format === JOURNAL_FORMAT ? (value as { checkpoint?: unknown }).checkpoint : value;
    if (!isSignedCheckpoint(candidate)) {
      problems.push({ code: 'unreadable', chain: null, position: null, entryId: null, message: `Dòng ${line} của sổ mốc ${path} không đọc được: sổ đã bị sửa hoặc hỏng.` });
      continue;
    }
    checkpoints.push({ checkpoint: candidate, origin: { kind: 'journal', file: path, line } });
  }
  return { checkpoints, problems };
}

/** What a verifier needs of the journal at `path` (see `VerifyOptions.journal`): its checkpoints, or that it is gone. */
export function journalEvidence(path: string): { path: string; checkpoints: LocatedCheckpoint[]; problems: AuditProblem[] } | { path: string; missing: true } {
  if (!existsSync(path)) return { path, missing: true };
  return { path, ...readJournal(path) };
}

/** Appends with O_APPEND (a batch of lines lands at the end, after whatever another process wrote), then fsync. */
async function appendDurably(path: string, text: string): Promise<void> {
  const file = await open(path, 'a', 0o600);
  try {
    await file.appendFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}

interface Waiting {
  journal: AuditJournal;
  depth: number;
  checkpoints: readonly SignedCheckpoint[];
  reason: string;
}

const waiting = new WeakMap<QueryRunner, Waiting[]>();
const subscribed = new WeakSet<object>();

/** Writes a transaction's checkpoints to the journal once it has committed; forgets those of a rolled-back block. */
class JournalAfterCommit implements EntitySubscriberInterface {
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    const list = waiting.get(runner);
    if (!list?.length) return;
    const depth = transactionDepth(runner);
    if (depth > 0) {
      // A savepoint was released: its checkpoints now belong to the enclosing block.
      for (const item of list) if (item.depth > depth) item.depth = depth;
      return;
    }
    waiting.delete(runner);
    // The transaction has committed: a journal that cannot be written must not make its caller believe otherwise
    // (and retry). The line is lost, and the next periodic checkpoint journals the chain again.
    for (const item of list) {
      await item.journal.append(item.checkpoints, item.reason).catch((error: unknown) => console.error(`[chibo] audit journal ${item.journal.path}: could not append`, error));
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    const list = waiting.get(runner);
    if (!list) return;
    const depth = transactionDepth(runner);
    const kept = list.filter((item) => item.depth <= depth);
    if (kept.length) waiting.set(runner, kept);
    else waiting.delete(runner);
  }
}

/** TypeORM's transaction nesting level of a query runner (0: none; 1: the outermost transaction). */
function transactionDepth(runner: QueryRunner): number {
  const depth = (runner as unknown as { transactionDepth?: unknown }).transactionDepth;
  return typeof depth === 'number' ? depth : 0;
}
