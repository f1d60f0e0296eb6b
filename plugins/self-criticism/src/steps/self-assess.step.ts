import { z } from 'zod';
import { defineStep, fact, FACTS, type SessionFact } from '@chibo/procedure';
import { isManifestationCode } from '@chibo/rules';

export const SELF_ASSESS_STEP = 'self-criticism:self-assess';

interface SelfAssessState {
  expected: string[];
  submitted: Record<string, string[]>;
}

/** What the chi ủy compiles once every present member has assessed themselves. */
export interface SelfCriticismSummary {
  members: number;
  flaggedMembers: number;
  /** Manifestation code → how many members flagged it. */
  byCode: Record<string, number>;
}

/**
 * This step ("tự soi, tự sửa") opens one task per member present at the session: each flags the manifestations of
 * Nghị quyết 04-NQ/TW that apply to them (codes like `2.5`) and writes a remediation plan. It completes, with the
 * compiled summary, when every present member has submitted.
 */
export const selfAssessStep = defineStep({
  name: SELF_ASSESS_STEP,
  version: 1,
  title: { vi: 'Tự soi, tự sửa', en: 'Self-criticism' },
  description: {
    vi: 'Mỗi đảng viên có mặt tự đối chiếu với 27 biểu hiện suy thoái và xây dựng kế hoạch khắc phục; chi ủy tổng hợp.',
    en: 'Each present member checks themselves against the 27 manifestations and writes a remediation plan.',
  },
  params: z.object({}),
  initialState: { expected: [], submitted: {} } as SelfAssessState,
  addable: { alias: 'self-criticism', after: ['thematic:hold-session', 'regular:hold-session'] },
  tasks: {
    assess: {
      title: { vi: 'Tự kiểm điểm theo 27 biểu hiện', en: 'Self-assessment' },
      form: z.object({
        flagged: z.array(z.string()).default([]),
        plan: z.string().trim().min(1, 'Ghi kế hoạch khắc phục'),
      }),
      validate: (_ctx, input) => {
        const issues = input.flagged.flatMap((code, i) =>
          isManifestationCode(code) ? [] : [{ path: `flagged[${i}]`, rule: 'unknown-manifestation', message: `“${code}” không phải mã biểu hiện (1.1 đến 3.9)` }],
        );
        input.flagged.forEach((code, i) => {
          if (input.flagged.indexOf(code) !== i) issues.push({ path: `flagged[${i}]`, rule: 'duplicate', message: `Biểu hiện ${code} bị chọn hai lần` });
        });
        return issues;
      },
      submit: (ctx, input, _by, task) => {
        const member = task.key.slice('assess:'.length);
        const submitted = { ...ctx.state.submitted, [member]: input.flagged };
        const state: SelfAssessState = { ...ctx.state, submitted };
        if (ctx.state.expected.some((id) => !submitted[id])) return { state };
        const summary = compile(submitted);
        return { state, facts: { [FACTS.selfCriticism]: summary }, complete: { output: summary } };
      },
    },
  },
  start: (ctx) => {
    const session = fact<SessionFact>(ctx.facts, FACTS.session);
    if (!session) return { fail: { reason: 'Bước tự soi, tự sửa cần diễn ra sau khi ghi nhận buổi sinh hoạt' } };
    const absent = new Set(session.absent.map((a) => a.member));
    const present = ctx.context.org.members.filter((m) => !absent.has(m.id) && m.status !== 'suspended');
    if (present.length === 0) return { facts: { [FACTS.selfCriticism]: compile({}) }, complete: {} };
    return {
      state: { expected: present.map((m) => m.id), submitted: {} },
      openTasks: present.map((m) => ({
        key: `assess:${m.id}`,
        task: 'assess',
        assignee: { member: m.id },
        title: { vi: `Tự soi, tự sửa: ${m.name}`, en: `Self-assessment: ${m.name}` },
      })),
    };
  },
});

function compile(submitted: Record<string, string[]>): SelfCriticismSummary {
  const byCode: Record<string, number> = {};
  let flaggedMembers = 0;
  for (const codes of Object.values(submitted)) {
    if (codes.length) flaggedMembers++;
    for (const code of codes) byCode[code] = (byCode[code] ?? 0) + 1;
  }
  return { members: Object.keys(submitted).length, flaggedMembers, byCode };
}
