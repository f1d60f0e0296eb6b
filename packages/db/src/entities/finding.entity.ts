import { BeforeInsert, Entity, Index } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IsoColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';

/** Read side: a compliance finding (e.g. `report-late`) recorded against an instance. */
@Entity({ name: 'findings' })
@Index('idx_findings_org_id_code', ['orgId', 'code'])
@Index('idx_findings_instance_id', ['instanceId'])
@Index('idx_findings_guidance_id', ['guidanceId'])
export class Finding {
  @UuidPrimaryColumn('findings')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @UuidColumn('guidance_id', { nullable: true })
  guidanceId!: string | null;

  /** Finding code from DOMAIN.md, e.g. "draft-late", "attendance-low". */
  @CodeColumn('code', { length: 50 })
  code!: string;

  @TextColumn('detail', { nullable: true })
  detail!: string | null;

  @IsoColumn('recorded_at')
  recordedAt!: string;

  @IsoColumn('resolved_at', { nullable: true })
  resolvedAt!: string | null;

  @TextColumn('resolved_reason', { nullable: true })
  resolvedReason!: string | null;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
