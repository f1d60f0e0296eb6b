import { BeforeInsert, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IntColumn, IsoColumn, JsonColumn, nowIso } from '../columns';

/** Name of the unique index that makes a concurrent append of the same `seq` fail (optimistic concurrency). */
export const INSTANCE_EVENT_SEQ_UNIQUE_INDEX = 'uq_instance_events_instance_seq';

/** One event in an instance's append-only log. */
@Entity({ name: 'instance_events' })
@Index(INSTANCE_EVENT_SEQ_UNIQUE_INDEX, ['instanceId', 'seq'], { unique: true })
export class InstanceEvent {
  /** Auto-increment: gives all events one global order (projectors follow it). */
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'pk_instance_events' })
  id!: number;

  @InstanceIdColumn()
  instanceId!: string;

  /** 1-based position within the instance. Two writers appending the same seq: the second violates the unique index. */
  @IntColumn('seq')
  seq!: number;

  @CodeColumn('type')
  type!: string;

  @JsonColumn('payload')
  payload!: unknown;

  /** The domain instant of the event (from the runtime's clock, possibly simulated). */
  @IsoColumn('at')
  at!: string;

  /** When the row was written. */
  @IsoColumn('recorded_at')
  recordedAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.recordedAt ??= nowIso();
  }
}
