import { z } from 'zod';
import { defineStep, fact, FACTS, type DraftFact } from '@chibo/procedure';

export const SUBMIT_DRAFT_STEP = 'thematic:submit-draft';

/** This step has the assigned member submit a version of the topic draft (again after each revision request). */
export const submitDraftStep = defineStep({
  name: SUBMIT_DRAFT_STEP,
  version: 1,
  title: { vi: 'Nộp dự thảo chuyên đề', en: 'Submit the topic draft' },
  description: { vi: 'Đảng viên được phân công nộp dự thảo (mỗi lần sửa là một phiên bản).', en: 'The assigned member submits a draft version.' },
  params: z.object({}),
  requires: [FACTS.draft],
  provides: [FACTS.draft],
  initialState: {},
  tasks: {
    submit: {
      title: { vi: 'Nộp dự thảo chuyên đề', en: 'Submit the topic draft' },
      form: z.object({ title: z.string().trim().optional(), content: z.string().trim().optional(), attachment: z.string().trim().optional() }),
      // A version with nothing in it is not a draft: the reviewer would approve an empty page.
      validate: (_ctx, input) =>
        input.title || input.content || input.attachment
          ? []
          : [{ path: 'content', rule: 'empty-draft', message: 'Dự thảo đang để trống: cần có tiêu đề, nội dung hoặc tệp đính kèm' }],
      submit: (ctx, input) => {
        const draft = fact<DraftFact>(ctx.facts, FACTS.draft)!;
        const next: DraftFact = { ...draft, versions: draft.versions + 1, status: 'submitted' };
        return { facts: { [FACTS.draft]: next }, complete: { output: { version: next.versions, ...input } } };
      },
    },
  },
  start: (ctx) => {
    const draft = fact<DraftFact>(ctx.facts, FACTS.draft);
    if (!draft) return { fail: { reason: 'Chưa có người được phân công chuẩn bị dự thảo' } };
    const version = draft.versions + 1;
    return {
      openTasks: [
        {
          key: 'submit',
          task: 'submit',
          assignee: { member: draft.assignee },
          title: { vi: version === 1 ? 'Nộp dự thảo chuyên đề' : `Nộp dự thảo chuyên đề (bản sửa lần ${version - 1})`, en: version === 1 ? 'Submit the topic draft' : `Submit revision ${version - 1} of the draft` },
        },
      ],
    };
  },
});
