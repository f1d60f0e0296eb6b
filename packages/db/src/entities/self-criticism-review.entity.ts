import { Entity, Index } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IsoColumn, TextColumn, UuidColumn, UuidPrimaryColumn } from '../columns';

/** The secretary's follow-up of a member's self-criticism plan: reviewed at a later session, with a note. */
@Entity({ name: 'self_criticism_reviews' })
@Index('uq_self_criticism_reviews_plan', ['instanceId', 'memberCode'], { unique: true })
@Index('idx_self_criticism_reviews_org_member', ['orgId', 'memberCode'])
export class SelfCriticismReview {
  @UuidPrimaryColumn('self_criticism_reviews')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  /** The instance (session) where the member wrote the plan. */
  @InstanceIdColumn()
  instanceId!: string;

  @CodeColumn('member_code')
  memberCode!: string;

  /** The later session at which it was reviewed, when the secretary names one. */
  @InstanceIdColumn('reviewed_in', { nullable: true })
  reviewedIn!: string | null;

  @TextColumn('note', { nullable: true })
  note!: string | null;

  @UuidColumn('reviewed_by')
  reviewedBy!: string;

  @IsoColumn('reviewed_at')
  reviewedAt!: string;
}
