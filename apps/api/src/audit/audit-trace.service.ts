import { AuditCheckpointRecord, AuditEntry, DocumentEntity, Finding, Member, OrgUnit, User } from '@chibo/db';
import {
  AuditLog,
  CHECKPOINT_FORMAT,
  entryBody,
  entryHash,
  GENESIS_HASH,
  SYSTEM_CHAIN,
  type SignedCheckpoint,
  type VerificationReport,
  verifyDatabase,
  journalEvidence,
} from '@chibo/audit';
import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { NotFoundError } from '../common/errors';
import { orgNotFound } from '../orgs/org-units';
import { type CheckpointsQuery, rangeEnd, rangeStart, type TraceQuery, type VerifyQuery } from './dto/audit-query.dto';
import { literal, TRACE_COLUMNS, writeTraceJson } from './trace-json';

/** One audit entry as the trace lists it, with links to its event and its document. */
export interface TraceEntry {
  /** Global sequence number. */
  id: number;
  /** The org unit's code whose chain holds it (or `_system`). */
  chain: string;
  position: number;
  /** When it happened (UTC). */
  at: string;
  recordedAt: string;
  source: 'event' | 'admin';
  type: string;
  actor: { userId: string; login: string | null; displayName: string | null } | null;
  member: { id: string; code: string | null; name: string | null } | null;
  guidanceId: string | null;
  /** The domain event this entry records: its instance, its position in the instance's log, and where to read it. */
  event: { instanceId: string; seq: number | null; href: string } | null;
  finding: string | null;
  /** The document the entry issued, with the checksum recorded then (compare with the document's own). */
  document: { id: string; number: string | null; type: string | null; checksum: string | null; currentChecksum: string | null; href: string } | null;
  hash: string;
  prevHash: string;
  payload?: unknown;
}

/** An entry with its content and a check of its own integrity (its hash, its link to the entry before it). */
export interface TraceEntryDetail extends TraceEntry {
  payload: unknown;
  integrity: { hashMatches: boolean; linkMatches: boolean };
}

/** A stored checkpoint, as exported. */
export type CheckpointView = SignedCheckpoint & { id: number; reason: string };

/** Codes of the entries' org units, and whether the caller may see the system chain. */
interface Sight {
  /** Only this chain (an org the caller asked for); undefined: every chain in scope. */
  chain?: string;
  systemChain: boolean;
}

interface RawEntry {
  e_id: number;
  e_chain: string;
  e_position: number;
  e_prev_hash: string;
  e_hash: string;
  e_at: string;
  e_recorded_at: string;
  e_source: 'event' | 'admin';
  e_type: string;
  e_actor_user_id: string | null;
  e_member_id: string | null;
  e_guidance_id: string | null;
  e_instance_id: string | null;
  e_seq: number | null;
  e_finding_code: string | null;
  e_document_id: string | null;
  e_document_checksum: string | null;
  e_payload?: string;
  u_login: string | null;
  u_display_name: string | null;
  m_code: string | null;
  m_name: string | null;
  d_number: string | null;
  d_type: string | null;
  d_checksum: string | null;
}

/**
 * Trace queries over the audit log (the API's `/audit` routes and the auditor pages): by org unit, guidance, member,
 * time range, finding, instance or type, always within the caller's scope (the subtrees of their grants; the
 * system chain only for admins and auditors of a root unit).
 */
@Injectable()
export class AuditTraceService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly audit: AuditLog,
  ) {}

  /** A page of entries in global order; `next` is the `after` of the following page (null on the last one). */
  async trace(user: AuthUser, query: TraceQuery): Promise<{ items: TraceEntry[]; next: number | null }> {
    const sight = await this.sight(user, query.org);
    const qb = this.base(query.payload === 'true');
    this.restrict(qb, user, sight);
    if (query.guidance) qb.andWhere('e.guidance_id = :guidance', { guidance: query.guidance });
    if (query.member) {
      qb.andWhere('(e.member_id = :member OR e.actor_user_id IN (SELECT mu.id FROM users mu WHERE mu.member_id = :member))', { member: query.member });
    }
    if (query.instance) qb.andWhere('e.instance_id = :instance', { instance: query.instance });
    if (query.finding) qb.andWhere('e.finding_code = :finding', { finding: query.finding });
    if (query.findingId) {
      const finding = await this.visibleFinding(user, query.findingId);
      qb.andWhere('e.instance_id = :findingInstance AND e.finding_code = :findingCode', { findingInstance: finding.instanceId, findingCode: finding.code });
    }
    if (query.type) qb.andWhere('e.type = :type', { type: query.type });
    if (query.from) qb.andWhere('e.at >= :from', { from: rangeStart(query.from) });
    if (query.to) qb.andWhere('e.at < :to', { to: rangeEnd(query.to) });
    if (query.after !== undefined) qb.andWhere('e.id > :after', { after: query.after });
    const rows = (await qb.orderBy(orderOf(sight), 'ASC').limit(query.limit).getRawMany()) as RawEntry[];
    const items = rows.map((row) => toTraceEntry(row, query.payload === 'true'));
    return { items, next: items.length === query.limit ? items[items.length - 1]!.id : null };
  }

  /**
   * The same page as {@link trace}, as the JSON bytes of `{ items, next }`. On PostgreSQL (without payloads) the rows
   * are streamed with binary COPY and written as JSON without building objects: a cell's ten-year trace (5,000
   * entries) in a few tens of milliseconds.
   */
  async traceJson(user: AuthUser, query: TraceQuery): Promise<Buffer> {
    if (this.ds.options.type !== 'postgres' || query.payload === 'true') return Buffer.from(JSON.stringify(await this.trace(user, query)));
    const sight = await this.sight(user, query.org);
    const where: string[] = [];
    if (sight.chain !== undefined) {
      where.push(`e.chain = ${literal(sight.chain)}`);
    } else {
      const filter = this.scope.subtreeFilter(user, 'o.path');
      let clause = filter.where;
      // Longest names first: :scopePath10 must not be taken for :scopePath1 followed by "0".
      for (const name of Object.keys(filter.params).sort((a, b) => b.length - a.length)) clause = clause.split(`:${name}`).join(literal(filter.params[name]!));
      where.push(sight.systemChain ? `(${clause} OR e.chain = ${literal(SYSTEM_CHAIN)})` : clause);
    }
    if (query.guidance) where.push(`e.guidance_id = ${literal(query.guidance)}`);
    if (query.member) where.push(`(e.member_id = ${literal(query.member)} OR e.actor_user_id IN (SELECT mu.id FROM users mu WHERE mu.member_id = ${literal(query.member)}))`);
    if (query.instance) where.push(`e.instance_id = ${literal(query.instance)}`);
    if (query.finding) where.push(`e.finding_code = ${literal(query.finding)}`);
    if (query.findingId) {
      const finding = await this.visibleFinding(user, query.findingId);
      where.push(`e.instance_id = ${literal(finding.instanceId)} AND e.finding_code = ${literal(finding.code)}`);
    }
    if (query.type) where.push(`e.type = ${literal(query.type)}`);
    if (query.from) where.push(`e.at >= ${literal(rangeStart(query.from))}`);
    if (query.to) where.push(`e.at < ${literal(rangeEnd(query.to))}`);
    if (query.after !== undefined) where.push(`e.id > ${Math.trunc(query.after)}`);
    const sql =
      `SELECT ${TRACE_COLUMNS.join(', ')} FROM audit_entries e LEFT JOIN org_units o ON o.code = e.chain ` +
      'LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN members m ON m.id = e.member_id LEFT JOIN documents d ON d.id = e.document_id ' +
      `WHERE ${where.join(' AND ')} ORDER BY ${orderOf(sight)} LIMIT ${Math.trunc(query.limit)}`;
    return writeTraceJson(this.ds, sql, query.limit);
  }

  /** One entry with its content and its own integrity check; 404 outside the caller's scope. */
  async entry(user: AuthUser, id: number): Promise<TraceEntryDetail> {
    const qb = this.base(true).where('e.id = :id', { id });
    this.restrict(qb, user, await this.sight(user));
    const row = (await qb.getRawOne()) as RawEntry | undefined;
    if (!row) throw new NotFoundError(`Không tìm thấy mục nhật ký ${id}`, 'audit-entry-not-found').worded('audit-entry-not-found', { entry: id });
    const previous = Number(row.e_position) > 1 ? await this.ds.manager.findOne(AuditEntry, { select: { hash: true }, where: { chain: row.e_chain, position: Number(row.e_position) - 1 } }) : null;
    const entry = toTraceEntry(row, true) as TraceEntryDetail;
    const body = entryBody({
      chain: row.e_chain,
      at: row.e_at,
      recordedAt: row.e_recorded_at,
      source: row.e_source,
      type: row.e_type,
      actorUserId: row.e_actor_user_id,
      memberId: row.e_member_id,
      guidanceId: row.e_guidance_id,
      instanceId: row.e_instance_id,
      seq: row.e_seq === null ? null : Number(row.e_seq),
      findingCode: row.e_finding_code,
      documentId: row.e_document_id,
      documentChecksum: row.e_document_checksum,
      payload: row.e_payload ?? 'null',
    });
    entry.integrity = {
      hashMatches: entryHash(row.e_prev_hash, body) === row.e_hash,
      linkMatches: row.e_prev_hash === (Number(row.e_position) === 1 ? GENESIS_HASH : (previous?.hash ?? null)),
    };
    return entry;
  }

  /** Stored checkpoints of the chains in scope, newest first (what an auditor keeps outside the database). */
  async checkpoints(user: AuthUser, query: CheckpointsQuery): Promise<CheckpointView[]> {
    const chains = await this.chainsInScope(user, query.org);
    if (chains.length === 0) return [];
    const rows: AuditCheckpointRecord[] = [];
    for (let i = 0; i < chains.length; i += 500) {
      rows.push(
        ...(await this.ds.manager
          .createQueryBuilder(AuditCheckpointRecord, 'c')
          .where('c.chain IN (:...chains)', { chains: chains.slice(i, i + 500) })
          .orderBy('c.id', 'DESC')
          .limit(query.limit)
          .getMany()),
      );
    }
    return rows
      .sort((a, b) => b.id - a.id)
      .slice(0, query.limit)
      .map((c) => ({ format: CHECKPOINT_FORMAT, chain: c.chain, position: c.position, hash: c.hash, issuedAt: c.issuedAt, keyId: c.keyId, signature: c.signature, id: c.id, reason: c.reason }));
  }

  /** Verifies the chains in scope (recomputed hashes, checkpoints, documents); problems name every bad range. */
  async verify(user: AuthUser, query: VerifyQuery): Promise<VerificationReport> {
    const chains = await this.chainsInScope(user, query.org);
    const signer = this.audit.signer;
    const journal = this.audit.journal;
    if (journal) await journal.flush();
    // Against the journal outside the database by default: a rewrite that deleted the database's checkpoints still shows.
    return verifyDatabase(this.ds, { keys: signer ? [signer.publicOnly()] : [], chains, ...(journal ? { journal: journalEvidence(journal.path) } : {}) });
  }

  /** The public key that checks every checkpoint of this installation. */
  publicKey(): { keyId: string; pem: string } | null {
    const signer = this.audit.signer;
    return signer ? { keyId: signer.keyId, pem: signer.pem } : null;
  }

  /** Codes of the org units in scope (under `org` when given), plus the system chain for root admins and auditors. */
  async chainsInScope(user: AuthUser, org?: string): Promise<string[]> {
    const qb = this.ds.manager.createQueryBuilder(OrgUnit, 'o').select('o.code', 'code');
    if (org) {
      const unit = await this.ds.manager.findOne(OrgUnit, { where: { code: org } });
      const visible = this.scope.requireVisible(user, unit, orgNotFound(org));
      const filter = this.scope.subtreeFilter(user, 'o.path', [visible.path]);
      qb.where(filter.where, filter.params);
    } else {
      const filter = this.scope.subtreeFilter(user, 'o.path');
      qb.where(filter.where, filter.params);
    }
    const codes = ((await qb.getRawMany()) as Array<{ code: string }>).map((r) => r.code);
    return !org && seesSystemChain(user) ? [...codes, SYSTEM_CHAIN] : codes;
  }

  private async sight(user: AuthUser, org?: string): Promise<Sight> {
    if (org === undefined) return { systemChain: seesSystemChain(user) };
    const unit = await this.ds.manager.findOne(OrgUnit, { where: { code: org } });
    this.scope.requireVisible(user, unit, orgNotFound(org));
    return { chain: org, systemChain: false };
  }

  private async visibleFinding(user: AuthUser, id: string): Promise<Finding> {
    const finding = await this.ds.manager.findOne(Finding, { where: { id } });
    const org = finding ? await this.ds.manager.findOne(OrgUnit, { where: { id: finding.orgId } }) : null;
    if (!finding || !org || !this.scope.canSee(user, org.path)) throw new NotFoundError(`Không tìm thấy phát hiện ${id}`, 'finding-not-found').worded('finding-not-found', { finding: id });
    return finding;
  }

  private base(withPayload: boolean): SelectQueryBuilder<AuditEntry> {
    const columns = ['id', 'chain', 'position', 'prev_hash', 'hash', 'at', 'recorded_at', 'source', 'type', 'actor_user_id', 'member_id', 'guidance_id', 'instance_id', 'seq', 'finding_code', 'document_id', 'document_checksum', ...(withPayload ? ['payload'] : [])];
    const qb = this.ds.manager.createQueryBuilder(AuditEntry, 'e').select('e.id', 'e_id');
    for (const c of columns.slice(1)) qb.addSelect(`e.${c}`, `e_${c}`);
    return qb
      .leftJoin(OrgUnit, 'o', 'o.code = e.chain')
      .leftJoin(User, 'u', 'u.id = e.actor_user_id')
      .leftJoin(Member, 'm', 'm.id = e.member_id')
      .leftJoin(DocumentEntity, 'd', 'd.id = e.document_id')
      .addSelect('u.login', 'u_login')
      .addSelect('u.display_name', 'u_display_name')
      .addSelect('m.code', 'm_code')
      .addSelect('m.name', 'm_name')
      .addSelect('d.number', 'd_number')
      .addSelect('d.type', 'd_type')
      .addSelect('d.checksum', 'd_checksum');
  }

  private restrict(qb: SelectQueryBuilder<AuditEntry>, user: AuthUser, sight: Sight): void {
    if (sight.chain !== undefined) {
      qb.andWhere('e.chain = :chain', { chain: sight.chain });
      return;
    }
    const filter = this.scope.subtreeFilter(user, 'o.path');
    qb.andWhere(sight.systemChain ? `(${filter.where} OR e.chain = :systemChain)` : filter.where, { ...filter.params, systemChain: SYSTEM_CHAIN });
  }
}

/**
 * One unit's trace is read in chain order, straight off the (chain, position) index (no sort: the rows stream out as
 * they are read); the same order as the global sequence, which grows along every intact chain (the verifier checks).
 * Several chains are listed in global order.
 */
function orderOf(sight: Sight): string {
  return sight.chain !== undefined ? 'e.position' : 'e.id';
}

/** Admins and auditors of a root unit see the system chain (accounts created without a unit). */
function seesSystemChain(user: AuthUser): boolean {
  return user.grants.some((g) => (g.role === 'admin' || g.role === 'auditor') && g.orgPath.split('/').filter(Boolean).length === 1);
}

function toTraceEntry(row: RawEntry, withPayload: boolean): TraceEntry {
  const instanceId = row.e_instance_id;
  return {
    id: Number(row.e_id),
    chain: row.e_chain,
    position: Number(row.e_position),
    at: row.e_at,
    recordedAt: row.e_recorded_at,
    source: row.e_source,
    type: row.e_type,
    actor: row.e_actor_user_id ? { userId: row.e_actor_user_id, login: row.u_login, displayName: row.u_display_name } : null,
    member: row.e_member_id ? { id: row.e_member_id, code: row.m_code, name: row.m_name } : null,
    guidanceId: row.e_guidance_id,
    event: instanceId ? { instanceId, seq: row.e_seq === null ? null : Number(row.e_seq), href: `/api/v1/instances/${encodeURIComponent(instanceId)}/timeline` } : null,
    finding: row.e_finding_code,
    document: row.e_document_id
      ? {
          id: row.e_document_id,
          number: row.d_number,
          type: row.d_type,
          checksum: row.e_document_checksum,
          currentChecksum: row.d_checksum,
          href: `/api/v1/documents?instance=${encodeURIComponent(instanceId ?? '')}`,
        }
      : null,
    hash: row.e_hash,
    prevHash: row.e_prev_hash,
    ...(withPayload ? { payload: row.e_payload === undefined ? null : (JSON.parse(row.e_payload) as unknown) } : {}),
  };
}
