import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BoolColumn, CodeColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';
import { SessionRecord } from './session-record.entity';

/** Read side: one member's presence or absence (with reason) at a session. */
@Entity({ name: 'session_attendance' })
@Index('uq_session_attendance_session_member', ['sessionId', 'memberCode'], { unique: true })
export class SessionAttendance {
  @UuidPrimaryColumn('session_attendance')
  id!: string;

  @UuidColumn('session_id')
  sessionId!: string;

  @ManyToOne(() => SessionRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_session_attendance_session_id' })
  session?: SessionRecord;

  @CodeColumn('member_code')
  memberCode!: string;

  @TextColumn('member_name')
  memberName!: string;

  @BoolColumn('present')
  present!: boolean;

  @TextColumn('reason', { nullable: true })
  reason!: string | null;

  @BoolColumn('excused')
  excused!: boolean;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
