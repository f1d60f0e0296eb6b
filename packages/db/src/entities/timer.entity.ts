import { BeforeInsert, Entity, Index } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IsoColumn, UuidPrimaryColumn, newId } from '../columns';

export type TimerStatus = 'scheduled' | 'fired' | 'cancelled';

/** A durable deadline or reminder of an instance; fires when the (possibly simulated) clock passes `fire_at`. */
@Entity({ name: 'timers' })
@Index('uq_timers_instance_timer', ['instanceId', 'timerId'], { unique: true })
@Index('idx_timers_status_fire_at', ['status', 'fireAt'])
export class Timer {
  @UuidPrimaryColumn('timers')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  /** The core's timer id within the instance. */
  @CodeColumn('timer_id', { length: 200 })
  timerId!: string;

  @IsoColumn('fire_at')
  fireAt!: string;

  @CodeColumn('status', { length: 20 })
  status!: TimerStatus;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
