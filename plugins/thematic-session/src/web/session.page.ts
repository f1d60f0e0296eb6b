import type { TaskPage, TaskPageContext } from '@chibo/host';
import { fact, FACTS, type RosterMember } from '@chibo/procedure';
import { voteDenominator } from '@chibo/rules';
import { HOLD_SESSION_STEP, sessionQuality, type HoldSessionParams } from '../steps/hold-session.step';

/** What the secretary records about a session: the hold-session step's input. */
export interface SessionValues {
  heldAt: string;
  minutes: string;
  place: string;
  online: boolean;
  chair: string;
  clerk: string;
  presenter: string;
  /** Only the absentees: everyone else on the roster was present. */
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
  /** A name typed in "add an absentee" that matches no member (shown at that field; never submitted). */
  unmatched: string;
}

const LISTS = ['absent', 'guests', 'opinions', 'assignments'] as const;

/**
 * The member a secretary typed in "add an absentee": an exact id, else the one member whose name matches (case and
 * accents as typed, spaces collapsed), else the one whose name ends with it ("Nga" for "Ngô Thị Nga"); none if unclear.
 */
export function memberByName(roster: readonly RosterMember[], typed: string): RosterMember | undefined {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  const text = norm(typed);
  if (!text) return undefined;
  const byId = roster.find((m) => m.id === typed.trim());
  if (byId) return byId;
  const exact = roster.filter((m) => norm(m.name) === text);
  if (exact.length === 1) return exact[0];
  const ending = roster.filter((m) => norm(m.name).endsWith(` ${text}`));
  return ending.length === 1 ? ending[0] : undefined;
}

function parseMinutes(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

/** The submission the hold-session step reads (numbers as numbers, blanks left out). */
export function sessionInput(values: SessionValues): Record<string, unknown> {
  const minutes = values.minutes.trim() === '' ? undefined : (parseMinutes(values.minutes) ?? values.minutes);
  return {
    heldAt: values.heldAt,
    ...(minutes === undefined ? {} : { minutes }),
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

/** Attendance as the roll call stands, judged by the step's own rule with this instance's threshold. */
export function attendanceSummary(ctx: TaskPageContext, values: Pick<SessionValues, 'absent' | 'minutes' | 'opinions'>) {
  const p = ctx.params as HoldSessionParams;
  const known = values.absent.filter((a) => ctx.roster.some((m) => m.id === a.member));
  const minutes = Math.max(0, parseMinutes(values.minutes) ?? 0);
  const { attendance, attendanceMet } = sessionQuality(ctx.roster, { absent: known, minutes, opinions: values.opinions.length }, p);
  const { denominator } = voteDenominator(ctx.roster, known);
  return {
    present: attendance.present,
    total: attendance.total,
    eligible: attendance.eligible,
    presentEligible: attendance.presentEligible,
    rate: ctx.format.percent(attendance.rate),
    excused: attendance.absentExcused.length,
    unexcused: attendance.absentUnexcused.length,
    low: !attendanceMet,
    lowText: ctx.t('thematic.session.attendanceLow', { threshold: ctx.format.percent(p.attendanceThreshold) }),
    denominator,
  };
}

type SessionModel = ReturnType<typeof sessionModel>;

function toInput(ctx: TaskPageContext, value: string): string {
  // An instant from the notice becomes local time; what the person typed stays as typed.
  return /Z$|[+-]\d{2}:\d{2}$/.test(value) ? ctx.format.localInput(value) : value;
}

function sessionModel(ctx: TaskPageContext, values: SessionValues, errors: ReadonlyMap<string, string[]>) {
  const { t, form } = ctx;
  const p = ctx.params as HoldSessionParams;
  const absent = new Map(values.absent.map((a) => [a.member, a]));
  const presentMembers = ctx.roster.filter((m) => !absent.has(m.id));
  const memberOptions = (list: readonly RosterMember[]) => [{ value: '', label: '—' }, ...list.map((m) => ({ value: m.id, label: m.name }))];
  const speakers = [
    { value: '', label: '—' },
    ...presentMembers.map((m) => ({ value: m.id, label: m.name })),
    ...values.guests.filter((g) => g.name).map((g) => ({ value: g.name, label: `${g.name}${g.title ? ` (${g.title})` : ''} — ${t('session.guest')}` })),
  ];
  const field = (spec: Parameters<TaskPageContext['form']['field']>[0]) => form.field(spec, errors);
  const minimum = p.combined ? t('thematic.session.minutesHintCombined', { n: p.minMinutesCombined }) : t('thematic.session.minutesHint', { n: p.minMinutes });
  return {
    fields: {
      heldAt: field({ name: 'heldAt', label: t('field.heldAt'), widget: 'datetime', value: toInput(ctx, values.heldAt), required: true }),
      minutes: field({ name: 'minutes', label: t('field.minutes'), widget: 'number', value: values.minutes, required: true, min: 1, hint: minimum }),
      place: field({ name: 'place', label: t('field.place'), widget: 'text', value: values.place }),
      online: field({ name: 'online', label: t('field.online'), widget: 'checkbox', checked: values.online }),
      chair: field({ name: 'chair', label: t('field.chair'), widget: 'member', value: values.chair, required: true, options: memberOptions(ctx.roster) }),
      clerk: field({ name: 'clerk', label: t('field.clerk'), widget: 'member', value: values.clerk, required: true, options: memberOptions(ctx.roster), hint: t('thematic.session.clerkHint') }),
      presenter: field({ name: 'presenter', label: t('field.presenter'), widget: 'member', value: values.presenter, options: memberOptions(ctx.roster) }),
      agenda: field({ name: 'agenda', label: t('field.agenda'), widget: 'textarea', value: values.agenda }),
      conclusion: field({ name: 'conclusion', label: t('field.conclusion'), widget: 'textarea', value: values.conclusion, required: true }),
      draftSentAt: field({ name: 'draftSentAt', label: t('field.draftSentAt'), widget: 'datetime', value: toInput(ctx, values.draftSentAt), hint: t('hint.draftSentAt') }),
      minutesAdopted: field({ name: 'minutesAdopted', label: t('field.minutesAdopted'), widget: 'checkbox', checked: values.minutesAdopted, hint: t('hint.minutesAdopted') }),
      addAbsent: field({ name: 'addAbsent', label: t('thematic.session.addAbsentName'), widget: 'text', value: values.unmatched, hint: t('thematic.session.addAbsentHint') }),
    },
    // Only the absentees, one row each (name, reason, accepted); everyone else is present.
    absentees: values.absent.map((a, index) => {
      const member = ctx.roster.find((m) => m.id === a.member);
      return {
        index,
        member: a.member,
        name: member?.name ?? a.member,
        status: member ? t(`memberStatus.${member.status}`) : '',
        memberName: `absent.${index}.member`,
        reasonName: `absent.${index}.reason`,
        excusedName: `absent.${index}.excused`,
        reasonId: form.id(`absent.${index}.reason`),
        excusedId: form.id(`absent.${index}.excused`),
        reason: a.reason,
        excused: a.excused,
        error: form.error(errors, `absent.${index}`),
        removeAction: `remove:absent.${index}`,
      };
    }),
    rosterNames: ctx.roster.filter((m) => !absent.has(m.id)).map((m) => m.name),
    rollCallError: form.error(errors, 'absent', true),
    summary: attendanceSummary(ctx, values),
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
    opinionsError: form.error(errors, 'opinions', true),
    assignments: (values.assignments.length ? values.assignments : [{ to: '', task: '' }]).map((a, index) => ({
      index,
      number: index + 1,
      to: field({ name: `assignments.${index}.to`, label: t('field.assignee'), widget: 'member', value: a.to, options: memberOptions(presentMembers) }),
      task: field({ name: `assignments.${index}.task`, label: t('field.assignmentTask'), widget: 'text', value: a.task }),
      removeAction: `remove:assignments.${index}`,
    })),
  };
}

/**
 * The session record: time, place, a roll call of the absentees only (added by name), chair, clerk, presenter, guests,
 * opinions, conclusion, assignments, and what the documents may state (draft sent, minutes adopted).
 */
export const sessionPage: TaskPage<SessionValues, SessionModel> = {
  step: HOLD_SESSION_STEP,
  task: 'record',
  partial: 'thematic/session',
  // Time and place from the notice, the secretary chairing, the draft's author presenting, nobody absent.
  defaults: (ctx) => {
    const convened = fact<{ sessionAt: string; place?: string; online?: boolean; agenda?: string }>(ctx.state.facts, FACTS.convened);
    const draft = fact<{ assignee: string }>(ctx.state.facts, FACTS.draft);
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
      unmatched: '',
    };
  },
  read: (ctx, body, action) => {
    const { one, rows: indexes } = ctx.form;
    const rows = <T>(name: string, read: (i: number) => T, blank: (row: T) => boolean): T[] => indexes(body, name).map(read).filter((row) => !blank(row));
    const seen = new Set<string>();
    const absent = rows(
      'absent',
      (i) => ({ member: one(body, `absent.${i}.member`) ?? '', reason: (one(body, `absent.${i}.reason`) ?? '').trim(), excused: one(body, `absent.${i}.excused`) === 'on' }),
      (a) => !a.member,
    ).filter((a) => !seen.has(a.member) && seen.add(a.member));
    let values: SessionValues = {
      heldAt: one(body, 'heldAt') ?? '',
      minutes: one(body, 'minutes') ?? '',
      place: one(body, 'place') ?? '',
      online: one(body, 'online') === 'on',
      chair: one(body, 'chair') ?? '',
      clerk: one(body, 'clerk') ?? '',
      presenter: one(body, 'presenter') ?? '',
      absent,
      guests: rows('guests', (i) => ({ name: (one(body, `guests.${i}.name`) ?? '').trim(), title: (one(body, `guests.${i}.title`) ?? '').trim() }), (g) => !g.name && !g.title),
      opinions: rows('opinions', (i) => ({ by: one(body, `opinions.${i}.by`) ?? '', text: one(body, `opinions.${i}.text`) ?? '' }), (o) => !o.by && !o.text.trim()),
      agenda: one(body, 'agenda') ?? '',
      conclusion: one(body, 'conclusion') ?? '',
      assignments: rows('assignments', (i) => ({ to: one(body, `assignments.${i}.to`) ?? '', task: one(body, `assignments.${i}.task`) ?? '' }), (a) => !a.to && !a.task.trim()),
      draftSentAt: one(body, 'draftSentAt') ?? '',
      minutesAdopted: one(body, 'minutesAdopted') === 'on',
      unmatched: '',
    };
    const [verb, target] = action.split(':') as [string, string | undefined];
    if (verb === 'add-absent') {
      const typed = one(body, 'addAbsent') ?? '';
      const member = memberByName(ctx.roster, typed);
      if (member && !values.absent.some((a) => a.member === member.id)) values = { ...values, absent: [...values.absent, { member: member.id, reason: '', excused: false }] };
      else if (!member && typed.trim()) values = { ...values, unmatched: typed.trim() };
    }
    if (verb === 'add-guest') values = { ...values, guests: [...values.guests, { name: '', title: '' }] };
    if (verb === 'add-opinion') values = { ...values, opinions: [...values.opinions, { by: '', text: '' }] };
    if (verb === 'add-assignment') values = { ...values, assignments: [...values.assignments, { to: '', task: '' }] };
    if (verb === 'remove' && target) {
      const [list, index] = target.split('.') as [(typeof LISTS)[number], string];
      if ((LISTS as readonly string[]).includes(list)) values = { ...values, [list]: (values[list] as unknown[]).filter((_, i) => i !== Number(index)) };
    }
    return values;
  },
  input: (_ctx, values) => sessionInput(values),
  view: (ctx, values, issues) => {
    const errors = values.unmatched ? new Map([...issues, ['addAbsent', [ctx.t('thematic.session.noSuchMember', { name: values.unmatched })]]]) : issues;
    const model = sessionModel(ctx, values, errors);
    const names = ['heldAt', 'minutes', 'place', 'chair', 'clerk', 'presenter', 'agenda', 'conclusion', 'draftSentAt', 'minutesAdopted', 'addAbsent'];
    names.push(...model.absentees.map((a) => a.reasonName));
    names.push(...model.opinions.flatMap((o) => [o.by.name, o.text.name]), ...model.guests.flatMap((g) => [g.name.name, g.title.name]), ...model.assignments.flatMap((a) => [a.to.name, a.task.name]));
    return { model, fields: names };
  },
  live: { attendance: { partial: 'thematic/attendance-summary', model: (view) => ({ summary: view.summary }) } },
};
