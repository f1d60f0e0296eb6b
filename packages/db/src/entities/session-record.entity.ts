import { BeforeInsert, Entity, Index } from 'typeorm';
import {
  BoolColumn,
  CodeColumn,
  InstanceIdColumn,
  IntColumn,
  IsoColumn,
  JsonColumn,
  TextColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
} from '../columns';

/** A task the chair assigned when concluding the session. */
export interface SessionAssignment {
  to: string;
  task: string;
}

/** Read side: a held session, as its minutes (biên bản) record it. */
@Entity({ name: 'sessions' })
@Index('uq_sessions_instance_id', ['instanceId'], { unique: true })
@Index('idx_sessions_org_id', ['orgId'])
export class SessionRecord {
  @UuidPrimaryColumn('sessions')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @IsoColumn('held_at')
  heldAt!: string;

  /** Duration in minutes. */
  @IntColumn('minutes')
  minutes!: number;

  @TextColumn('place', { nullable: true })
  place!: string | null;

  @BoolColumn('online')
  online!: boolean;

  /** Member codes. */
  @CodeColumn('chair')
  chair!: string;

  @CodeColumn('clerk')
  clerk!: string;

  @CodeColumn('presenter')
  presenter!: string;

  @IntColumn('present')
  present!: number;

  @IntColumn('eligible')
  eligible!: number;

  @IntColumn('total')
  total!: number;

  @IntColumn('present_official')
  presentOfficial!: number;

  @IntColumn('present_probationary')
  presentProbationary!: number;

  @TextColumn('agenda', { nullable: true })
  agenda!: string | null;

  @TextColumn('conclusion')
  conclusion!: string;

  @JsonColumn('assignments')
  assignments!: SessionAssignment[];

  /** A regular and a thematic session held together (longer minimum duration). */
  @BoolColumn('combined')
  combined!: boolean;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
