import { BeforeInsert, Entity, Index } from 'typeorm';
import {
  BoolColumn,
  CodeColumn,
  InstanceIdColumn,
  IntColumn,
  IsoColumn,
  JsonColumn,
  UuidPrimaryColumn,
  newId,
} from '../columns';

/** Read side: the vote on an instance's resolution, with the denominator it was judged against. */
@Entity({ name: 'votes' })
@Index('uq_votes_instance_id', ['instanceId'], { unique: true })
export class Vote {
  @UuidPrimaryColumn('votes')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  @IntColumn('for_count')
  forCount!: number;

  @IntColumn('against_count')
  againstCount!: number;

  @IntColumn('abstain_count')
  abstainCount!: number;

  /** Official members who count (QĐ 24 9.3.2). */
  @IntColumn('denominator')
  denominator!: number;

  /** Votes "for" needed to adopt. */
  @IntColumn('required')
  required!: number;

  @BoolColumn('adopted')
  adopted!: boolean;

  /** e.g. "show-of-hands", "secret-ballot". */
  @CodeColumn('method', { length: 50 })
  method!: string;

  /** Member codes of the voters, when known. */
  @JsonColumn('voters', { nullable: true })
  voters!: unknown;

  @IsoColumn('recorded_at')
  recordedAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
