import type { RosterMember } from '@chibo/procedure';
import { computeAttendance, voteDenominator } from '@chibo/rules';
import { translate, type Lang } from '../i18n/i18n';
import { all, errorFor, fieldId, one, type FormBody } from '../forms/form-body';
import { makeField, rowIndexes, type FieldView } from '../forms/schema-form';
import { formatPercent, toLocalInput } from '../view/format';
import { taskFacts, type TaskContext } from './task-context.service';

/** What the secretary records about a session: the hold-session step's input. */
export interface SessionValues {
  heldAt: string;
  minutes: string;
  place: string;
  online: boolean;
  chair: string;
  clerk: string;
  presenter: string;
  absent: Array<{ member: string; reason: string; excused: boolean }>;
  guests: Array<{ name: string; title: string }>;
  opinions: Array<{ by: string; text: string }>;
  agenda: string;
  conclusion: string;
  assignments: Array<{ to: string; task: string }>;
  /** When the draft was sent to members (local time as typed; blank: not recorded). */
  draftSentAt: string;
  /** The minutes were read back and adopted at the session. */
  minutesAdopted: boolean;
}

/** The form as it opens: time and place from the notice, the secretary chairing, the draft's author presenting, all present. */
export function sessionDefaults(ctx: TaskContext): SessionValues {
  const { convened, draft } = taskFacts(ctx.state);
  const secretary = ctx.roster.find((m) => m.roles.includes('secretary'));
  return {
    heldAt: convened?.sessionAt ?? '',
    minutes: '',
    place: convened?.place ?? '',
    online: convened?.online ?? false,
    chair: secretary?.id ?? '',
    clerk: '',
    presenter: draft?.assignee ?? '',
    absent: [],
    guests: [],
    opinions: [],
    agenda: convened?.agenda ?? '',
    conclusion: '',
    assignments: [],
    draftSentAt: '',
    minutesAdopted: false,
  };
}

/** Reads the posted form: members not ticked present are absent, with their reason and whether it is accepted. */
export function readSession(body: FormBody, roster: readonly RosterMember[]): SessionValues {
  const present = new Set(all(body, 'present'));
  const rows = <T>(name: string, read: (i: number) => T, blank: (row: T) => boolean): T[] =>
    rowIndexes(body, name)
      .map(read)
      .filter((row) => !blank(row));
  return {
    heldAt: one(body, 'heldAt') ?? '',
    minutes: one(body, 'minutes') ?? '',
    place: one(body, 'place') ?? '',
    online: one(body, 'online') === 'on',
    chair: one(body, 'chair') ?? '',
    clerk: one(body, 'clerk') ?? '',
    presenter: one(body, 'presenter') ?? '',
    absent: roster
      .filter((m) => !present.has(m.id))
      .map((m) => ({ member: m.id, reason: (one(body, `reason.${m.id}`) ?? '').trim(), excused: one(body, `excused.${m.id}`) === 'on' })),
    guests: rows('guests', (i) => ({ name: (one(body, `guests.${i}.name`) ?? '').trim(), title: (one(body, `guests.${i}.title`) ?? '').trim() }), (g) => !g.name && !g.title),
    opinions: rows('opinions', (i) => ({ by: one(body, `opinions.${i}.by`) ?? '', text: one(body, `opinions.${i}.text`) ?? '' }), (o) => !o.by && !o.text.trim()),
    agenda: one(body, 'agenda') ?? '',
    conclusion: one(body, 'conclusion') ?? '',
    assignments: rows('assignments', (i) => ({ to: one(body, `assignments.${i}.to`) ?? '', task: one(body, `assignments.${i}.task`) ?? '' }), (a) => !a.to && !a.task.trim()),
    draftSentAt: one(body, 'draftSentAt') ?? '',
    minutesAdopted: one(body, 'minutesAdopted') === 'on',
  };
}

/** Applies an add/remove button of the form to the values (the page is then shown again). */
export function applySessionAction(values: SessionValues, action: string): SessionValues {
  const [verb, target] = action.split(':') as [string, string | undefined];
  if (verb === 'add-guest') return { ...values, guests: [...values.guests, { name: '', title: '' }] };
  if (verb === 'add-opinion') return { ...values, opinions: [...values.opinions, { by: '', text: '' }] };
  if (verb === 'add-assignment') return { ...values, assignments: [...values.assignments, { to: '', task: '' }] };
  if (verb === 'remove' && target) {
    const [list, index] = target.split('.') as ['guests' | 'opinions' | 'assignments', string];
    if (list === 'guests' || list === 'opinions' || list === 'assignments') {
      return { ...values, [list]: (values[list] as unknown[]).filter((_, i) => i !== Number(index)) };
    }
  }
  return values;
}

/** The submission the hold-session step reads (numbers as numbers, blanks left out). */
export function sessionInput(values: SessionValues): Record<string, unknown> {
  const minutes = values.minutes.trim() === '' ? undefined : Number(values.minutes.replace(',', '.'));
  return {
    heldAt: values.heldAt,
    ...(minutes === undefined ? {} : { minutes: Number.isFinite(minutes) ? minutes : values.minutes }),
    ...(values.place.trim() ? { place: values.place } : {}),
    online: values.online,
    chair: values.chair,
    clerk: values.clerk,
    ...(values.presenter ? { presenter: values.presenter } : {}),
    absent: values.absent,
    guests: values.guests,
    opinions: values.opinions,
    ...(values.agenda.trim() ? { agenda: values.agenda } : {}),
    conclusion: values.conclusion,
    assignments: values.assignments,
    ...(values.draftSentAt.trim() ? { draftSentAt: values.draftSentAt } : {}),
    minutesAdopted: values.minutesAdopted,
  };
}

/**
 * The core names absentees by their index in `absent` (`absent[1].reason`); the form shows them in the roll call by
 * member, so those issues move to the member's row.
 */
export function sessionErrorKeys(errors: Map<string, string[]>, values: SessionValues): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, messages] of errors) {
    const m = /^absent\.(\d+)(?:\.(\w+))?$/.exec(key);
    const member = m ? values.absent[Number(m[1])]?.member : undefined;
    const target = member ? `reason.${member}` : key;
    out.set(target, [...(out.get(target) ?? []), ...messages]);
  }
  return out;
}

/** Attendance as the roll call stands: what the live summary shows (and what the step will compute). */
export function attendanceSummary(roster: readonly RosterMember[], absent: SessionValues['absent'], lang: Lang) {
  const attendance = computeAttendance(roster, absent);
  const { denominator } = voteDenominator(roster, absent);
  return {
    present: attendance.present,
    total: attendance.total,
    eligible: attendance.eligible,
    presentEligible: attendance.presentEligible,
    rate: formatPercent(attendance.rate, lang),
    excused: attendance.absentExcused.length,
    unexcused: attendance.absentUnexcused.length,
    low: attendance.rate <= 0.85,
    denominator,
  };
}

/** The view model of the session page's form. */
export function sessionView(ctx: TaskContext, values: SessionValues, errors: ReadonlyMap<string, string[]>, lang: Lang) {
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const absent = new Map(values.absent.map((a) => [a.member, a]));
  const presentMembers = ctx.roster.filter((m) => !absent.has(m.id));
  const memberOptions = (list: readonly RosterMember[]) => [{ value: '', label: '—' }, ...list.map((m) => ({ value: m.id, label: m.name }))];
  const speakers = [
    { value: '', label: '—' },
    ...presentMembers.map((m) => ({ value: m.id, label: m.name })),
    ...values.guests.filter((g) => g.name).map((g) => ({ value: g.name, label: `${g.name}${g.title ? ` (${g.title})` : ''} — ${t('session.guest')}` })),
  ];
  const field = (spec: Parameters<typeof makeField>[0]): FieldView => makeField(spec, errors);
  return {
    fields: {
      heldAt: field({ name: 'heldAt', label: t('field.heldAt'), widget: 'datetime', value: toInput(values.heldAt), required: true }),
      minutes: field({ name: 'minutes', label: t('field.minutes'), widget: 'number', value: values.minutes, required: true, min: 1, hint: t('hint.minutes') }),
      place: field({ name: 'place', label: t('field.place'), widget: 'text', value: values.place }),
      online: field({ name: 'online', label: t('field.online'), widget: 'checkbox', checked: values.online }),
      chair: field({ name: 'chair', label: t('field.chair'), widget: 'member', value: values.chair, required: true, options: memberOptions(ctx.roster) }),
      clerk: field({ name: 'clerk', label: t('field.clerk'), widget: 'member', value: values.clerk, required: true, options: memberOptions(ctx.roster), hint: t('hint.clerk') }),
      presenter: field({ name: 'presenter', label: t('field.presenter'), widget: 'member', value: values.presenter, options: memberOptions(ctx.roster) }),
      agenda: field({ name: 'agenda', label: t('field.agenda'), widget: 'textarea', value: values.agenda }),
      conclusion: field({ name: 'conclusion', label: t('field.conclusion'), widget: 'textarea', value: values.conclusion, required: true }),
      draftSentAt: field({ name: 'draftSentAt', label: t('field.draftSentAt'), widget: 'datetime', value: toInput(values.draftSentAt), hint: t('hint.draftSentAt') }),
      minutesAdopted: field({ name: 'minutesAdopted', label: t('field.minutesAdopted'), widget: 'checkbox', checked: values.minutesAdopted, hint: t('hint.minutesAdopted') }),
    },
    rollCall: ctx.roster.map((m) => {
      const a = absent.get(m.id);
      const error = errorFor(errors, `reason.${m.id}`);
      return {
        id: m.id,
        name: m.name,
        status: t(`memberStatus.${m.status}`),
        official: m.status === 'official',
        present: !a,
        reason: a?.reason ?? '',
        excused: a?.excused ?? false,
        presentId: fieldId(`present.${m.id}`),
        reasonId: fieldId(`reason.${m.id}`),
        excusedId: fieldId(`excused.${m.id}`),
        error,
      };
    }),
    rollCallError: errorFor(errors, 'absent'),
    summary: attendanceSummary(ctx.roster, values.absent, lang),
    guests: values.guests.map((g, index) => ({
      index,
      number: index + 1,
      name: field({ name: `guests.${index}.name`, label: t('field.guestName'), widget: 'text', value: g.name }),
      title: field({ name: `guests.${index}.title`, label: t('field.guestTitle'), widget: 'text', value: g.title }),
      removeAction: `remove:guests.${index}`,
    })),
    opinions: (values.opinions.length ? values.opinions : [{ by: '', text: '' }]).map((o, index) => ({
      index,
      number: index + 1,
      by: field({ name: `opinions.${index}.by`, label: t('field.speaker'), widget: 'select', value: o.by, options: speakers }),
      text: field({ name: `opinions.${index}.text`, label: t('field.opinionText'), widget: 'textarea', value: o.text }),
      removeAction: `remove:opinions.${index}`,
    })),
    opinionsError: errorFor(errors, 'opinions', true),
    assignments: (values.assignments.length ? values.assignments : [{ to: '', task: '' }]).map((a, index) => ({
      index,
      number: index + 1,
      to: field({ name: `assignments.${index}.to`, label: t('field.assignee'), widget: 'member', value: a.to, options: memberOptions(presentMembers) }),
      task: field({ name: `assignments.${index}.task`, label: t('field.assignmentTask'), widget: 'text', value: a.task }),
      removeAction: `remove:assignments.${index}`,
    })),
  };
}

function toInput(value: string): string {
  // An instant from the notice becomes local time; what the person typed stays as typed.
  return /Z$|[+-]\d{2}:\d{2}$/.test(value) ? toLocalInput(value) : value;
}
