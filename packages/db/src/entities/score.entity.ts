import { BeforeInsert, Column, Entity, Index } from 'typeorm';
import { BoolColumn, CodeColumn, InstanceIdColumn, IsoColumn, JsonColumn, UuidPrimaryColumn, newId } from '../columns';

/** Read side: a session's quality score and rating. */
@Entity({ name: 'scores' })
@Index('uq_scores_instance_id', ['instanceId'], { unique: true })
export class Score {
  @UuidPrimaryColumn('scores')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  /** Rubric id, e.g. "phu-tho-100". */
  @CodeColumn('rubric')
  rubric!: string;

  /** Criterion id → mark; null for rubrics where the scorers choose the rating directly ("four-level"). */
  @JsonColumn('marks', { nullable: true })
  marks!: Record<string, number> | null;

  // double precision: some provincial sheets give half points.
  @Column({ name: 'total', type: 'double precision', nullable: true })
  total!: number | null;

  /** "Tốt" | "Khá" | "Trung bình" | "Kém". */
  @CodeColumn('rating', { length: 20 })
  rating!: string;

  /** A rubric rule lowered the rating the total would have given (e.g. Bình Thuận's "Tốt only with full marks"). */
  @BoolColumn('capped')
  capped!: boolean;

  @IsoColumn('recorded_at')
  recordedAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
