import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CodeColumn, IntColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';
import { SessionRecord } from './session-record.entity';

/** Read side: one opinion spoken at a session, in order, with its speaker (a member or a guest). */
@Entity({ name: 'session_opinions' })
@Index('uq_session_opinions_session_seq', ['sessionId', 'seq'], { unique: true })
export class SessionOpinion {
  @UuidPrimaryColumn('session_opinions')
  id!: string;

  @UuidColumn('session_id')
  sessionId!: string;

  @ManyToOne(() => SessionRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_session_opinions_session_id' })
  session?: SessionRecord;

  @IntColumn('seq')
  seq!: number;

  /** Null when the speaker is a guest. */
  @CodeColumn('member_code', { nullable: true })
  memberCode!: string | null;

  @TextColumn('speaker_name')
  speakerName!: string;

  @TextColumn('text')
  text!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
