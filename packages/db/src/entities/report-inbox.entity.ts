import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IntColumn, IsoColumn, JsonColumn } from '../columns';

/**
 * A child's report waiting for its parent (Temporal engine, ADR 0026). A cell writes its report here instead of
 * signalling it to its guidance, and the guidance takes the reports in pages: one signal per page instead of one per
 * report, so a guidance to thousands of cells neither meets the server's per-run signal limit nor grows one run's
 * history with every report. A row is never deleted: `taken_by` says which page took it (a retried take returns the
 * same page).
 */
@Entity({ name: 'report_inbox' })
@Index('uq_report_inbox_from', ['fromInstanceId', 'fromCommandId'], { unique: true })
@Index('idx_report_inbox_parent_taken', ['parentInstanceId', 'takenBy', 'id'])
export class ReportInboxEntry {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'pk_report_inbox' })
  id!: number;

  /** The instance the report is for (the guidance). */
  @InstanceIdColumn('parent_instance_id')
  parentInstanceId!: string;

  /** The child's command that sent it: one row per command, however often the child's activity is retried. */
  @InstanceIdColumn('from_instance_id')
  fromInstanceId!: string;

  @CodeColumn('from_command_id', { length: 200 })
  fromCommandId!: string;

  /** The report as the parent's workflow takes it (its `ChildReportArgs`). */
  @JsonColumn('args')
  args!: unknown;

  /** Length of `args` as JSON, in UTF-16 code units: pages are bounded by it. */
  @IntColumn('size')
  size!: number;

  /** The page that took it (`<workflow run>:<page>`), null while it waits. */
  @CodeColumn('taken_by', { length: 120, nullable: true })
  takenBy!: string | null;

  @IsoColumn('posted_at')
  postedAt!: string;

  @IsoColumn('taken_at', { nullable: true })
  takenAt!: string | null;
}

/**
 * How many reports wait for one parent. Posting and taking both lock this row first, which orders them: the post that
 * finds nothing waiting is the one that wakes the parent (a signal), and the parent takes pages until nothing waits.
 */
@Entity({ name: 'report_inbox_heads' })
export class ReportInboxHead {
  @PrimaryColumn({ name: 'parent_instance_id', type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_report_inbox_heads' })
  parentInstanceId!: string;

  @IntColumn('waiting', { default: 0 })
  waiting!: number;
}
