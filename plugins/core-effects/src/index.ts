import { z } from 'zod';

/**
 * The effects this package provides to every plugin, by name, and the inputs they accept. Pure (zod only): steps and
 * workflow code may import it. The handlers are Node-side: `@chibo/plugin-core-effects/effects`.
 */
export const ISSUE_DOCUMENT = 'issue-document';
export const NOTIFY = 'notify';

/** What a step sends to have a numbered document issued (`type` KH, NQ, BB, BC, …; `org` the issuing body's code). */
export const issueDocumentInput = z.object({
  type: z.string().min(1),
  org: z.string().min(1),
  title: z.string().default(''),
  /** A template id of an enabled plugin (or the committee's override of it); absent: the type's default. */
  template: z.string().min(1).nullish(),
  /** What the template renders; the document's data checksum covers it. */
  data: z.unknown(),
});
export type IssueDocumentInput = z.infer<typeof issueDocumentInput>;

/** A recipient of a notification: one member, or everyone holding a role in an org unit. */
export const notifyRecipient = z.union([
  z.object({ member: z.string().min(1), org: z.string().min(1).optional() }),
  z.object({ role: z.string().min(1), org: z.string().min(1) }),
]);

/** The session a convene notice announces (an `.ics` invitation goes with the e-mail). */
export const notifyEvent = z.object({
  /** The calendar event's id (its UID is made from it); default: the instance's, one event per instance. */
  id: z.string().min(1).optional(),
  /** The session named in a sentence, e.g. "thường kỳ tháng 04/2026" (the subject of a moved session's notice). */
  name: z.string().min(1).optional(),
  startsAt: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().positive().optional(),
  place: z.string().nullish(),
  online: z.boolean().optional(),
  onlineLink: z.url().nullish(),
  agenda: z.string().nullish(),
  /** 0 for the first notice, higher for an update; `cancelled` sends a cancellation. */
  sequence: z.number().int().min(0).optional(),
  cancelled: z.boolean().optional(),
});

/** What a step sends to notify people (`kind` e.g. `report-reminder`; `message` in Vietnamese). */
export const notifyInput = z.object({
  to: z.array(notifyRecipient),
  kind: z.string().min(1),
  message: z.string().optional(),
  org: z.string().min(1).optional(),
  /** The deadline of the task the notice is about. */
  dueAt: z.iso.datetime({ offset: true }).optional(),
  event: notifyEvent.optional(),
  /** Site-relative path of the page the notice is about (default: the instance's dossier or the task list). */
  link: z.string().startsWith('/').optional(),
});
export type NotifyInput = z.infer<typeof notifyInput>;
