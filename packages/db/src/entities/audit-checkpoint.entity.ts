import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CodeColumn, IntColumn, IsoColumn } from '../columns';

/**
 * A signed statement "chain C had N entries and its head hash was H" (Ed25519, the key lives outside the database).
 * Append-only like the entries. Copies also travel in reports sent upward and in export bundles, where a database
 * superuser cannot reach them.
 */
@Entity({ name: 'audit_checkpoints' })
@Index('idx_audit_checkpoints_chain_position', ['chain', 'position'])
export class AuditCheckpointRecord {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'pk_audit_checkpoints' })
  id!: number;

  @CodeColumn('chain')
  chain!: string;

  /** Number of entries of the chain the checkpoint covers (the position of its head). */
  @IntColumn('position')
  position!: number;

  @CodeColumn('hash', { length: 64 })
  hash!: string;

  @IsoColumn('issued_at')
  issuedAt!: string;

  /** First 16 hex digits of the sha256 of the public key (SPKI DER). */
  @CodeColumn('key_id', { length: 32 })
  keyId!: string;

  /** Ed25519 signature of the checkpoint statement, base64url. */
  @CodeColumn('signature', { length: 128 })
  signature!: string;

  /** Why it was issued: periodic, report, document, export. */
  @CodeColumn('reason', { length: 30 })
  reason!: string;
}
