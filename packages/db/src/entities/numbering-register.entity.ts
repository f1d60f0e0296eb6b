import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CodeColumn, DateColumn, IntColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';
import { OrgUnit } from './org-unit.entity';

/** The last number issued for one document type by one org unit within one term (numbers restart each term). */
@Entity({ name: 'numbering_registers' })
@Index('uq_numbering_registers_org_type_term', ['orgId', 'type', 'termFrom'], { unique: true })
export class NumberingRegister {
  @UuidPrimaryColumn('numbering_registers')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_numbering_registers_org_id' })
  org?: OrgUnit;

  /** Document type abbreviation: NQ, BB, BC, KH, … */
  @CodeColumn('type', { length: 10 })
  type!: string;

  /** First day of the term this register counts in. */
  @DateColumn('term_from')
  termFrom!: string;

  @IntColumn('last_seq', { default: 0 })
  lastSeq!: number;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.lastSeq ??= 0;
  }
}
