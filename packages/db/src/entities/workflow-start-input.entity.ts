import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, IsoColumn, TextColumn } from '../columns';

/**
 * The start of a procedure instance too large to travel in its Temporal workflow's input (a guidance to thousands of
 * cells carries every cell in its context): the engine stores it here, starts the workflow with a reference, and the
 * workflow reads it back in slices under Temporal's payload warning (ADR 0026 addendum). Kept after the start, as a
 * record of what the instance was started with.
 */
@Entity({ name: 'workflow_start_inputs' })
export class WorkflowStartInput {
  @PrimaryColumn({ name: 'instance_id', type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_workflow_start_inputs' })
  instanceId!: string;

  /** The start input (the core's `start` input) as JSON, exactly as the workflow parses it. */
  @TextColumn('input')
  input!: string;

  /** Its length in UTF-16 code units (what the slices count). */
  @IntColumn('length')
  length!: number;

  @IsoColumn('created_at')
  createdAt!: string;
}
