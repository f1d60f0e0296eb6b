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
    { id: 'await-reports', kind: 'guidance:await-reports@2', params: {} },
    { id: 'rollup', kind: 'guidance:rollup@1', params: {} },
    { id: 'submit-upward', kind: 'guidance:submit-upward@1', params: {} },
  ],
};

/**
 * What a committee runs when a guidance reaches it from its superior (cascades, DESIGN §5): issue its own guidance
 * based on it, then carry that out as any guidance — dispatch, await reports, roll up — and send the roll-up to the
 * parent as its report. Its report deadline is known once it has issued its guidance, so the reminders start then.
 */
export const guidanceImplementationProcedure: ProcedureDefinition = {
  key: 'guidance-implementation',
  version: 1,
  owner: 'default',
  title: 'Thực hiện hướng dẫn của cấp trên',
  steps: [
    { id: 'implement', kind: 'guidance:implement@1', params: {} },
    { id: 'register', kind: 'guidance:register@1', params: {} },
    { id: 'dispatch', kind: 'guidance:dispatch@1', params: {} },
    { id: 'await-reports', kind: 'guidance:await-reports@2', params: { timersOn: 'step-start' } },
    { id: 'rollup', kind: 'guidance:rollup@1', params: {} },
    { id: 'submit-upward', kind: 'guidance:submit-upward@1', params: {} },
  ],
};
