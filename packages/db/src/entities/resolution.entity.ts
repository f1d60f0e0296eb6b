import { BeforeInsert, Entity, Index } from 'typeorm';
import { BoolColumn, InstanceIdColumn, JsonColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';

/** Read side: the resolution (nghị quyết) put to the vote. */
@Entity({ name: 'resolutions' })
@Index('uq_resolutions_instance_id', ['instanceId'], { unique: true })
export class Resolution {
  @UuidPrimaryColumn('resolutions')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  @TextColumn('title')
  title!: string;

  @JsonColumn('decisions')
  decisions!: string[];

  @BoolColumn('adopted')
  adopted!: boolean;

  /** The issued NQ document; null when the vote failed (no NQ is issued) or before issuing. */
  @UuidColumn('document_id', { nullable: true })
  documentId!: string | null;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
