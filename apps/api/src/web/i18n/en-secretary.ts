import type { VI_SECRETARY } from './vi-secretary';

/** English messages of the secretary's records (see vi-secretary.ts); the compiler checks the keys match. */
export const EN_SECRETARY: Record<keyof typeof VI_SECRETARY, string> = {
  'field.draftSentAt': 'When the draft was sent to members',
  'hint.draftSentAt': 'Leave blank if the draft was not sent ahead. The minutes and the report mention sending the draft only when a time is given here.',
  'field.minutesAdopted': 'The clerk read the minutes back and the session adopted them',
  'hint.minutesAdopted': 'Tick only when the minutes were read back before the close; otherwise the minutes do not say they were adopted.',
  'session.recordedFacts': 'Draft and minutes',
  'session.recordedFactsHint': 'Documents state only what is recorded here.',

  'field.shortNotice': 'Confirm convening at short notice',
  'hint.shortNotice': 'HD 12: members get the notice and the draft at least 24 hours before the session (the committee may set another minimum). Tick only when the session must be sooner.',

  'login.role': 'Role',

  'upload.tooLarge': 'The file is too large: at most {mb} MB',
  'upload.unreadable': 'The uploaded file could not be read; choose it again and resend',
  'upload.type': '“{name}” is neither a PDF nor a DOCX: drafts are accepted as PDF or Word (.docx)',
  'draft.download': 'Download the attachment',

  'field.closingNote': 'Note on closing (optional)',
  'hint.closingNote': 'Whoever has not submitted is named in a compliance finding of the cell.',

  'draft.heading': 'Topic draft',
  'draft.version': 'Version {n}',
  'draft.latest': 'Version {n} (latest)',
  'draft.submittedAt': 'submitted {date}',
  'draft.noTitle': '(untitled)',
  'draft.attachment': 'Attachment',
  'draft.earlier': 'Earlier versions',
  'draft.none': 'No version of the draft has been submitted yet.',
  'draft.brief': 'What the cell committee asked for when assigning it',

  'score.scoredSession': 'The session being scored',
  'score.attendance': 'Attendance: {present}/{total} ({rate})',
  'score.duration': 'Duration: {minutes} minutes',
  'score.opinions': 'Opinions: {n}',
};
