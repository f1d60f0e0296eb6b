import type { ProcedureDefinition } from '@chibo/procedure';

/** The default guidance procedure of a committee: register, dispatch, await reports, roll up, submit upward. */
export const guidanceProcedure: ProcedureDefinition = {
  key: 'guidance',
  version: 1,
  owner: 'default',
  title: 'Triển khai hướng dẫn tới các chi bộ',
  steps: [
    { id: 'register', kind: 'guidance:register@1', params: {} },
    { id: 'dispatch', kind: 'guidance:dispatch@1', params: {} },
    { id: 'await-reports', kind: 'guidance:await-reports@1', params: {} },
    { id: 'rollup', kind: 'guidance:rollup@1', params: {} },
    { id: 'submit-upward', kind: 'guidance:submit-upward@1', params: {} },
  ],
};
