import type { ProcedureDefinition } from '@chibo/procedure';

/** The default thematic session (HD 12-HD/BTCTW): a committee copies and composes it (add steps, pick a rubric). */
export const thematicSessionProcedure: ProcedureDefinition = {
  key: 'thematic-session',
  version: 1,
  owner: 'default',
  title: 'Sinh hoạt chuyên đề (theo Hướng dẫn 12-HD/BTCTW)',
  steps: [
    { id: 'plan', kind: 'thematic:plan@1', params: {} },
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
