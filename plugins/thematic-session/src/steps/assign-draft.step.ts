import { z } from 'zod';
import { defineStep, fact, FACTS, findMember, memberName, secretaryOf, type DraftFact, type PlanFact } from '@chibo/procedure';
import { nextAssignee } from '@chibo/rules';

export const ASSIGN_DRAFT_STEP = 'thematic:assign-draft';

/**
 * This step has the chi ủy assign a member to write the topic draft. The form opens on the preparer the plan named,
 * else on the next member in fair rotation; the secretary's note (`brief`) goes to the assignee with the assignment.
 */
export const assignDraftStep = defineStep({
  name: ASSIGN_DRAFT_STEP,
  version: 1,
  title: { vi: 'Phân công chuẩn bị dự thảo chuyên đề', en: 'Assign the topic draft' },
  description: {
    vi: 'Chi ủy phân công một đảng viên chuẩn bị dự thảo; hệ thống gợi ý người lâu nhất chưa được phân công.',
    en: 'The cell committee assigns a member to prepare the draft; the least recently assigned member is suggested.',
  },
  params: z.object({}),
  requires: [FACTS.plan],
  provides: [FACTS.draft],
  initialState: {},
  effects: ['notify'],
  tasks: {
    assign: {
      title: { vi: 'Phân công người chuẩn bị dự thảo', en: 'Assign the draft author' },
      form: z.object({ assignee: z.string().min(1, 'Chọn đảng viên được phân công'), brief: z.string().trim().optional() }),
      validate: (ctx, input) => {
        const member = findMember(ctx.context, input.assignee);
        if (!member) return [{ path: 'assignee', rule: 'unknown-member', message: `Không có đảng viên “${input.assignee}” trong chi bộ`, params: { role: 'draftAuthor', member: input.assignee } }];
        if (member.status === 'exempt' || member.status === 'suspended') {
          return [{ path: 'assignee', rule: 'member-not-eligible', message: `Đồng chí ${member.name} đang miễn sinh hoạt hoặc bị đình chỉ, không thể phân công`, params: { name: member.name } }];
        }
        return [];
      },
      submit: (ctx, input) => {
        const draft: DraftFact = { assignee: input.assignee, assignedAt: ctx.now, versions: 0, status: 'assigned', notes: [] };
        return {
          facts: { [FACTS.draft]: draft },
          effects: [
            {
              key: 'notify-assignee',
              name: 'notify',
              input: { to: [{ member: input.assignee, org: ctx.context.org.code }], kind: 'draft-assigned', message: `Đồng chí ${memberName(ctx.context, input.assignee)} được phân công chuẩn bị dự thảo chuyên đề${input.brief ? `. Yêu cầu của chi ủy: ${input.brief}` : ''}` },
            },
          ],
          complete: { output: { assignee: input.assignee } },
        };
      },
    },
  },
  start: (ctx) => {
    const preparer = fact<PlanFact>(ctx.facts, FACTS.plan)?.preparer;
    const suggestion = preparer && findMember(ctx.context, preparer) ? preparer : nextAssignee(ctx.context.org.members, ctx.context.lastAssigned ?? {});
    return {
      openTasks: [
        {
          key: 'assign',
          task: 'assign',
          assignee: secretaryOf(ctx.context),
          title: { vi: 'Phân công người chuẩn bị dự thảo chuyên đề', en: 'Assign the topic draft' },
          ...(suggestion ? { prefill: { assignee: suggestion } } : {}),
        },
      ],
    };
  },
});
