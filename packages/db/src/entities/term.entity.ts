import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { DateColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';
import { OrgUnit } from './org-unit.entity';

/** A committee term (nhiệm kỳ): document numbering restarts with each term. */
@Entity({ name: 'terms' })
@Index('idx_terms_org_id', ['orgId'])
export class Term {
  @UuidPrimaryColumn('terms')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_terms_org_id' })
  org?: OrgUnit;

  // Columns are `from_date` / `to_date` because FROM and TO are SQL keywords.
  @DateColumn('from_date')
  from!: string;

  /** Last day of the term; null while the term is current. */
  @DateColumn('to_date', { nullable: true })
  to!: string | null;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
