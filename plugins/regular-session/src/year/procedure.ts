import type { ProcedureDefinition } from '@chibo/procedure';

/** A cell's year (Điều lệ art. 24, HD 12 II.1.1.b): its calendar, its annual thematic plan, its sessions, its rating. */
export const cellYearProcedure: ProcedureDefinition = {
  key: 'cell-year',
  version: 1,
  owner: 'default',
  title: 'Năm sinh hoạt của chi bộ',
  steps: [
    { id: 'schedule', kind: 'year:schedule@1', params: {} },
    { id: 'plan', kind: 'year:plan@1', params: {} },
    { id: 'approve-plan', kind: 'year:approve-plan@1', params: {} },
    { id: 'close', kind: 'year:close@1', params: {} },
  ],
};

/**
 * A thematic session the cell's annual plan scheduled: the thematic steps, with the topic confirmed at its `plan` step
 * without a KH of its own (the annual plan is the KH that covers it).
 */
export const scheduledThematicProcedure: ProcedureDefinition = {
  key: 'year-thematic-session',
  version: 1,
  owner: 'default',
  title: 'Sinh hoạt chuyên đề theo kế hoạch năm của chi bộ',
  steps: [
    { id: 'plan', kind: 'thematic:plan@1', params: { issueDocument: false } },
    { id: 'assign-draft', kind: 'thematic:assign-draft@1', params: {} },
    { id: 'submit-draft', kind: 'thematic:submit-draft@1', params: {} },
    { id: 'review-draft', kind: 'thematic:review-draft@1', params: {} },
    { id: 'convene', kind: 'thematic:convene@1', params: {} },
    { id: 'hold-session', kind: 'thematic:hold-session@1', params: {} },
    { id: 'score', kind: 'thematic:score@1', params: { rubric: 'phu-tho-100' } },
    { id: 'resolution', kind: 'thematic:resolution@1', params: {} },
    { id: 'report', kind: 'thematic:report@1', params: {} },
  ],
};
