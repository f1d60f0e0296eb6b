import { z } from 'zod';
import { defineStep, fact, FACTS, secretaryOf, type DraftFact, type PlanFact } from '@chibo/procedure';

export const PREPARE_STEP = 'regular:prepare';

/** This step has the secretary prepare the monthly session's content and draft resolution. */
export const prepareStep = defineStep({
  name: PREPARE_STEP,
  version: 1,
  title: { vi: 'Chuẩn bị nội dung sinh hoạt thường kỳ', en: 'Prepare the regular session' },
  description: { vi: 'Bí thư chuẩn bị nội dung và dự thảo nghị quyết của buổi sinh hoạt thường kỳ.', en: 'The secretary prepares the content and the draft resolution.' },
  params: z.object({}),
  provides: [FACTS.plan, FACTS.draft],
  initialState: {},
  tasks: {
    prepare: {
      title: { vi: 'Chuẩn bị nội dung và dự thảo nghị quyết', en: 'Prepare content and draft resolution' },
      form: z.object({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM'),
        content: z.string().trim().min(1, 'Ghi nội dung sinh hoạt'),
        draftResolution: z.string().trim().min(1, 'Cần có dự thảo nghị quyết'),
        /** Kết quả thực hiện nhiệm vụ tháng: what the cell did this month (printed in BB, NQ and BC). */
        results: z.string().trim().max(20_000).optional(),
        /** Nhiệm vụ tháng tới: the next month's tasks (printed in BB, NQ and BC). */
        nextTasks: z.string().trim().max(20_000).optional(),
      }),
      submit: (ctx, input, by) => {
        const previous = fact<DraftFact>(ctx.facts, FACTS.draft);
        const draft: DraftFact = {
          assignee: by.member?.id ?? by.userId,
          assignedAt: previous?.assignedAt ?? ctx.now,
          versions: (previous?.versions ?? 0) + 1,
          status: 'submitted',
          notes: previous?.notes ?? [],
        };
        const plan: PlanFact = {
          topic: input.content,
          month: input.month,
          kind: 'regular',
          ...(input.results ? { results: input.results } : {}),
          ...(input.nextTasks ? { nextTasks: input.nextTasks, nextMonth: nextMonth(input.month) } : {}),
        };
        return { facts: { [FACTS.draft]: draft, [FACTS.plan]: plan }, complete: { output: input } };
      },
    },
  },
  start: (ctx) => ({
    openTasks: [{ key: 'prepare', task: 'prepare', assignee: secretaryOf(ctx.context), title: { vi: 'Chuẩn bị sinh hoạt chi bộ thường kỳ', en: 'Prepare the regular session' } }],
  }),
});

/** "2022-06" from "2022-05"; "2023-01" from "2022-12". */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
