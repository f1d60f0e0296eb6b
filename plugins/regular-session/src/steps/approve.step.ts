import { z } from 'zod';
import { defineStep, fact, FACTS, secretaryOf, type DraftFact } from '@chibo/procedure';

export const APPROVE_STEP = 'regular:approve';

const form = z
  .object({ decision: z.enum(['approve', 'revise']), note: z.string().trim().optional() })
  .refine((v) => v.decision === 'approve' || (v.note?.length ?? 0) > 0, { path: ['note'], message: 'Cần ghi rõ nội dung yêu cầu chỉnh sửa' });

/** This step has the chi ủy approve the prepared content (or send it back to the secretary). */
export const approveStep = defineStep({
  name: APPROVE_STEP,
  version: 1,
  title: { vi: 'Chi ủy duyệt nội dung', en: 'Cell committee approval' },
  description: { vi: 'Chi ủy duyệt nội dung và dự thảo nghị quyết, hoặc yêu cầu chỉnh sửa.', en: 'The cell committee approves the content or asks for changes.' },
  params: z.object({ reviseStep: z.string().default('prepare') }),
  requires: [FACTS.draft],
  provides: [FACTS.draft],
  initialState: {},
  tasks: {
    approve: {
      title: { vi: 'Duyệt nội dung sinh hoạt', en: 'Approve the content' },
      form,
      submit: (ctx, input) => {
        const draft = fact<DraftFact>(ctx.facts, FACTS.draft)!;
        if (input.decision === 'approve') {
          return { facts: { [FACTS.draft]: { ...draft, status: 'approved', approvedAt: ctx.now } satisfies DraftFact }, complete: {} };
        }
        return {
          facts: { [FACTS.draft]: { ...draft, status: 'revision', notes: [...draft.notes, input.note!] } satisfies DraftFact },
          complete: { goto: ctx.params.reviseStep },
        };
      },
    },
  },
  start: (ctx) => ({
    openTasks: [
      {
        key: 'approve',
        task: 'approve',
        // The chi ủy decides; the bí thư records it (small cells have only a bí thư).
        assignee: secretaryOf(ctx.context),
        title: { vi: 'Duyệt nội dung sinh hoạt thường kỳ', en: 'Approve the regular session content' },
      },
    ],
  }),
});
