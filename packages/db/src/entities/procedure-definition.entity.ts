import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CodeColumn,
  IntColumn,
  IsoColumn,
  JsonColumn,
  TextColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
  nowIso,
} from '../columns';
import { OrgUnit } from './org-unit.entity';

export type ProcedureDefinitionStatus = 'draft' | 'published';

/** One version of a procedure definition (an ordered list of configured steps), owned by a committee or global. */
@Entity({ name: 'procedure_definitions' })
@Index('uq_procedure_definitions_key_version_owner', ['key', 'version', 'ownerOrgId'], { unique: true })
// NULLs are distinct in unique indexes on both databases, so global definitions (no owner) need their own index.
@Index('uq_procedure_definitions_global_key_version', ['key', 'version'], {
  unique: true,
  where: '"owner_org_id" IS NULL',
})
@Index('idx_procedure_definitions_owner_org_id', ['ownerOrgId'])
export class ProcedureDefinitionEntity {
  @UuidPrimaryColumn('procedure_definitions')
  id!: string;

  /** Definition key, e.g. "thematic-session". */
  @CodeColumn('key')
  key!: string;

  @IntColumn('version')
  version!: number;

  /** The committee that owns this definition; null for the definitions shipped with chibo. */
  @UuidColumn('owner_org_id', { nullable: true })
  ownerOrgId!: string | null;

  @ManyToOne(() => OrgUnit, { nullable: true })
  @JoinColumn({ name: 'owner_org_id', foreignKeyConstraintName: 'fk_procedure_definitions_owner_org_id' })
  ownerOrg?: OrgUnit | null;

  @TextColumn('title')
  title!: string;

  /** The definition's steps, as the procedure core's definition model serialises them. */
  @JsonColumn('steps')
  steps!: unknown[];

  @CodeColumn('status', { length: 20 })
  status!: ProcedureDefinitionStatus;

  @IsoColumn('created_at')
  createdAt!: string;

  @IsoColumn('published_at', { nullable: true })
  publishedAt!: string | null;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.createdAt ??= nowIso();
  }
}
