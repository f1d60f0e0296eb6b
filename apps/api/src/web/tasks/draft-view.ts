import { fact, FACTS, type AttendanceFact, type InstanceState, type SessionFact } from '@chibo/procedure';
import { translate, type Lang } from '../i18n/i18n';
import { fileHref } from '../uploads/file-links';
import { formatPercent } from '../view/format';

/** One submitted version of the topic draft, as the reviewer and (once convened) the members read it. */
export interface DraftVersionView {
  number: number;
  submittedAt: string | null;
  title: string;
  content: string;
  /** Free text an API client sent, or null when it is an uploaded file ({@link attachmentHref}). */
  attachment: string | null;
  /** The download link of the uploaded file. */
  attachmentHref: string | null;
  latest: boolean;
}

/**
 * The versions of the draft the assigned member submitted, oldest first: the inputs of the submit-draft step's tasks
 * (the step that asks for the draft's title, content and attachment).
 */
export function draftVersions(state: InstanceState): DraftVersionView[] {
  const drafting = new Set(state.definition.steps.filter((s) => s.kind.split('@')[0] === 'thematic:submit-draft').map((s) => s.id));
  const submitted = Object.values(state.tasks)
    .filter((t) => drafting.has(t.stepId) && t.status === 'submitted')
    .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  return submitted.map((t, i) => {
    const input = (t.input ?? {}) as { title?: string; content?: string; attachment?: string };
    const href = fileHref(input.attachment);
    return { number: i + 1, submittedAt: t.submittedAt ?? null, title: input.title ?? '', content: input.content ?? '', attachment: href ? null : input.attachment || null, attachmentHref: href, latest: i === submitted.length - 1 };
  });
}

/** What the secretary asked of the draft's author when assigning it (the assign step's note), if anything. */
export function draftBrief(state: InstanceState): string | null {
  const assigning = new Set(state.definition.steps.filter((s) => s.kind.split('@')[0] === 'thematic:assign-draft').map((s) => s.id));
  const last = Object.values(state.tasks)
    .filter((t) => assigning.has(t.stepId) && t.status === 'submitted')
    .sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? ''))[0];
  const brief = (last?.input as { brief?: unknown } | undefined)?.brief;
  return typeof brief === 'string' && brief.trim() ? brief.trim() : null;
}

/** The recorded session the score sheet scores: attendance, duration and opinions, as lines to show above the marks. */
export function scoredSession(state: InstanceState, lang: Lang): string[] | null {
  const session = fact<SessionFact>(state.facts, FACTS.session);
  const attendance = fact<AttendanceFact>(state.facts, FACTS.attendance);
  if (!session) return null;
  return [
    ...(attendance ? [translate(lang, 'score.attendance', { present: attendance.present, total: attendance.total, rate: formatPercent(attendance.rate, lang) })] : []),
    translate(lang, 'score.duration', { minutes: session.minutes }),
    translate(lang, 'score.opinions', { n: session.opinions.length }),
  ];
}
