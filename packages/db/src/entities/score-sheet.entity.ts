import { Entity, Index } from 'typeorm';
import { CodeColumn, IntColumn, IsoColumn, JsonColumn, TextColumn, UuidColumn, UuidPrimaryColumn } from '../columns';

/**
 * One version of a committee's score sheet (phiếu chấm điểm): criteria with maxima, bands, conditions. A new version
 * is a new row; rows are never changed, so an instance that pinned `code@version` keeps its sheet.
 */
@Entity({ name: 'score_sheets' })
@Index('uq_score_sheets_org_code_version', ['orgId', 'code', 'version'], { unique: true })
export class ScoreSheet {
  @UuidPrimaryColumn('score_sheets')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  /** The sheet's code within the committee, e.g. "nghe-an-thuong-ky". */
  @CodeColumn('code', { length: 60 })
  code!: string;

  @IntColumn('version')
  version!: number;

  @TextColumn('title')
  title!: string;

  /** Which sessions it is meant for: "regular", "thematic" or "any". */
  @CodeColumn('applies_to', { length: 20 })
  appliesTo!: string;

  /** The sheet as `@chibo/rules` validates it (ScoreSheetDefinition). */
  @JsonColumn('definition')
  definition!: unknown;

  @UuidColumn('created_by')
  createdBy!: string;

  @IsoColumn('created_at')
  createdAt!: string;
}
