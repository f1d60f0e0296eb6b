import { AuditCheckpointRecord } from './audit-checkpoint.entity';
import { AuditEntry } from './audit-entry.entity';
import { CommitteeSetting } from './committee-setting.entity';
import { DocumentTemplateOverride } from './document-template-override.entity';
import { DocumentEntity } from './document.entity';
import { EffectRun } from './effect-run.entity';
import { Finding } from './finding.entity';
import { Guidance } from './guidance.entity';
import { InstanceEvent } from './instance-event.entity';
import { MemberAssignment } from './member-assignment.entity';
import { Member } from './member.entity';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationSettings } from './notification-settings.entity';
import { Notification } from './notification.entity';
import { NumberingRegister } from './numbering-register.entity';
import { OrgUnit } from './org-unit.entity';
import { OutboxEntry } from './outbox-entry.entity';
import { ProcedureDefinitionEntity } from './procedure-definition.entity';
import { ProcedureInstance } from './procedure-instance.entity';
import { Report } from './report.entity';
import { ReportInboxEntry, ReportInboxHead } from './report-inbox.entity';
import { Resolution } from './resolution.entity';
import { RoleAssignment } from './role-assignment.entity';
import { Score } from './score.entity';
import { ScoreSheet } from './score-sheet.entity';
import { SelfCriticismReview } from './self-criticism-review.entity';
import { SessionAttendance } from './session-attendance.entity';
import { SessionGuest } from './session-guest.entity';
import { SessionOpinion } from './session-opinion.entity';
import { SessionRecord } from './session-record.entity';
import { Task } from './task.entity';
import { Term } from './term.entity';
import { Timer } from './timer.entity';
import { UploadedFile } from './uploaded-file.entity';
import { User } from './user.entity';
import { Vote } from './vote.entity';
import { WorkflowStartInput } from './workflow-start-input.entity';

export * from './audit-checkpoint.entity';
export * from './audit-entry.entity';
export * from './committee-setting.entity';
export * from './document-template-override.entity';
export * from './document.entity';
export * from './effect-run.entity';
export * from './finding.entity';
export * from './guidance.entity';
export * from './instance-event.entity';
export * from './member-assignment.entity';
export * from './member.entity';
export * from './notification-delivery.entity';
export * from './notification-settings.entity';
export * from './notification.entity';
export * from './numbering-register.entity';
export * from './org-unit.entity';
export * from './outbox-entry.entity';
export * from './procedure-definition.entity';
export * from './procedure-instance.entity';
export * from './report.entity';
export * from './report-inbox.entity';
export * from './resolution.entity';
export * from './role-assignment.entity';
export * from './score.entity';
export * from './score-sheet.entity';
export * from './self-criticism-review.entity';
export * from './session-attendance.entity';
export * from './session-guest.entity';
export * from './session-opinion.entity';
export * from './session-record.entity';
export * from './task.entity';
export * from './term.entity';
export * from './timer.entity';
export * from './uploaded-file.entity';
export * from './user.entity';
export * from './vote.entity';
export * from './workflow-start-input.entity';

/** Every entity, listed explicitly (no globs): the data source registers exactly these. */
export const ENTITIES = [
  // organisation and people
  OrgUnit,
  Term,
  Member,
  MemberAssignment,
  User,
  RoleAssignment,
  // configuration
  Guidance,
  ProcedureDefinitionEntity,
  CommitteeSetting,
  ScoreSheet,
  // write side: instances, their event log, the outbox, effects, timers
  ProcedureInstance,
  InstanceEvent,
  OutboxEntry,
  EffectRun,
  Timer,
  // Temporal engine: children's reports waiting for their parent, starts too large for a workflow input (ADR 0026)
  ReportInboxEntry,
  ReportInboxHead,
  WorkflowStartInput,
  // read side
  Task,
  SessionRecord,
  SessionAttendance,
  SessionOpinion,
  SessionGuest,
  Vote,
  Score,
  Resolution,
  Report,
  NumberingRegister,
  DocumentEntity,
  DocumentTemplateOverride,
  UploadedFile,
  Finding,
  SelfCriticismReview,
  // notifications: the in-app board, the deliveries outbox (e-mail, …), each user's address and preferences
  Notification,
  NotificationDelivery,
  NotificationSettings,
  // audit: append-only, hash-chained (packages/audit)
  AuditEntry,
  AuditCheckpointRecord,
] as const;
