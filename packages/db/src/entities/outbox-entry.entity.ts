import { BeforeInsert, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IntColumn, IsoColumn, JsonColumn, TextColumn, nowIso } from '../columns';

/**
 * `taken` and `notified` are the halves of a child's report on Temporal (the parent has recorded it, or the child has
 * recorded that it was sent): the command is still open until both are, and then `done`.
 */
export type OutboxStatus = 'pending' | 'dispatched' | 'taken' | 'notified' | 'done' | 'failed';

/** The statuses of a command not yet carried out. */
export const OPEN_OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'dispatched', 'taken', 'notified'];

/** A command written in the same transaction as the events that caused it, dispatched to the queues afterwards. */
@Entity({ name: 'outbox' })
@Index('uq_outbox_instance_command', ['instanceId', 'commandId'], { unique: true })
@Index('idx_outbox_status_available_at', ['status', 'availableAt'])
// The relay's query: pending rows in id order (without it, every pass walks the rows already done).
@Index('idx_outbox_status_id', ['status', 'id'])
export class OutboxEntry {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'pk_outbox' })
  id!: number;

  @InstanceIdColumn()
  instanceId!: string;

  /** The core's command id: unique per instance, so re-deciding the same command does not enqueue it twice. */
  @CodeColumn('command_id', { length: 200 })
  commandId!: string;

  @CodeColumn('type')
  type!: string;

  @JsonColumn('payload')
  payload!: unknown;

  @CodeColumn('status', { length: 20 })
  status!: OutboxStatus;

  @IntColumn('attempts', { default: 0 })
  attempts!: number;

  /** Not to be dispatched before this instant (timers). */
  @IsoColumn('available_at')
  availableAt!: string;

  @TextColumn('last_error', { nullable: true })
  lastError!: string | null;

  @IsoColumn('created_at')
  createdAt!: string;

  @IsoColumn('updated_at')
  updatedAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.attempts ??= 0;
    this.createdAt ??= nowIso();
    this.updatedAt ??= this.createdAt;
    this.availableAt ??= this.createdAt;
  }
}
