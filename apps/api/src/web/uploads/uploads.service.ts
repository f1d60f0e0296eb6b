import { UploadedFile } from '@chibo/db';
import type { FieldIssue } from '@chibo/procedure';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { translate, type Lang } from '../i18n/i18n';
import { FILE_FIELD, MAX_UPLOAD_BYTES, type MultipartRequest, type UploadedPart } from './multipart';

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** How an attachment is named in a task's input: `tep:<id>` (the row in `uploaded_files`). */
export const FILE_REF = /^tep:([0-9a-f-]{36})$/;

/**
 * The type of a file by its content and name — PDF (`%PDF-`, `.pdf`) or DOCX (a ZIP holding `word/`, `.docx`) — or
 * null for anything else: what the browser says (`mimetype`) is not trusted.
 */
export function sniffType(file: Pick<UploadedPart, 'buffer' | 'originalname'>): typeof PDF | typeof DOCX | null {
  const name = file.originalname.toLowerCase();
  const head = file.buffer.subarray(0, 5).toString('latin1');
  if (name.endsWith('.pdf') && head === '%PDF-') return PDF;
  if (name.endsWith('.docx') && head.startsWith('PK\x03\x04') && file.buffer.includes('word/')) return DOCX;
  return null;
}

/** The outcome of a task form's file: nothing sent, refused (an issue at the field), or stored (its reference). */
export type UploadOutcome = { kind: 'none' } | { kind: 'refused'; issue: FieldIssue } | { kind: 'stored'; ref: string; id: string };

/** Files uploaded with task forms: checked (type, size), stored with their sha256, and read back for download. */
@Injectable()
export class UploadsService {
  constructor(private readonly ds: DataSource) {}

  /** Checks and stores the file of a multipart task post, for the task `taskId` of `instanceId` by `userId`. */
  async accept(req: MultipartRequest, where: { orgId: string; instanceId: string; taskId: string; userId: string; now: string }, lang: Lang): Promise<UploadOutcome> {
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    const mb = Math.round(MAX_UPLOAD_BYTES / (1024 * 1024));
    const tooLarge: FieldIssue = { path: FILE_FIELD, rule: 'file-too-large', message: t('upload.tooLarge', { mb }), params: { maxMegabytes: mb } };
    if (req.uploadError === 'too-large') return { kind: 'refused', issue: tooLarge };
    if (req.uploadError) return { kind: 'refused', issue: { path: FILE_FIELD, rule: 'file-unreadable', message: t('upload.unreadable') } };
    const file = req.file;
    if (!file || file.size === 0) return { kind: 'none' };
    if (file.size > MAX_UPLOAD_BYTES) return { kind: 'refused', issue: tooLarge };
    const type = sniffType(file);
    if (!type) return { kind: 'refused', issue: { path: FILE_FIELD, rule: 'file-type', message: t('upload.type', { name: file.originalname }), params: { name: file.originalname } } };
    const row = this.ds.manager.create(UploadedFile, {
      orgId: where.orgId,
      instanceId: where.instanceId,
      taskId: where.taskId,
      filename: file.originalname.slice(0, 255),
      contentType: type,
      size: file.size,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      contentBase64: file.buffer.toString('base64'),
      uploadedBy: where.userId,
      uploadedAt: where.now,
    });
    await this.ds.manager.save(row);
    return { kind: 'stored', ref: `tep:${row.id}`, id: row.id };
  }

  /** Removes a stored file no submission kept (the engine refused the form it came with). */
  async discard(id: string): Promise<void> {
    await this.ds.manager.delete(UploadedFile, { id });
  }

  /** A stored file (null when there is none), to send to someone allowed to see its instance. */
  async find(id: string): Promise<UploadedFile | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    return this.ds.manager.findOne(UploadedFile, { where: { id } });
  }
}
