import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CodeColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';
import { OrgUnit } from './org-unit.entity';
import { User } from './user.entity';

export type UserRole = 'admin' | 'committee' | 'secretary' | 'member' | 'auditor';

/** Grants a user a role over an org unit and its whole subtree. */
@Entity({ name: 'role_assignments' })
@Index('uq_role_assignments_user_role_org', ['userId', 'role', 'orgId'], { unique: true })
@Index('idx_role_assignments_org_id', ['orgId'])
export class RoleAssignment {
  @UuidPrimaryColumn('role_assignments')
  id!: string;

  @UuidColumn('user_id')
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_role_assignments_user_id' })
  user?: User;

  @CodeColumn('role', { length: 20 })
  role!: UserRole;

  @UuidColumn('org_id')
  orgId!: string;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_role_assignments_org_id' })
  org?: OrgUnit;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
