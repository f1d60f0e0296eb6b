import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IntColumn, IsoColumn, TextColumn, UuidColumn } from '../columns';

/** Name of the unique index that makes two appenders of one chain position collide. */
export const AUDIT_ENTRY_POSITION_UNIQUE_INDEX = 'uq_audit_entries_chain_position';

/** Where an audit entry comes from: a domain event of a procedure, or an administrative action through the API. */
export type AuditSource = 'event' | 'admin';

/**
 * One entry of the hash-chained audit log (`@chibo/audit`). Append-only: code never updates or deletes a row (the
 * {@link AppendOnlySubscriber} refuses it) and database triggers refuse it too. Every column except `id`, `position`,
 * `prev_hash` and `hash` is part of the hashed body, so changing any of them breaks the chain.
 */
@Entity({ name: 'audit_entries' })
@Index(AUDIT_ENTRY_POSITION_UNIQUE_INDEX, ['chain', 'position'], { unique: true })
@Index('idx_audit_entries_guidance_id', ['guidanceId'])
@Index('idx_audit_entries_instance_id_seq', ['instanceId', 'seq'])
@Index('idx_audit_entries_member_id', ['memberId'])
@Index('idx_audit_entries_actor_user_id', ['actorUserId'])
@Index('idx_audit_entries_at', ['at'])
@Index('idx_audit_entries_finding_code', ['findingCode'])
@Index('idx_audit_entries_type', ['type'])
export class AuditEntry {
  /** Auto-increment: one global sequence over every chain (listing order; not hashed, checked for order per chain). */
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'pk_audit_entries' })
  id!: number;

  /** The chain: the code of the org unit the entry belongs to ("CB-THCS-AI-MO"), or "_system". */
  @CodeColumn('chain')
  chain!: string;

  /** 1-based position within the chain. */
  @IntColumn('position')
  position!: number;

  /** Hash of the previous entry of the chain (64 zeros for the first). */
  @CodeColumn('prev_hash', { length: 64 })
  prevHash!: string;

  /** sha256 (hex) over the chain, the previous hash and the entry's canonical body. */
  @CodeColumn('hash', { length: 64 })
  hash!: string;

  /** When it happened (UTC ISO instant, normalised so ranges compare as text). */
  @IsoColumn('at')
  at!: string;

  /** When it was written (the runtime's clock, possibly simulated). */
  @IsoColumn('recorded_at')
  recordedAt!: string;

  @CodeColumn('source', { length: 10 })
  source!: AuditSource;

  /** Event type ("task-submitted") or administrative action ("member-updated"). */
  @CodeColumn('type')
  type!: string;

  /** The user who acted; null when the system did (timers, effects). */
  @CodeColumn('actor_user_id', { nullable: true })
  actorUserId!: string | null;

  /** The member the entry is by or about (a submitter, an assignee, the member edited). */
  @UuidColumn('member_id', { nullable: true })
  memberId!: string | null;

  @UuidColumn('guidance_id', { nullable: true })
  guidanceId!: string | null;

  @InstanceIdColumn('instance_id', { nullable: true })
  instanceId!: string | null;

  /** The event's position in its instance's log. */
  @IntColumn('seq', { nullable: true })
  seq!: number | null;

  /** For finding-recorded / finding-resolved: the finding code. */
  @CodeColumn('finding_code', { length: 50, nullable: true })
  findingCode!: string | null;

  /** A document the entry issued or refers to, and its checksum when the entry was written. */
  @UuidColumn('document_id', { nullable: true })
  documentId!: string | null;

  @CodeColumn('document_checksum', { length: 128, nullable: true })
  documentChecksum!: string | null;

  /** Canonical JSON (sorted keys) of the event, or of the action with its before/after values. Hashed as stored. */
  @TextColumn('payload')
  payload!: string;
}
