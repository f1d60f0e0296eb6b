import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CodeColumn,
  IsoColumn,
  JsonColumn,
  TextColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
  nowIso,
} from '../columns';
import { OrgUnit } from './org-unit.entity';

export type MemberStatus = 'official' | 'probationary' | 'exempt' | 'suspended';

/** A Party member of a cell. */
@Entity({ name: 'members' })
@Index('uq_members_org_code', ['orgId', 'code'], { unique: true })
export class Member {
  @UuidPrimaryColumn('members')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_members_org_id' })
  org?: OrgUnit;

  /** Local id within the cell, e.g. "m04" or "nga" (what scenarios and forms use). */
  @CodeColumn('code')
  code!: string;

  @TextColumn('name')
  name!: string;

  @CodeColumn('status', { length: 20 })
  status!: MemberStatus;

  /** Cell roles: "secretary", "deputy-secretary", "committee". */
  @JsonColumn('roles')
  roles!: string[];

  @IsoColumn('created_at')
  createdAt!: string;

  @IsoColumn('updated_at')
  updatedAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.createdAt ??= nowIso();
    this.updatedAt ??= this.createdAt;
  }
}
