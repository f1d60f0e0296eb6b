import type { TaskPage, TaskPageContext } from '@chibo/host';
import { fact, FACTS, type RosterMember, type SessionFact } from '@chibo/procedure';
import { voteDenominator } from '@chibo/rules';
import { RESOLUTION_STEP, resolutionTally, type ResolutionParams } from '../steps/resolution.step';

export const CHOICES = ['for', 'against', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

/** The resolution and its vote as the secretary records it: each voter's hand, or the ballot counts when secret. */
export interface VoteValues {
  title: string;
  decisions: string;
  method: 'show-of-hands' | 'secret';
  votes: Record<string, Choice | ''>;
  counts: Record<Choice, string>;
}

/** Who was absent at the session (from the recorded session), to know who may vote. */
function absences(ctx: TaskPageContext): SessionFact['absent'] {
  return fact<SessionFact>(ctx.state.facts, FACTS.session)?.absent ?? [];
}

function count(text: string): number | string {
  const n = Number(text.trim());
  return text.trim() === '' ? 0 : Number.isInteger(n) ? n : text;
}

/** The resolution step's input: voters listed by id for a show of hands, counts for a secret ballot. */
export function voteInput(values: VoteValues): Record<string, unknown> {
  const decisions = values.decisions.split(/\r?\n/).map((d) => d.trim()).filter(Boolean);
  const listed = (choice: Choice) => Object.entries(values.votes).filter(([, c]) => c === choice).map(([id]) => id);
  return {
    title: values.title,
    decisions,
    method: values.method,
    vote:
      values.method === 'secret'
        ? { for: count(values.counts.for), against: count(values.counts.against), abstain: count(values.counts.abstain) }
        : { for: listed('for'), against: listed('against'), abstain: listed('abstain') },
  };
}

/** The live tally: the step's own outcome ({@link resolutionTally}) with this instance's threshold. */
export function voteTally(ctx: TaskPageContext, values: VoteValues) {
  const input = voteInput(values).vote as Record<Choice, number | string | string[]>;
  const usable = (v: number | string | string[]) => (typeof v === 'string' ? 0 : v);
  const outcome = resolutionTally(ctx.roster, absences(ctx), { for: usable(input.for), against: usable(input.against), abstain: usable(input.abstain) }, ctx.params as ResolutionParams);
  const { threshold, rule } = ctx.params as ResolutionParams;
  return {
    for: outcome.for,
    against: outcome.against,
    abstain: outcome.abstain,
    denominator: outcome.denominator,
    voters: outcome.voters.length,
    notVoted: Math.max(0, outcome.voters.length - outcome.for - outcome.against - outcome.abstain),
    required: outcome.required,
    adopted: outcome.adopted,
    headline: `${outcome.for}/${outcome.denominator} — ${ctx.t(outcome.adopted ? 'vote.adopted' : 'vote.rejected')}`,
    rule:
      rule === 'two-thirds'
        ? ctx.t('thematic.vote.ruleTwoThirds', { denominator: outcome.denominator, required: outcome.required })
        : ctx.t('thematic.vote.rule', { share: rule === 'more-than-half' || threshold === 0.5 ? ctx.t('thematic.vote.half') : ctx.format.percent(threshold), denominator: outcome.denominator, required: outcome.required }),
  };
}

type VoteModel = ReturnType<typeof voteModel>;

function voteModel(ctx: TaskPageContext, values: VoteValues, errors: ReadonlyMap<string, string[]>) {
  const { t, form } = ctx;
  const absent = new Map(absences(ctx).map((a) => [a.member, a]));
  const { voters } = voteDenominator(ctx.roster, absences(ctx));
  const canVote = new Set(voters);
  return {
    fields: {
      title: form.field({ name: 'title', label: t('thematic.vote.title'), widget: 'text', value: values.title, required: true }, errors),
      decisions: form.field({ name: 'decisions', label: t('thematic.vote.decisions'), widget: 'lines', value: values.decisions, required: true }, errors),
      method: form.field(
        { name: 'method', label: t('thematic.vote.method'), widget: 'radio', value: values.method, options: [{ value: 'show-of-hands', label: t('option.method.show-of-hands') }, { value: 'secret', label: t('option.method.secret') }] },
        errors,
      ),
    },
    secret: values.method === 'secret',
    members: ctx.roster.map((m: RosterMember) => ({
      id: m.id,
      name: m.name,
      canVote: canVote.has(m.id),
      why: canVote.has(m.id)
        ? null
        : m.status === 'probationary'
          ? t('thematic.vote.probationary')
          : m.status === 'suspended'
            ? t('thematic.vote.suspended')
            : absent.has(m.id)
              ? t('thematic.vote.absent', { reason: absent.get(m.id)!.reason })
              : t('thematic.vote.notVoting'),
      legendId: form.id(`vote.${m.id}`),
      choices: CHOICES.map((c) => ({ value: c, label: t(`vote.choice.${c}`), id: form.id(`vote.${m.id}.${c}`), checked: values.votes[m.id] === c })),
    })),
    counts: CHOICES.map((c) => form.field({ name: `count.${c}`, label: t(`vote.choice.${c}`), widget: 'number', value: values.counts[c], min: 0 }, errors)),
    voteError: form.error(errors, 'vote'),
    tally: voteTally(ctx, values),
  };
}

/** The resolution's page: title, decisions, method, and each voter's hand (or the ballot counts) with a live tally. */
export const votePage: TaskPage<VoteValues, VoteModel> = {
  step: RESOLUTION_STEP,
  task: 'vote',
  partial: 'thematic/vote',
  defaults: (ctx) => {
    const plan = fact<{ topic: string }>(ctx.state.facts, FACTS.plan);
    return { title: plan ? ctx.t('thematic.vote.defaultTitle', { topic: plan.topic }) : '', decisions: '', method: 'show-of-hands', votes: {}, counts: { for: '', against: '', abstain: '' } };
  },
  read: (ctx, body, action) => {
    const { one } = ctx.form;
    const { voters } = voteDenominator(ctx.roster, absences(ctx));
    // "Everyone present votes for" — the common case, one tap; the secretary then changes the exceptions.
    const votes: Record<string, Choice | ''> = {};
    for (const id of voters) {
      const choice = action === 'all-for' ? 'for' : (one(body, `vote.${id}`) ?? '');
      votes[id] = (CHOICES as readonly string[]).includes(choice) ? (choice as Choice) : '';
    }
    return {
      title: one(body, 'title') ?? '',
      decisions: one(body, 'decisions') ?? '',
      method: one(body, 'method') === 'secret' ? 'secret' : 'show-of-hands',
      votes,
      counts: { for: one(body, 'count.for') ?? '', against: one(body, 'count.against') ?? '', abstain: one(body, 'count.abstain') ?? '' },
    };
  },
  input: (_ctx, values) => voteInput(values),
  view: (ctx, values, errors) => ({ model: voteModel(ctx, values, errors), fields: ['title', 'decisions', 'method'] }),
  live: { tally: { partial: 'thematic/tally', model: (view) => ({ tally: view.tally }) } },
};
