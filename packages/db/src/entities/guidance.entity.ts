import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CodeColumn,
  DateColumn,
  InstanceIdColumn,
  IntColumn,
  IsoColumn,
  JsonColumn,
  TextColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
  nowIso,
} from '../columns';
import { OrgUnit } from './org-unit.entity';

/** A higher guidance this one implements; identified by number and date together. */
export interface GuidanceReference {
  number: string;
  issuedOn: string;
}

/** The cells a guidance applies to: every cell under the issuer, or the listed cell codes. */
export type GuidanceScope = 'all' | string[];

/** A superior's guidance document (Hướng dẫn). Its identity is the issuer, the number AND the date. */
@Entity({ name: 'guidances' })
@Index('uq_guidances_issuer_number_issued_on', ['issuerOrgId', 'number', 'issuedOn'], { unique: true })
@Index('idx_guidances_instance_id', ['instanceId'])
export class Guidance {
  @UuidPrimaryColumn('guidances')
  id!: string;

  @UuidColumn('issuer_org_id')
  issuerOrgId!: string;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'issuer_org_id', foreignKeyConstraintName: 'fk_guidances_issuer_org_id' })
  issuerOrg?: OrgUnit;

  /** e.g. "27-HD/ĐU". */
  @CodeColumn('number')
  number!: string;

  @DateColumn('issued_on')
  issuedOn!: string;

  @TextColumn('title')
  title!: string;

  @JsonColumn('based_on')
  basedOn!: GuidanceReference[];

  @CodeColumn('procedure_key')
  procedureKey!: string;

  @IntColumn('procedure_version')
  procedureVersion!: number;

  /** Optional plugin steps added to the procedure, e.g. ["self-criticism"]. */
  @JsonColumn('add_steps')
  addSteps!: string[];

  /** Rubric id, e.g. "binh-thuan-100". */
  @CodeColumn('rubric')
  rubric!: string;

  @DateColumn('session_by', { nullable: true })
  sessionBy!: string | null;

  @DateColumn('report_by', { nullable: true })
  reportBy!: string | null;

  @JsonColumn('scope')
  scope!: GuidanceScope;

  /** When the issuer submits its own roll-up report upward; null: never. */
  @IsoColumn('rollup_at', { nullable: true })
  rollupAt!: string | null;

  /** The procedure instance started for this guidance, once started. */
  @InstanceIdColumn('instance_id', { nullable: true })
  instanceId!: string | null;

  @CodeColumn('status', { length: 20 })
  status!: string;

  @IsoColumn('created_at')
  createdAt!: string;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.createdAt ??= nowIso();
  }
}
