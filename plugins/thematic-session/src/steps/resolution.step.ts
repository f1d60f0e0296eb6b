import { z } from 'zod';
import {
  defineStep,
  documentIssuer,
  documentRoster,
  fact,
  FACTS,
  findMember,
  guidanceCitation,
  membershipCounts,
  secretaryOf,
  type AttendanceFact,
  type DraftFact,
  type ResolutionFact,
  type RubricContribution,
  type ScoreFact,
  type SessionFact,
} from '@chibo/procedure';
import { decideAdoption, decideAdoptionByRule, validateVote, VOTE_RULES, voteDenominator, type VoteRuleName } from '@chibo/rules';
import { sessionKindOf } from '../wording';

export const RESOLUTION_STEP = 'thematic:resolution';
/** The templates of the resolution (NQ) and the minutes (BB) this step issues (src/templates/*.hbs). */
export const RESOLUTION_TEMPLATE = 'thematic:resolution';
export const MINUTES_TEMPLATE = 'thematic:minutes';

const count = z.union([z.number().int().min(0), z.array(z.string())]);

const params = z.object({
  threshold: z.number().min(0).max(1).default(0.5),
  /** A named adoption rule (@chibo/rules VOTE_RULES): "more-than-half" (QĐ 24) or "two-thirds" (at least); overrides `threshold`. */
  rule: z.enum(Object.keys(VOTE_RULES) as [VoteRuleName, ...VoteRuleName[]]).optional(),
  issueMinutes: z.boolean().default(true),
});
export type ResolutionParams = z.output<typeof params>;

/**
 * The vote's outcome by QĐ 24 with the step's threshold: votes for out of the denominator (official members summoned,
 * less those excused or exempt and absent; probationary members never count). The step records this; the vote page
 * shows it live while the secretary fills the form in.
 */
export function resolutionTally(
  members: Parameters<typeof voteDenominator>[0],
  absent: Parameters<typeof voteDenominator>[1],
  vote: { for: number | string[]; against: number | string[]; abstain: number | string[] },
  stepParams: Pick<ResolutionParams, 'threshold'> & { rule?: VoteRuleName | undefined },
) {
  const { denominator, voters } = voteDenominator(members, absent);
  const n = (v: number | string[]) => (Array.isArray(v) ? v.length : v);
  const tally = { for: n(vote.for), against: n(vote.against), abstain: n(vote.abstain) };
  const adoption = stepParams.rule ? decideAdoptionByRule(tally, denominator, stepParams.rule) : decideAdoption(tally, denominator, { threshold: stepParams.threshold });
  return { ...tally, denominator, voters, required: adoption.required, adopted: adoption.adopted };
}

const form = z.object({
  title: z.string().trim().min(1, 'Ghi tên nghị quyết'),
  decisions: z.array(z.string().trim().min(1)).min(1, 'Nghị quyết cần ít nhất một nội dung'),
  method: z.enum(['show-of-hands', 'secret']).default('show-of-hands'),
  vote: z.object({ for: count, against: count.default(0), abstain: count.default(0) }),
});

/**
 * This step has the chair record the resolution and its vote. Adoption follows QĐ 24 (for > 1/2 of the denominator;
 * probationary members never vote). A rejected vote is a finding, issues no NQ, and does not stop the procedure.
 * The minutes (BB) are issued here because they carry the vote and the rating.
 */
export const resolutionStep = defineStep({
  name: RESOLUTION_STEP,
  version: 1,
  title: { vi: 'Biểu quyết thông qua nghị quyết', en: 'Adopt the resolution' },
  description: { vi: 'Ghi nhận kết quả biểu quyết; ban hành nghị quyết (NQ) và biên bản (BB).', en: 'Record the vote; issue the resolution (NQ) and the minutes (BB).' },
  params,
  requires: [FACTS.session],
  uses: [FACTS.attendance, FACTS.score, FACTS.selfCriticism],
  provides: [FACTS.resolution],
  initialState: {},
  effects: ['issue-document', 'notify'],
  tasks: {
    vote: {
      title: { vi: 'Biểu quyết nghị quyết', en: 'Vote on the resolution' },
      form,
      validate: (ctx, input) => {
        const session = fact<SessionFact>(ctx.facts, FACTS.session);
        // A secret ballot is counted, not attributed: nobody's vote is recorded by name.
        const named = input.method === 'secret' ? (['for', 'against', 'abstain'] as const).filter((c) => Array.isArray(input.vote[c])) : [];
        if (named.length) return named.map((c) => ({ path: `vote.${c}`, rule: 'secret-ballot-named', message: 'Bỏ phiếu kín chỉ ghi số phiếu, không ghi tên người bỏ phiếu' }));
        return validateVote(input.vote as Parameters<typeof validateVote>[0], ctx.context.org.members, session?.absent ?? []).map((i) => ({ ...i, path: i.path.startsWith('vote') ? i.path : `vote.${i.path}` }));
      },
      submit: (ctx, input) => {
        const session = fact<SessionFact>(ctx.facts, FACTS.session);
        const outcome = resolutionTally(ctx.context.org.members, session?.absent ?? [], input.vote, ctx.params);
        const { denominator } = outcome;
        const tally = { for: outcome.for, against: outcome.against, abstain: outcome.abstain };
        const adoption = { required: outcome.required, adopted: outcome.adopted };
        const resolution: ResolutionFact = {
          title: input.title,
          decisions: input.decisions,
          method: input.method,
          ...tally,
          denominator,
          required: adoption.required,
          adopted: adoption.adopted,
        };
        const org = ctx.context.org.code;
        const attendance = fact<AttendanceFact>(ctx.facts, FACTS.attendance);
        const score = fact<ScoreFact>(ctx.facts, FACTS.score);
        const draft = fact<DraftFact>(ctx.facts, FACTS.draft);
        const presenterId = session?.presenter ?? draft?.assignee;
        const presenter = presenterId ? findMember(ctx.context, presenterId) : undefined;
        const issuer = documentIssuer(ctx.context);
        const guidance = guidanceCitation(ctx.context);
        const roster = documentRoster(ctx.context);
        const sessionKind = sessionKindOf(ctx.facts);
        const minutes = {
          sessionKind,
          session,
          attendance,
          score,
          resolution,
          selfCriticism: ctx.facts[FACTS.selfCriticism] ?? null,
          plan: ctx.facts[FACTS.plan] ?? null,
          issuer,
          guidance,
          roster,
          membership: membershipCounts(ctx.context),
          presenter: presenter ? { id: presenter.id, name: presenter.name } : null,
          draftApprovedAt: draft?.approvedAt ?? null,
          scoreSheet: score ? scoreSheet(score, ctx.rubric(score.rubric)) : null,
        };
        return {
          facts: { [FACTS.resolution]: resolution },
          findings: adoption.adopted
            ? []
            : [{ code: 'resolution-rejected', detail: `${tally.for}/${denominator} tán thành, cần ít nhất ${adoption.required}`, params: { for: tally.for, of: denominator, required: adoption.required } }],
          effects: [
            ...(adoption.adopted
              ? [{ key: 'nq', name: 'issue-document', input: { type: 'NQ', template: RESOLUTION_TEMPLATE, org, title: input.title, data: { sessionKind, resolution, session, attendance, plan: minutes.plan, issuer, guidance, roster } } }]
              : []),
            ...(ctx.params.issueMinutes
              ? [{ key: 'bb', name: 'issue-document', input: { type: 'BB', template: MINUTES_TEMPLATE, org, title: 'Biên bản sinh hoạt chi bộ', data: minutes } }]
              : []),
            // Every member hears that the resolution was adopted (those absent included: they carry it out too).
            ...(adoption.adopted
              ? [
                  {
                    key: 'notify-adopted',
                    name: 'notify',
                    input: { to: [{ role: 'member', org }], kind: 'resolution-adopted', message: `Chi bộ đã thông qua nghị quyết “${input.title}” (${tally.for}/${denominator} đảng viên tán thành)`, org },
                  },
                ]
              : []),
          ],
          complete: { output: resolution },
        };
      },
    },
  },
  start: (ctx) => ({
    openTasks: [{ key: 'vote', task: 'vote', assignee: secretaryOf(ctx.context), title: { vi: 'Biểu quyết thông qua nghị quyết', en: 'Vote on the resolution' } }],
  }),
});

/** The score sheet printed with the minutes: each criterion with its maximum and mark (empty for a direct rating). */
function scoreSheet(score: ScoreFact, rubric: RubricContribution) {
  const criteria = (rubric.criteria ?? []).map((c) => ({ id: c.id, label: c.label, max: c.max, mark: score.marks?.[c.id] ?? null }));
  return {
    rubric: rubric.id,
    title: rubric.title.vi,
    criteria,
    max: criteria.length ? criteria.reduce((sum, c) => sum + c.max, 0) : null,
    total: score.total,
    rating: score.rating,
    capped: score.capped,
    ...(score.cappedBy?.length ? { capReason: capReason(score, rubric) } : {}),
  };
}

// Only for a score a min-marks condition capped (ADR 0036); a full-marks cap alone keeps the minutes' fixed wording.
/** Why the sheet's conditions lowered the rating, in the minutes' Vietnamese: each condition that failed. */
function capReason(score: ScoreFact, rubric: RubricContribution): string {
  const num = (n: number) => String(n).replace('.', ',');
  const full = rubric.cappedBy?.({ marks: score.marks ?? {} }) ?? [];
  const reasons = full.length ? [`chưa đạt điểm tối đa ở tiêu chí ${full.map((l) => `“${l}”`).join(', ')}`] : [];
  for (const cap of score.cappedBy ?? []) {
    const criterion = (rubric.criteria ?? []).find((c) => c.id === cap.criterion);
    reasons.push(`tiêu chí “${criterion?.label ?? cap.criterion}” đạt ${num(cap.mark)}${criterion ? `/${num(criterion.max)}` : ''} điểm, chưa đủ ${num(cap.min)} điểm để xếp loại ${cap.rating}`);
  }
  return reasons.join('; ');
}
