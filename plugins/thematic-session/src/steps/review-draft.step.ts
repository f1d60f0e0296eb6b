import { z } from 'zod';
import { defineStep, fact, FACTS, memberName, secretaryOf, type DraftFact } from '@chibo/procedure';

export const REVIEW_DRAFT_STEP = 'thematic:review-draft';

const form = z
  .object({ decision: z.enum(['approve', 'revise']), note: z.string().trim().optional() })
  .refine((v) => v.decision === 'approve' || (v.note?.length ?? 0) > 0, { path: ['note'], message: 'Cần ghi rõ nội dung yêu cầu chỉnh sửa' });

/** This step has the secretary approve the draft, or send it back for revision (looping to the submit step). */
export const reviewDraftStep = defineStep({
  name: REVIEW_DRAFT_STEP,
  version: 1,
  title: { vi: 'Duyệt dự thảo chuyên đề', en: 'Review the topic draft' },
  description: { vi: 'Bí thư (chi ủy) duyệt dự thảo hoặc yêu cầu chỉnh sửa.', en: 'The secretary approves the draft or asks for a revision.' },
  params: z.object({ reviseStep: z.string().default('submit-draft') }),
  requires: [FACTS.draft],
  provides: [FACTS.draft],
  initialState: {},
  effects: ['notify'],
  tasks: {
    review: {
      title: { vi: 'Duyệt dự thảo chuyên đề', en: 'Review the topic draft' },
      form,
      submit: (ctx, input) => {
        const draft = fact<DraftFact>(ctx.facts, FACTS.draft)!;
        if (input.decision === 'approve') {
          return {
            facts: { [FACTS.draft]: { ...draft, status: 'approved', approvedAt: ctx.now } satisfies DraftFact },
            // The members can read the approved draft before the session (its link: the cell's dossier).
            effects: [
              {
                key: 'notify-draft-ready',
                name: 'notify',
                input: {
                  to: [{ role: 'member', org: ctx.context.org.code }],
                  kind: 'draft-ready',
                  message: `Dự thảo chuyên đề do đồng chí ${memberName(ctx.context, draft.assignee)} chuẩn bị đã được duyệt; đề nghị đồng chí đọc trước buổi sinh hoạt`,
                  org: ctx.context.org.code,
                },
              },
            ],
            complete: { output: { decision: 'approve', version: draft.versions } },
          };
        }
        return {
          facts: { [FACTS.draft]: { ...draft, status: 'revision', notes: [...draft.notes, input.note!] } satisfies DraftFact },
          effects: [
            {
              key: `notify-revision-${draft.versions}`,
              name: 'notify',
              input: { to: [{ member: draft.assignee, org: ctx.context.org.code }], kind: 'draft-revision', message: `Dự thảo cần chỉnh sửa: ${input.note}` },
            },
          ],
          complete: { output: { decision: 'revise', version: draft.versions, note: input.note }, goto: ctx.params.reviseStep },
        };
      },
    },
  },
  start: (ctx) => {
    const draft = fact<DraftFact>(ctx.facts, FACTS.draft);
    return {
      openTasks: [
        {
          key: 'review',
          task: 'review',
          assignee: secretaryOf(ctx.context),
          title: { vi: `Duyệt dự thảo chuyên đề (phiên bản ${draft?.versions ?? 1})`, en: `Review draft version ${draft?.versions ?? 1}` },
        },
      ],
    };
  },
});
