import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TextColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';
import { SessionRecord } from './session-record.entity';

/** Read side: a guest who attended a session (e.g. the superior's assigned committee member). */
@Entity({ name: 'session_guests' })
@Index('idx_session_guests_session_id', ['sessionId'])
export class SessionGuest {
  @UuidPrimaryColumn('session_guests')
  id!: string;

  @UuidColumn('session_id')
  sessionId!: string;

  @ManyToOne(() => SessionRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_session_guests_session_id' })
  session?: SessionRecord;

  @TextColumn('name')
  name!: string;

  @TextColumn('title')
  title!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
