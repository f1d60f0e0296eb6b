import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import {
  CodeColumn,
  InstanceIdColumn,
  IntColumn,
  IsoColumn,
  JsonColumn,
  UuidColumn,
  nowIso,
} from '../columns';
import { OrgUnit } from './org-unit.entity';

export type ProcedureInstanceStatus = 'running' | 'completed' | 'failed';

/** A running (or finished) procedure: the head of its event log in `instance_events`. */
@Entity({ name: 'procedure_instances' })
@Index('uq_procedure_instances_business_key', ['businessKey'], { unique: true })
@Index('idx_procedure_instances_org_id', ['orgId'])
@Index('idx_procedure_instances_guidance_id', ['guidanceId'])
@Index('idx_procedure_instances_status', ['status'])
@Index('idx_procedure_instances_parent_instance_id', ['parentInstanceId'])
export class ProcedureInstance {
  /** Chosen by the caller (a business key is fine); never generated here. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_procedure_instances' })
  id!: string;

  /** Unique business key, e.g. "cell:CB-THCS-AI-MO:27-HD/ĐU:2022-03-16": starting the same thing twice collides. */
  @InstanceIdColumn('business_key')
  businessKey!: string;

  @CodeColumn('definition_key')
  definitionKey!: string;

  @IntColumn('definition_version')
  definitionVersion!: number;

  @UuidColumn('org_id')
  orgId!: string;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_procedure_instances_org_id' })
  org?: OrgUnit;

  @UuidColumn('guidance_id', { nullable: true })
  guidanceId!: string | null;

  @InstanceIdColumn('parent_instance_id', { nullable: true })
  parentInstanceId!: string | null;

  @CodeColumn('status', { length: 20 })
  status!: ProcedureInstanceStatus;

  /** Number of events appended so far: the optimistic-concurrency version of the instance. */
  @IntColumn('version', { default: 0 })
  version!: number;

  /** Snapshot of the core state after `version` events; null before the first snapshot. */
  @JsonColumn('state', { nullable: true })
  state!: unknown;

  @IsoColumn('created_at')
  createdAt!: string;

  @IsoColumn('updated_at')
  updatedAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.version ??= 0;
    this.createdAt ??= nowIso();
    this.updatedAt ??= this.createdAt;
  }
}
