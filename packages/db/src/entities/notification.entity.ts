import { BeforeInsert, Entity, Index } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IsoColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';

/**
 * A notice on a user's in-app board (the bell): written by the `notify` effect in its transaction, one per
 * (event, recipient), so a retried effect never posts it twice. `readAt` is set when the user marks it read.
 */
@Entity({ name: 'notifications' })
@Index('uq_notifications_key', ['idempotencyKey'], { unique: true })
@Index('idx_notifications_user_read', ['userId', 'readAt'])
@Index('idx_notifications_user_created', ['userId', 'createdAt'])
export class Notification {
  @UuidPrimaryColumn('notifications')
  id!: string;

  /** `<effect idempotency key>/<user id>/in-app`. */
  @CodeColumn('idempotency_key', { length: 400 })
  idempotencyKey!: string;

  @UuidColumn('user_id')
  userId!: string;

  /** What the step asked for: `draft-assigned`, `session-convened`, `report-reminder`, `report-overdue`, … */
  @CodeColumn('kind', { length: 60 })
  kind!: string;

  @TextColumn('title')
  title!: string;

  @TextColumn('body')
  body!: string;

  /** Path of the page the notice is about (a task, a document, a dossier), relative to the site. */
  @TextColumn('link', { nullable: true })
  link!: string | null;

  @InstanceIdColumn('instance_id', { nullable: true })
  instanceId!: string | null;

  /** The instant of the event (the effect's `at`: simulated time in scenario runs). */
  @IsoColumn('created_at')
  createdAt!: string;

  @IsoColumn('read_at', { nullable: true })
  readAt!: string | null;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.readAt ??= null;
  }
}
