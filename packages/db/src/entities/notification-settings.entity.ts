import { Entity, PrimaryColumn } from 'typeorm';
import { BoolColumn, IsoColumn, JsonColumn, TextColumn } from '../columns';

/** Per kind of notification, whether the user wants it by e-mail (the in-app board always has it). */
export interface NotificationPreferences {
  taskAssigned: boolean;
  reminder: boolean;
  conveneNotice: boolean;
  reportOverdue: boolean;
  reportReceived: boolean;
  /** One daily digest instead of one e-mail per event. */
  digest: boolean;
}

/** A user's e-mail address (verified or not) and what they want to receive. A user without a row gets the defaults. */
@Entity({ name: 'notification_settings' })
export class NotificationSettings {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36, primaryKeyConstraintName: 'pk_notification_settings' })
  userId!: string;

  @TextColumn('email', { nullable: true })
  email!: string | null;

  @BoolColumn('email_verified', { default: false })
  emailVerified!: boolean;

  /** Set when a hard bounce says the address does not exist; nothing more is sent to it until it changes. */
  @TextColumn('email_bounced', { nullable: true })
  emailBounced!: string | null;

  @JsonColumn('preferences')
  preferences!: NotificationPreferences;

  @IsoColumn('updated_at')
  updatedAt!: string;
}
