import { BeforeInsert, Entity, Index } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IntColumn, IsoColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId, nowIso } from '../columns';

/**
 * A file a member uploaded with a task (the topic draft's PDF or DOCX), kept in the database beside the documents the
 * procedure issued: its bytes (base64, so both databases store the same text), name, type, size and sha256. The
 * task's input names it by id and checksum; the row is never changed.
 */
@Entity({ name: 'uploaded_files' })
@Index('idx_uploaded_files_instance_id', ['instanceId'])
export class UploadedFile {
  @UuidPrimaryColumn('uploaded_files')
  id!: string;

  @UuidColumn('org_id')
  orgId!: string;

  @InstanceIdColumn('instance_id')
  instanceId!: string;

  /** The task it was uploaded with. */
  @UuidColumn('task_id')
  taskId!: string;

  /** The file's name as the uploader's computer called it. */
  @TextColumn('filename')
  filename!: string;

  @CodeColumn('content_type')
  contentType!: string;

  @IntColumn('size')
  size!: number;

  /** sha256 (hex) of the bytes. */
  @CodeColumn('sha256', { length: 64 })
  sha256!: string;

  @TextColumn('content_base64')
  contentBase64!: string;

  @UuidColumn('uploaded_by')
  uploadedBy!: string;

  @IsoColumn('uploaded_at')
  uploadedAt!: string;

  @BeforeInsert()
  fill(): void {
    this.id ??= newId();
    this.uploadedAt ??= nowIso();
  }
}
