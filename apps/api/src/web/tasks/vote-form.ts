import { fact, FACTS, type RosterMember, type SessionFact } from '@chibo/procedure';
import { decideAdoption, voteDenominator } from '@chibo/rules';
import { translate, type Lang } from '../i18n/i18n';
import { errorFor, fieldId, one, type FormBody } from '../forms/form-body';
import { makeField } from '../forms/schema-form';
import { taskFacts, type TaskContext } from './task-context.service';

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
function absences(ctx: TaskContext): SessionFact['absent'] {
  return fact<SessionFact>(ctx.state.facts, FACTS.session)?.absent ?? [];
}

export function voteDefaults(ctx: TaskContext, lang: Lang): VoteValues {
  const { plan } = taskFacts(ctx.state);
  return {
    title: plan ? translate(lang, 'vote.defaultTitle', { topic: plan.topic }) : '',
    decisions: '',
    method: 'show-of-hands',
    votes: {},
    counts: { for: '', against: '', abstain: '' },
  };
}

export function readVote(body: FormBody, ctx: TaskContext): VoteValues {
  const { voters } = voteDenominator(ctx.roster, absences(ctx));
  const votes: Record<string, Choice | ''> = {};
  for (const id of voters) {
    const choice = one(body, `vote.${id}`) ?? '';
    votes[id] = (CHOICES as readonly string[]).includes(choice) ? (choice as Choice) : '';
  }
  return {
    title: one(body, 'title') ?? '',
    decisions: one(body, 'decisions') ?? '',
    method: one(body, 'method') === 'secret' ? 'secret' : 'show-of-hands',
    votes,
    counts: { for: one(body, 'count.for') ?? '', against: one(body, 'count.against') ?? '', abstain: one(body, 'count.abstain') ?? '' },
  };
}

/** "Everyone present votes for" — the common case, one tap; the secretary then changes the exceptions. */
export function applyVoteAction(values: VoteValues, action: string, ctx: TaskContext): VoteValues {
  if (action !== 'all-for') return values;
  const { voters } = voteDenominator(ctx.roster, absences(ctx));
  return { ...values, votes: Object.fromEntries(voters.map((id) => [id, 'for' as const])) };
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

/**
 * The live tally: votes for out of the denominator (QĐ 24: official members summoned, less those excused or
 * exempt and absent; probationary members never count) and whether that passes with the step's threshold.
 */
export function voteTally(values: VoteValues, ctx: TaskContext, lang: Lang) {
  const { denominator, voters } = voteDenominator(ctx.roster, absences(ctx));
  const input = voteInput(values).vote as Record<Choice, number | string | string[]>;
  const n = (v: number | string | string[]) => (Array.isArray(v) ? v.length : typeof v === 'number' ? v : 0);
  const tally = { for: n(input.for), against: n(input.against), abstain: n(input.abstain) };
  const threshold = typeof ctx.params['threshold'] === 'number' ? ctx.params['threshold'] : 0.5;
  const decision = decideAdoption(tally, denominator, { threshold });
  return {
    ...tally,
    denominator,
    voters: voters.length,
    notVoted: Math.max(0, voters.length - tally.for - tally.against - tally.abstain),
    required: decision.required,
    adopted: decision.adopted,
    headline: `${tally.for}/${denominator} — ${translate(lang, decision.adopted ? 'vote.adopted' : 'vote.rejected')}`,
  };
}

/** The view model of the vote page. */
export function voteView(ctx: TaskContext, values: VoteValues, errors: ReadonlyMap<string, string[]>, lang: Lang) {
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const absent = new Map(absences(ctx).map((a) => [a.member, a]));
  const { voters } = voteDenominator(ctx.roster, absences(ctx));
  const canVote = new Set(voters);
  return {
    fields: {
      title: makeField({ name: 'title', label: t('field.resolutionTitle'), widget: 'text', value: values.title, required: true }, errors),
      decisions: makeField({ name: 'decisions', label: t('field.decisions'), widget: 'lines', value: values.decisions, required: true }, errors),
      method: makeField(
        { name: 'method', label: t('field.method'), widget: 'radio', value: values.method, options: [{ value: 'show-of-hands', label: t('option.method.show-of-hands') }, { value: 'secret', label: t('option.method.secret') }] },
        errors,
      ),
    },
    secret: values.method === 'secret',
    members: ctx.roster.map((m: RosterMember) => ({
      id: m.id,
      name: m.name,
      canVote: canVote.has(m.id),
      why: canVote.has(m.id) ? null : m.status === 'probationary' ? t('vote.probationary') : m.status === 'suspended' ? t('vote.suspended') : absent.has(m.id) ? t('vote.absent', { reason: absent.get(m.id)!.reason }) : t('vote.notVoting'),
      legendId: fieldId(`vote.${m.id}`),
      choices: CHOICES.map((c) => ({ value: c, label: t(`vote.choice.${c}`), id: fieldId(`vote.${m.id}.${c}`), checked: values.votes[m.id] === c })),
    })),
    counts: CHOICES.map((c) => makeField({ name: `count.${c}`, label: t(`vote.choice.${c}`), widget: 'number', value: values.counts[c], min: 0 }, errors)),
    voteError: errorFor(errors, 'vote'),
    tally: voteTally(values, ctx, lang),
  };
}
