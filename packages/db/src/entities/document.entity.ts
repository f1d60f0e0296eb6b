import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CodeColumn,
  InstanceIdColumn,
  IntColumn,
  IsoColumn,
  JsonColumn,
  TextColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
  nowIso,
} from '../columns';
import { NumberingRegister } from './numbering-register.entity';

export type DocumentStatus = 'issued' | 'cancelled';

/** An issued document (NQ, BB, BC, …) with its number. */
@Entity({ name: 'documents' })
// A number can never be issued twice, even by two writers racing on the same register.
@Index('uq_documents_register_seq', ['registerId', 'seq'], { unique: true })
@Index('uq_documents_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('idx_documents_org_id_type', ['orgId', 'type'])
@Index('idx_documents_instance_id', ['instanceId'])
export class DocumentEntity {
  @UuidPrimaryColumn('documents')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @InstanceIdColumn('instance_id', { nullable: true })
  instanceId!: string | null;

  /** Type abbreviation: NQ, BB, BC, … */
  @CodeColumn('type', { length: 10 })
  type!: string;

  @IntColumn('seq')
  seq!: number;

  /** As printed, e.g. "Số 01-NQ/CB". */
  @CodeColumn('number')
  number!: string;

  @UuidColumn('register_id')
  registerId!: string;

  @ManyToOne(() => NumberingRegister)
  @JoinColumn({ name: 'register_id', foreignKeyConstraintName: 'fk_documents_register_id' })
  register?: NumberingRegister;

  @TextColumn('title')
  title!: string;

  /** The data the document was rendered from. */
  @JsonColumn('data')
  data!: unknown;

  @CodeColumn('checksum', { length: 128, nullable: true })
  checksum!: string | null;

  @CodeColumn('status', { length: 20 })
  status!: DocumentStatus;

  /** The HTML rendered when the document was issued: the official text, kept as issued (PDF and DOCX derive from it). */
  @TextColumn('html', { nullable: true })
  html!: string | null;

  /** sha256 (hex) of {@link html}. */
  @CodeColumn('html_checksum', { length: 64, nullable: true })
  htmlChecksum!: string | null;

  /** Which template rendered it: `plugin:thematic:minutes`, `override:DU-X:thematic:minutes@2`, `core:generic`. */
  @CodeColumn('template_ref', { length: 300, nullable: true })
  templateRef!: string | null;

  /** Why the document was rendered with a fallback (a committee's template failed), or why it has no HTML. */
  @TextColumn('render_note', { nullable: true })
  renderNote!: string | null;

  /** When it was cancelled; a cancelled document keeps its number (the register has no unexplained hole). */
  @IsoColumn('cancelled_at', { nullable: true })
  cancelledAt!: string | null;

  @TextColumn('cancel_reason', { nullable: true })
  cancelReason!: string | null;

  /** Who cancelled it (user id). */
  @UuidColumn('cancelled_by', { nullable: true })
  cancelledBy!: string | null;

  /** The issuing effect's key: retrying the effect finds this row instead of taking a new number. */
  @CodeColumn('idempotency_key', { length: 300, nullable: true })
  idempotencyKey!: string | null;

  @IsoColumn('issued_at')
  issuedAt!: string;

  @IsoColumn('created_at')
  createdAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.createdAt ??= nowIso();
  }
}
