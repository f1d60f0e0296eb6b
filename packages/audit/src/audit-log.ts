import { AuditCheckpointRecord, AuditEntry, batchedInTransaction, documentChecksum, insertRows, Member, OrgUnit, ProcedureInstance } from '@chibo/db';
import type { ProcedureEvent } from '@chibo/procedure';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { AuditSigner } from './audit-key';
import { canonicalJson } from './canonical-json';
import type { AuditJournal } from './journal';
import { type SignedCheckpoint, signCheckpoint } from './checkpoint';
import { entryBody, entryHash, type EntryFields, GENESIS_HASH, SYSTEM_CHAIN } from './entry-body';

/** One entry to append. `chain` is an org unit's code (or {@link SYSTEM_CHAIN}); `payload` is any JSON value. */
export interface AuditInput {
  chain: string;
  /** When it happened (any ISO instant; stored as UTC). */
  at: string;
  /** When it was written; default: `at`. */
  recordedAt?: string;
  source: 'event' | 'admin';
  type: string;
  actorUserId?: string | null;
  memberId?: string | null;
  guidanceId?: string | null;
  instanceId?: string | null;
  seq?: number | null;
  findingCode?: string | null;
  documentId?: string | null;
  documentChecksum?: string | null;
  payload: unknown;
}

/** What the embedded runtime's `onEvents` hook passes: events just appended to one instance. */
export interface EventBatch {
  instanceId: string;
  orgId: string;
  /** The org unit's code, when the caller has it (spares a lookup per unit in a fan-out). */
  orgCode?: string;
  guidanceId: string | null;
  /** Sequence number of the first event (1-based). */
  fromSeq: number;
  events: readonly ProcedureEvent[];
  recordedAt: string;
}

/** Administrative actions the API records, with the acting user and before/after values. */
export const ADMIN_ACTIONS = [
  'org-created',
  'member-created',
  'member-updated',
  'members-imported',
  'user-created',
  'role-granted',
  'role-revoked',
  'password-changed',
  'password-reset',
  'user-disabled',
  'user-enabled',
  'user-logged-out',
  'definition-composed',
  'definition-published',
  'template-overridden',
  'document-cancelled',
  'score-sheet-saved',
  'year-rule-set',
  'self-criticism-reviewed',
] as const;
export type AdminActionType = (typeof ADMIN_ACTIONS)[number];

export interface AdminAction {
  type: AdminActionType;
  /** Code of the org unit it concerns (its chain); null for actions tied to no unit. */
  org: string | null;
  /** The user who acted (null: a seeding script or the CLI). */
  actorUserId: string | null;
  at: string;
  /** The member it concerns, when one (member edits, an account tied to a member). */
  memberId?: string | null;
  /** What was acted on (ids, codes), and the values before and after. */
  subject: Record<string, unknown>;
  before?: unknown;
  after?: unknown;
}

/** An entry as written: where it sits in its chain. */
export interface AppendedEntry {
  id: number;
  chain: string;
  position: number;
  hash: string;
}

export interface AuditLogOptions {
  /** Signs checkpoints; without it the log still appends, and asking for a checkpoint throws. */
  signer?: AuditSigner;
  /** Where "now" comes from for checkpoints (the runtime's clock, possibly simulated). Default: the system clock. */
  now?: () => string;
  /** The journal outside the database that every checkpoint is also appended to (after its transaction commits). */
  journal?: AuditJournal;
  /** Told about chains a periodic checkpoint refused to sign (they no longer extend their last journaled checkpoint). */
  onRefused?: (refused: RefusedChain[]) => void;
}

/** A chain the checkpointer would not sign: its entry at the last journaled position no longer has the journaled hash. */
export interface RefusedChain {
  chain: string;
  position: number;
  journaled: string;
  found: string | null;
}

/** Advisory-lock namespace of the audit chains on Postgres ("chib"): keeps them apart from any other advisory lock. */
const LOCK_NAMESPACE = 0x63686962;
/** Rows per INSERT (18 parameters each: well within every driver's limit). */
const INSERT_CHUNK = 500;
/** Caches of org and member ids: both are immutable once created, so entries never go stale. */
const CACHE_LIMIT = 50_000;

/**
 * Appends to the hash-chained audit log and issues signed checkpoints. Every append runs inside the caller's
 * transaction (the event or the change and its audit entry commit together); it takes the chains' locks (advisory
 * transaction locks on Postgres; SQLite has one writer at a time), reads the heads, and inserts the new entries with
 * their positions and hashes. On Postgres the events of one transaction are written together just before it commits.
 * Rows are never updated or deleted.
 */
export class AuditLog {
  private readonly orgCodes = new Map<string, string>();
  private readonly memberIds = new Map<string, string | null>();

  constructor(private readonly options: AuditLogOptions = {}) {}

  /** The signer's public key, when there is a signer. */
  get signer(): AuditSigner | undefined {
    return this.options.signer;
  }

  /** The journal outside the database, when there is one. */
  get journal(): AuditJournal | undefined {
    return this.options.journal;
  }

  /** Appends entries (in order within each chain) inside `manager`'s transaction; returns where each landed. */
  async append(manager: EntityManager, inputs: readonly AuditInput[]): Promise<AppendedEntry[]> {
    return appendEntries(manager, inputs);
  }

  /** The `onEvents` hook of the embedded runtime: one entry per event, in the chain of the instance's org unit. */
  async recordEvents(manager: EntityManager, batch: EventBatch): Promise<void> {
    const chain = batch.orgCode ?? (await this.orgCode(manager, batch.orgId));
    const inputs: AuditInput[] = [];
    for (const [i, event] of batch.events.entries()) {
      inputs.push({
        chain,
        at: event.at,
        recordedAt: batch.recordedAt,
        source: 'event',
        type: event.type,
        actorUserId: event.type === 'task-submitted' ? event.by.userId : null,
        memberId: await this.memberOf(manager, chain, event),
        guidanceId: batch.guidanceId,
        instanceId: batch.instanceId,
        seq: batch.fromSeq + i,
        findingCode: event.type === 'finding-recorded' || event.type === 'finding-resolved' ? event.code : null,
        ...(await documentOf(manager, event)),
        payload: event,
      });
    }
    if (!defer(manager, inputs)) await appendEntries(manager, inputs);
  }

  /** Records an administrative action (role change, member edit, publication…) inside the caller's transaction. */
  async recordAction(manager: EntityManager, action: AdminAction): Promise<AppendedEntry> {
    return recordAdminAction(manager, action);
  }

  /** Signs and stores a checkpoint of `chain`'s head; null when the chain is empty. */
  async checkpoint(manager: EntityManager, chain: string, reason: string): Promise<SignedCheckpoint | null> {
    const signer = this.requireSigner();
    // The checkpoints a group commit's writes take side by side read their heads, and are stored, together.
    const head = await batchedInTransaction(manager, 'audit-chain-heads', chain, async (m, chains) => {
      const heads = await chainHeads(m, [...new Set(chains)]);
      return chains.map((c) => heads.get(c) ?? null);
    });
    if (!head) return null;
    const cp = signCheckpoint(signer, { chain, position: head.position, hash: head.hash, issuedAt: this.now() });
    await batchedInTransaction(manager, 'audit-checkpoints', toRecord(cp, reason), async (m, records) => {
      await insertRows(m, AuditCheckpointRecord, records);
      return records.map(() => true);
    });
    await this.options.journal?.appendAfterCommit(manager, [cp], reason);
    return cp;
  }

  /**
   * Checkpoints every chain whose head moved since its last checkpoint (the periodic job, and before an export). With
   * a journal, "its last checkpoint" is the journal's — a checkpoint row deleted from the database, or never
   * journaled because of a crash, does not hide a chain from the next run — and a chain whose entry at its last
   * journaled position no longer has the journaled hash is not signed: it was rewritten, and signing its new head
   * would bless the forgery (it is reported to `onRefused`; `verifyDatabase` names the range).
   */
  async checkpointMoved(manager: EntityManager, reason: string): Promise<SignedCheckpoint[]> {
    const signer = this.requireSigner();
    const heads = (await manager
      .createQueryBuilder(AuditEntry, 'e')
      .select('e.chain', 'chain')
      .addSelect('MAX(e.position)', 'position')
      .groupBy('e.chain')
      .getRawMany()) as Array<{ chain: string; position: number | string }>;
    const journaled = await this.options.journal?.lastCheckpoints();
    const last = new Map<string, number>();
    if (journaled) {
      for (const [chain, cp] of journaled) last.set(chain, cp.position);
    } else {
      const covered = (await manager
        .createQueryBuilder(AuditCheckpointRecord, 'c')
        .select('c.chain', 'chain')
        .addSelect('MAX(c.position)', 'position')
        .groupBy('c.chain')
        .getRawMany()) as Array<{ chain: string; position: number | string }>;
      for (const c of covered) last.set(c.chain, Number(c.position));
    }
    const issuedAt = this.now();
    const checkpoints: SignedCheckpoint[] = [];
    const refused: RefusedChain[] = [];
    for (const head of heads) {
      const position = Number(head.position);
      if ((last.get(head.chain) ?? 0) >= position) continue;
      const before = journaled?.get(head.chain);
      if (before) {
        const kept = await manager.findOne(AuditEntry, { select: { hash: true }, where: { chain: head.chain, position: before.position } });
        if (kept?.hash !== before.hash) {
          refused.push({ chain: head.chain, position: before.position, journaled: before.hash, found: kept?.hash ?? null });
          continue;
        }
      }
      const entry = await manager.findOne(AuditEntry, { select: { hash: true }, where: { chain: head.chain, position } });
      if (entry) checkpoints.push(signCheckpoint(signer, { chain: head.chain, position, hash: entry.hash, issuedAt }));
    }
    for (let i = 0; i < checkpoints.length; i += 500) {
      await manager.insert(AuditCheckpointRecord, checkpoints.slice(i, i + 500).map((cp) => toRecord(cp, reason)));
    }
    await this.options.journal?.appendAfterCommit(manager, checkpoints, reason);
    if (refused.length) this.options.onRefused?.(refused);
    return checkpoints;
  }

  /**
   * Adds a signed checkpoint of the sending instance's chain to a report on its way up (`auditCheckpoint`): the
   * superior records the report in its own chain, so its chain anchors the cell's. Unchanged without a signer.
   */
  async sealReport(manager: EntityManager, sender: { instanceId: string; orgId?: string }, report: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!this.options.signer) return report;
    const orgId = sender.orgId ?? (await manager.findOne(ProcedureInstance, { select: { id: true, orgId: true }, where: { id: sender.instanceId } }))?.orgId;
    if (!orgId) return report;
    const cp = await this.checkpoint(manager, await this.orgCode(manager, orgId), 'report');
    return cp ? { ...report, auditCheckpoint: cp } : report;
  }

  /** Adds a signed checkpoint of `orgCode`'s chain to a document's data (`auditCheckpoint`): reports (BC) carry one. */
  async sealDocumentData(manager: EntityManager, orgCode: string, data: unknown): Promise<unknown> {
    if (!this.options.signer || data === null || typeof data !== 'object' || Array.isArray(data)) return data;
    const cp = await this.checkpoint(manager, orgCode, 'document');
    return cp ? { ...(data as Record<string, unknown>), auditCheckpoint: cp } : data;
  }

  private now(): string {
    return this.options.now ? this.options.now() : new Date().toISOString();
  }

  private requireSigner(): AuditSigner {
    if (!this.options.signer) throw new Error('This audit log has no signing key (AUDIT_KEY_PATH): it cannot issue checkpoints');
    return this.options.signer;
  }

  private async orgCode(manager: EntityManager, orgId: string): Promise<string> {
    const cached = this.orgCodes.get(orgId);
    if (cached !== undefined) return cached;
    const org = await manager.findOne(OrgUnit, { select: { id: true, code: true }, where: { id: orgId } });
    if (!org) throw new Error(`Audit: no org unit ${orgId}`);
    remember(this.orgCodes, orgId, org.code);
    return org.code;
  }

  /** The member an event is by (a submission) or for (a task opened for one member). */
  private async memberOf(manager: EntityManager, chain: string, event: ProcedureEvent): Promise<string | null> {
    let ref: { org: string; code: string } | undefined;
    if (event.type === 'task-submitted' && event.by.member) ref = { org: event.by.member.org, code: event.by.member.id };
    if (event.type === 'task-opened' && 'member' in event.assignee) ref = { org: chain, code: event.assignee.member };
    if (!ref) return null;
    const key = `${ref.org}\u0000${ref.code}`;
    if (this.memberIds.has(key)) return this.memberIds.get(key) ?? null;
    const row = (await manager
      .createQueryBuilder(Member, 'm')
      .innerJoin(OrgUnit, 'o', 'o.id = m.org_id')
      .select('m.id', 'id')
      .where('o.code = :org AND m.code = :code', ref)
      .getRawOne()) as { id: string } | undefined;
    remember(this.memberIds, key, row?.id ?? null);
    return row?.id ?? null;
  }
}

/** Entries of open PostgreSQL transactions, with the (savepoint) depth they were recorded at. */
const pending = new WeakMap<QueryRunner, Array<{ depth: number; input: AuditInput }>>();
const attached = new WeakSet<DataSource>();

/**
 * On PostgreSQL, keeps the entries of the caller's transaction to write them all at once just before it commits
 * (a fan-out to thousands of cells then costs a few statements instead of a few per cell); returns false when they
 * must be written now (SQLite, whose single connection may interleave transactions; or no transaction).
 */
function defer(manager: EntityManager, inputs: AuditInput[]): boolean {
  const runner = manager.queryRunner;
  const depth = transactionDepth(runner);
  if (manager.connection.options.type !== 'postgres' || !runner || !runner.isTransactionActive || depth < 1) return false;
  if (!attached.has(manager.connection)) {
    manager.connection.subscribers.push(new DeferredEntriesSubscriber());
    attached.add(manager.connection);
  }
  const list = pending.get(runner) ?? [];
  for (const input of inputs) list.push({ depth, input });
  pending.set(runner, list);
  return true;
}

/** Writes a transaction's deferred entries before it commits; forgets those of a rolled-back (savepoint) block. */
class DeferredEntriesSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    const list = pending.get(runner);
    if (!list?.length) return;
    const depth = transactionDepth(runner);
    if (depth > 1) {
      // Releasing a savepoint: its entries now belong to the enclosing block.
      for (const item of list) if (item.depth >= depth) item.depth = depth - 1;
      return;
    }
    pending.delete(runner);
    await appendEntries(runner.manager, list.map((item) => item.input));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    const list = pending.get(runner);
    if (!list) return;
    const depth = runner.isTransactionActive ? transactionDepth(runner) : 0;
    const kept = list.filter((item) => item.depth <= depth);
    if (kept.length) pending.set(runner, kept);
    else pending.delete(runner);
  }
}

/** TypeORM's transaction nesting level of a query runner (1: the outermost transaction; savepoints above). */
function transactionDepth(runner: QueryRunner | undefined): number {
  const depth = (runner as unknown as { transactionDepth?: unknown } | undefined)?.transactionDepth;
  return typeof depth === 'number' ? depth : 0;
}

/**
 * Appends entries inside `manager`'s transaction (see {@link AuditLog}); usable without an `AuditLog` instance.
 * Entries keep their order within each chain. All the chains touched are locked first, in one fixed order (so two
 * transactions touching the same chains cannot deadlock), their heads read in one query, and the rows inserted in
 * chunks: a fan-out to thousands of cells costs a few round trips, not a few per cell.
 */
export async function appendEntries(manager: EntityManager, inputs: readonly AuditInput[]): Promise<AppendedEntry[]> {
  const byChain = new Map<string, AuditInput[]>();
  for (const input of inputs) {
    const list = byChain.get(input.chain);
    if (list) list.push(input);
    else byChain.set(input.chain, [input]);
  }
  const chains = [...byChain.keys()];
  let heads = await lockAndReadHeads(manager, chains);
  if (!heads) {
    await lockChains(manager, chains);
    heads = await chainHeads(manager, chains);
  }
  const rows: Array<Omit<AuditEntry, 'id'>> = [];
  for (const [chain, list] of byChain) {
    const head = heads.get(chain);
    let position = head?.position ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    for (const input of list) {
      const fields = toFields(input);
      const hash = entryHash(prevHash, entryBody(fields));
      rows.push({ ...fields, position: ++position, prevHash, hash });
      prevHash = hash;
    }
  }
  const appended: AppendedEntry[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const ids = await insertRows(manager, AuditEntry, chunk, 'id');
    chunk.forEach((row, j) => appended.push({ id: Number(ids[j]), chain: row.chain, position: row.position, hash: row.hash }));
  }
  return appended;
}

/** Records an administrative action in the chain of its org unit (see {@link AdminAction}). */
export async function recordAdminAction(manager: EntityManager, action: AdminAction): Promise<AppendedEntry> {
  const [entry] = await recordAdminActions(manager, [action]);
  return entry!;
}

/** Records several administrative actions at once (one append: their chains are locked together, in a fixed order). */
export async function recordAdminActions(manager: EntityManager, actions: readonly AdminAction[]): Promise<AppendedEntry[]> {
  return appendEntries(
    manager,
    actions.map((action) => ({
      chain: action.org ?? SYSTEM_CHAIN,
      at: action.at,
      source: 'admin' as const,
      type: action.type,
      actorUserId: action.actorUserId,
      memberId: action.memberId ?? null,
      payload: { action: action.type, org: action.org, subject: action.subject, before: action.before ?? null, after: action.after ?? null },
    })),
  );
}

/** The last entry of a chain (position and hash), or undefined when the chain is empty. */
export async function chainHead(manager: EntityManager, chain: string): Promise<{ position: number; hash: string } | undefined> {
  const row = (await manager
    .createQueryBuilder(AuditEntry, 'e')
    .select('e.position', 'position')
    .addSelect('e.hash', 'hash')
    .where('e.chain = :chain', { chain })
    .orderBy('e.position', 'DESC')
    .limit(1)
    .getRawOne()) as { position: number | string; hash: string } | undefined;
  return row ? { position: Number(row.position), hash: row.hash } : undefined;
}

/** The advisory-lock keys of chains, distinct and ascending (a fixed order, so appenders cannot deadlock on them). */
function lockKeys(chains: readonly string[]): number[] {
  return [...new Set(chains.map((chain) => createHash('sha256').update(chain).digest().readInt32BE(0)))].sort((a, b) => a - b);
}

/** Joined to `c(chain)`: the last entry of each chain, one index probe per chain. */
const HEAD_OF_EACH_CHAIN = 'CROSS JOIN LATERAL (SELECT e.position, e.hash FROM audit_entries e WHERE e.chain = c.chain ORDER BY e.position DESC LIMIT 1) h';

/**
 * Serialises appenders of the same chains until the transaction ends. PostgreSQL: advisory transaction locks keyed by
 * chain, taken in ascending key order in one statement (a head read after them sees every committed entry). SQLite:
 * writers are already one at a time.
 */
async function lockChains(manager: EntityManager, chains: readonly string[]): Promise<void> {
  if (manager.connection.options.type !== 'postgres' || chains.length === 0) return;
  const keys = lockKeys(chains);
  await manager.query('SELECT pg_advisory_xact_lock($1, k) FROM unnest($2::int[]) AS k', [LOCK_NAMESPACE, keys]);
}

/**
 * PostgreSQL, inside a transaction: takes the chains' locks and then reads their heads in ONE round trip — two
 * statements sent together as a simple query. Each statement of a simple query takes its own snapshot (read
 * committed), so the head read starts after the locks are held and sees every entry committed before, exactly as two
 * round trips would. Values are inlined as literals (a simple query has no parameters): lock keys are integers and
 * chain names are escaped. Undefined when this does not apply (SQLite, no transaction, very many chains).
 */
async function lockAndReadHeads(manager: EntityManager, chains: readonly string[]): Promise<Map<string, { position: number; hash: string }> | undefined> {
  const runner = manager.queryRunner;
  if (manager.connection.options.type !== 'postgres' || !runner?.isTransactionActive || chains.length === 0 || chains.length > 1_000) return undefined;
  const keys = lockKeys(chains);
  const names = chains.map(sqlLiteral).join(', ');
  const sql =
    `SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, k) FROM unnest(ARRAY[${keys.join(', ')}]::int[]) AS k; ` +
    `SELECT c.chain, h.position, h.hash FROM unnest(ARRAY[${names}]::text[]) AS c(chain) ` +
    HEAD_OF_EACH_CHAIN;
  const client = (await runner.connect()) as { query(text: string): Promise<Array<{ rows: Array<{ chain: string; position: number | string; hash: string }> }>> };
  const results = await client.query(sql);
  const heads = new Map<string, { position: number; hash: string }>();
  for (const row of results[1]?.rows ?? []) heads.set(row.chain, { position: Number(row.position), hash: row.hash });
  return heads;
}

/** A string as a PostgreSQL escape-string literal, whatever standard_conforming_strings says. */
function sqlLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('Audit: a chain name cannot contain NUL');
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The heads of several chains (absent: the chain is empty). PostgreSQL: one index probe per chain, one round trip. */
async function chainHeads(manager: EntityManager, chains: readonly string[]): Promise<Map<string, { position: number; hash: string }>> {
  const heads = new Map<string, { position: number; hash: string }>();
  if (manager.connection.options.type !== 'postgres') {
    for (const chain of chains) {
      const head = await chainHead(manager, chain);
      if (head) heads.set(chain, head);
    }
    return heads;
  }
  for (let i = 0; i < chains.length; i += 5_000) {
    const rows = (await manager.query(
      `SELECT c.chain, h.position, h.hash FROM unnest($1::text[]) AS c(chain) ${HEAD_OF_EACH_CHAIN}`,
      [chains.slice(i, i + 5_000)],
    )) as Array<{ chain: string; position: number; hash: string }>;
    for (const row of rows) heads.set(row.chain, { position: Number(row.position), hash: row.hash });
  }
  return heads;
}

function toFields(input: AuditInput): EntryFields {
  const at = new Date(input.at);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Audit: "${input.at}" is not an instant`);
  const recordedAt = input.recordedAt === undefined ? at : new Date(input.recordedAt);
  if (Number.isNaN(recordedAt.getTime())) throw new RangeError(`Audit: "${input.recordedAt}" is not an instant`);
  return {
    chain: input.chain,
    at: at.toISOString(),
    recordedAt: recordedAt.toISOString(),
    source: input.source,
    type: input.type,
    actorUserId: input.actorUserId ?? null,
    memberId: input.memberId ?? null,
    guidanceId: input.guidanceId ?? null,
    instanceId: input.instanceId ?? null,
    seq: input.seq ?? null,
    findingCode: input.findingCode ?? null,
    documentId: input.documentId ?? null,
    documentChecksum: input.documentChecksum ?? null,
    payload: canonicalJson(input.payload),
  };
}

/** For an effect that issued a document: its id and its checksum as stored now. */
async function documentOf(manager: EntityManager, event: ProcedureEvent): Promise<{ documentId: string | null; documentChecksum: string | null }> {
  if (event.type !== 'effect-completed') return { documentId: null, documentChecksum: null };
  const document = event.result['document'];
  const id = document !== null && typeof document === 'object' ? (document as Record<string, unknown>)['id'] : undefined;
  if (typeof id !== 'string') return { documentId: null, documentChecksum: null };
  return { documentId: id, documentChecksum: (await documentChecksum(manager, id)) ?? null };
}

function toRecord(cp: SignedCheckpoint, reason: string): Omit<AuditCheckpointRecord, 'id'> {
  return { chain: cp.chain, position: cp.position, hash: cp.hash, issuedAt: cp.issuedAt, keyId: cp.keyId, signature: cp.signature, reason };
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
}
