import { z } from 'zod';
import { defineStep, FACTS, type ChildRecord } from '@chibo/procedure';
import { isWithinDeadline } from '@chibo/rules';
import { effectiveGuidance, implementationOf } from '../cascade';

export const SUBMIT_UPWARD_STEP = 'guidance:submit-upward';

/** This step sends the committee's roll-up to its own superior (and to a parent procedure, when there is one). */
export const submitUpwardStep = defineStep({
  name: SUBMIT_UPWARD_STEP,
  version: 1,
  title: { vi: 'Gửi báo cáo lên cấp trên', en: 'Submit upward' },
  description: { vi: 'Gửi báo cáo tổng hợp lên cấp ủy cấp trên.', en: 'Send the roll-up to the superior committee.' },
  params: z.object({}),
  initialState: {},
  effects: ['submit-upward'],
  tasks: {},
  start: (ctx) => {
    const rollup = ctx.facts[FACTS.rollup] as Record<string, unknown> | undefined;
    const superior = ctx.context.org.parent?.code ?? null;
    // A committee implementing its superior's guidance (cascades) reports against the superior's deadline: the guidance
    // of its context is the one it received.
    const parentReportBy = implementationOf(ctx.facts) ? ctx.context.guidance?.reportBy : undefined;
    const onTime = parentReportBy ? isWithinDeadline(ctx.now, parentReportBy) : true;
    const received = receivedCheckpoints(ctx.children);
    return {
      effects: [{ key: 'submit', name: 'submit-upward', input: { from: ctx.context.org.code, to: superior, guidance: effectiveGuidance(ctx)?.number ?? null, rollup: rollup ?? null } }],
      // The host seals the report with the committee's own checkpoint; it carries those its recipients' reports
      // carried, so the superior's chain holds the heads of the chains one level further down too (ADR 0019).
      notifyParent: { key: 'rollup', report: { cell: ctx.context.org.code, onTime, rollup: rollup ?? null, ...(received.length ? { received } : {}) } },
      facts: { [FACTS.status]: 'submitted' },
      complete: {},
    };
  },
});

/** The audit checkpoints the recipients' reports carried (`auditCheckpoint`, added by the host's seal), in child order. */
export function receivedCheckpoints(children: Readonly<Record<string, ChildRecord>>): unknown[] {
  return Object.values(children)
    .map((c) => c.report?.['auditCheckpoint'])
    .filter((cp): cp is object => typeof cp === 'object' && cp !== null);
}
