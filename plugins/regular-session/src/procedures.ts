import type { ProcedureDefinition } from '@chibo/procedure';

/** The monthly regular session (Điều lệ Art. 24): prepared by the secretary, approved by the chi ủy, then held. */
export const regularSessionProcedure: ProcedureDefinition = {
  key: 'regular-session',
  version: 1,
  owner: 'default',
  title: 'Sinh hoạt chi bộ thường kỳ',
  steps: [
    { id: 'prepare', kind: 'regular:prepare@1', params: {} },
    { id: 'approve', kind: 'regular:approve@1', params: {} },
    { id: 'convene', kind: 'thematic:convene@1', params: { issueNotice: false } },
    { id: 'hold-session', kind: 'thematic:hold-session@1', params: {} },
    { id: 'score', kind: 'thematic:score@1', params: { rubric: 'phu-tho-100' } },
    { id: 'resolution', kind: 'thematic:resolution@1', params: {} },
    { id: 'report', kind: 'thematic:report@1', params: {} },
  ],
};
