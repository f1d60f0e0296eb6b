import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  BoolColumn,
  CodeColumn,
  IntColumn,
  IsoColumn,
  TextColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
  nowIso,
} from '../columns';
import { Member } from './member.entity';

/** A login. Linked to a member when the person is one; what they may do comes from their role assignments. */
@Entity({ name: 'users' })
@Index('uq_users_login', ['login'], { unique: true })
@Index('idx_users_member_id', ['memberId'])
export class User {
  @UuidPrimaryColumn('users')
  id!: string;

  @CodeColumn('login', { length: 200 })
  login!: string;

  @CodeColumn('password_hash', { length: 300 })
  passwordHash!: string;

  @TextColumn('display_name')
  displayName!: string;

  @UuidColumn('member_id', { nullable: true })
  memberId!: string | null;

  @ManyToOne(() => Member, { nullable: true })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_users_member_id' })
  member?: Member | null;

  @BoolColumn('disabled', { default: false })
  disabled!: boolean;

  /**
   * Bumped by logout, password change or reset and disabling: a login token carries the version it was issued at and
   * is refused once the account's version moved on, so those take effect at once.
   */
  @IntColumn('token_version', { default: 0 })
  tokenVersion!: number;

  /** The password was set by someone else (account creation, admin reset): the next login must choose a new one. */
  @BoolColumn('must_change_password', { default: false })
  mustChangePassword!: boolean;

  @IsoColumn('created_at')
  createdAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.disabled ??= false;
    this.tokenVersion ??= 0;
    this.mustChangePassword ??= false;
    this.createdAt ??= nowIso();
  }
}
