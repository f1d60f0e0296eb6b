import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CodeColumn, IntColumn, IsoColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId, nowIso } from '../columns';
import { OrgUnit } from './org-unit.entity';

export type DocumentTemplateOverrideStatus = 'active' | 'retired';

/**
 * A committee's own version of a plugin's document template (e.g. its province's minutes layout). It applies to the
 * documents of the committee and every unit below it, unless a nearer unit has its own. Saving a new version retires
 * the previous one; versions are kept, so an auditor can see which text rendered which document.
 */
@Entity({ name: 'document_template_overrides' })
@Index('uq_document_template_overrides_org_template_version', ['orgId', 'templateId', 'version'], { unique: true })
@Index('idx_document_template_overrides_org_template_status', ['orgId', 'templateId', 'status'])
export class DocumentTemplateOverride {
  @UuidPrimaryColumn('document_template_overrides')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_document_template_overrides_org_id' })
  org?: OrgUnit;

  /** The plugin template it replaces, e.g. `thematic:minutes`. */
  @CodeColumn('template_id', { length: 100 })
  templateId!: string;

  /** 1, 2, … per (org, template). */
  @IntColumn('version')
  version!: number;

  /** The Handlebars source, validated before it was stored. */
  @TextColumn('source')
  source!: string;

  /** sha256 (hex) of {@link source}. */
  @CodeColumn('checksum', { length: 64 })
  checksum!: string;

  @CodeColumn('status', { length: 20 })
  status!: DocumentTemplateOverrideStatus;

  /** The user who saved it. */
  @UuidColumn('created_by', { nullable: true })
  createdBy!: string | null;

  @IsoColumn('created_at')
  createdAt!: string;

  @IsoColumn('retired_at', { nullable: true })
  retiredAt!: string | null;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.createdAt ??= nowIso();
  }
}
