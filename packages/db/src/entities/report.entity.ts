import { BeforeInsert, Entity, Index } from 'typeorm';
import {
  BoolColumn,
  InstanceIdColumn,
  IsoColumn,
  JsonColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
} from '../columns';

/** Read side: a report submitted upward (a cell's report, or a committee's roll-up). */
@Entity({ name: 'reports' })
@Index('uq_reports_instance_id', ['instanceId'], { unique: true })
@Index('idx_reports_org_id', ['orgId'])
@Index('idx_reports_guidance_id', ['guidanceId'])
export class Report {
  @UuidPrimaryColumn('reports')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @UuidColumn('guidance_id', { nullable: true })
  guidanceId!: string | null;

  @IsoColumn('submitted_at')
  submittedAt!: string;

  @BoolColumn('on_time')
  onTime!: boolean;

  @JsonColumn('summary')
  summary!: unknown;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
