import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IsoColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';
import { Member } from './member.entity';

/** One past assignment of a member (drafting a topic, clerking, presenting): the history behind rotation. */
@Entity({ name: 'member_assignments' })
@Index('idx_member_assignments_member_id_kind', ['memberId', 'kind'])
export class MemberAssignment {
  @UuidPrimaryColumn('member_assignments')
  id!: string;

  @UuidColumn('member_id')
  memberId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_member_assignments_member_id' })
  member?: Member;

  /** e.g. "topic-draft", "clerk", "presenter". */
  @CodeColumn('kind', { length: 50 })
  kind!: string;

  @InstanceIdColumn('instance_id', { nullable: true })
  instanceId!: string | null;

  @IsoColumn('at')
  at!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
