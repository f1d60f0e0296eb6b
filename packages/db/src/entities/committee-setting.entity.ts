import { Entity, Index } from 'typeorm';
import { CodeColumn, IsoColumn, JsonColumn, UuidColumn, UuidPrimaryColumn } from '../columns';

/**
 * A rule a committee (or a cell's chi ủy) set for its subtree, by key: `year-rule` (the year rating and the
 * consecutive-absence limit). The nearest unit up the tree that set a key governs; no row means the default.
 */
@Entity({ name: 'committee_settings' })
@Index('uq_committee_settings_org_key', ['orgId', 'key'], { unique: true })
export class CommitteeSetting {
  @UuidPrimaryColumn('committee_settings')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @CodeColumn('key', { length: 60 })
  key!: string;

  @JsonColumn('value')
  value!: unknown;

  @UuidColumn('updated_by')
  updatedBy!: string;

  @IsoColumn('updated_at')
  updatedAt!: string;
}
