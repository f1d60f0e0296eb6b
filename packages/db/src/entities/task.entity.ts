import { BeforeInsert, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CodeColumn,
  InstanceIdColumn,
  IsoColumn,
  JsonColumn,
  TextColumn,
  UuidColumn,
  UuidPrimaryColumn,
  newId,
} from '../columns';
import { Member } from './member.entity';

export type TaskStatus = 'open' | 'submitted' | 'cancelled';

/** Read side: a human task opened by a procedure step (someone's to-do). */
@Entity({ name: 'tasks' })
@Index('uq_tasks_instance_task', ['instanceId', 'taskId'], { unique: true })
@Index('idx_tasks_assignee_member_id_status', ['assigneeMemberId', 'status'])
@Index('idx_tasks_org_id_status', ['orgId', 'status'])
export class Task {
  @UuidPrimaryColumn('tasks')
  id!: string;

  @InstanceIdColumn()
  instanceId!: string;

  /** The core's task id within the instance. */
  @CodeColumn('task_id', { length: 200 })
  taskId!: string;

  @CodeColumn('step_id', { length: 200 })
  stepId!: string;

  @CodeColumn('key', { length: 200 })
  key!: string;

  /** The task kind declared by the step plugin. */
  @CodeColumn('task', { length: 200 })
  task!: string;

  @TextColumn('title_vi')
  titleVi!: string;

  @TextColumn('title_en')
  titleEn!: string;

  @UuidColumn('assignee_member_id', { nullable: true })
  assigneeMemberId!: string | null;

  @ManyToOne(() => Member, { nullable: true })
  @JoinColumn({ name: 'assignee_member_id', foreignKeyConstraintName: 'fk_tasks_assignee_member_id' })
  assigneeMember?: Member | null;

  @CodeColumn('assignee_role', { length: 50, nullable: true })
  assigneeRole!: string | null;

  @UuidColumn('assignee_org_id', { nullable: true })
  assigneeOrgId!: string | null;

  /** The instance's org unit. */
  @UuidColumn('org_id')
  orgId!: string;

  @CodeColumn('status', { length: 20 })
  status!: TaskStatus;

  @IsoColumn('opened_at')
  openedAt!: string;

  @IsoColumn('due_at', { nullable: true })
  dueAt!: string | null;

  @IsoColumn('submitted_at', { nullable: true })
  submittedAt!: string | null;

  /** User id of whoever submitted. */
  @UuidColumn('submitted_by', { nullable: true })
  submittedBy!: string | null;

  @JsonColumn('prefill', { nullable: true })
  prefill!: unknown;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
  }
}
