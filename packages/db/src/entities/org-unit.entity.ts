import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CodeColumn, IsoColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId, nowIso } from '../columns';

export type OrgUnitKind = 'committee' | 'cell';

/** A committee (Đảng ủy) or a cell (Chi bộ) in the organisation tree. */
@Entity({ name: 'org_units' })
@Index('uq_org_units_code', ['code'], { unique: true })
@Index('idx_org_units_parent_id', ['parentId'])
@Index('idx_org_units_path', ['path'])
export class OrgUnit {
  @UuidPrimaryColumn('org_units')
  id!: string;

  /** Stable business code, e.g. `CB-THCS-AI-MO`. */
  @CodeColumn('code')
  code!: string;

  @TextColumn('name')
  name!: string;

  /** Abbreviation used in document numbers ("ĐU", "CB"). */
  @CodeColumn('abbr', { length: 20 })
  abbr!: string;

  @CodeColumn('kind', { length: 20 })
  kind!: OrgUnitKind;

  @UuidColumn('parent_id', { nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrgUnit, { nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_org_units_parent_id' })
  parent?: OrgUnit | null;

  /**
   * Materialized path of codes from the root, with leading and trailing slashes ("/DU-NGOC-LAM/CB-THCS-AI-MO/"), so a
   * subtree is `path LIKE '/DU-NGOC-LAM/%'` without recursive queries.
   */
  @CodeColumn('path', { length: 500 })
  path!: string;

  @IsoColumn('created_at')
  createdAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.createdAt ??= nowIso();
  }
}
