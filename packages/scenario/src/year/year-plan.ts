import { topicMonth } from '@chibo/plugin-regular-session';
import { compareInstants, parseLocal } from '@chibo/rules';
import { planScenario, type ScenarioActor, type SubmitAction } from '../fact-plan';
import { OrgTree } from '../org-tree';
import type { CellFacts, Scenario } from '../scenario.schema';
import type { YearScenario, YearSessionFacts } from './year.schema';

/** Where a year action goes: the year's own instance, or the instance of one session of its calendar. */
export type YearTarget = { kind: 'year' } | { kind: 'session'; key: string };

/** One thing a person does in the year: submit the task `taskKey` of `step` in the target's instance. */
export interface YearSubmit {
  type: 'submit';
  at: string;
  target: YearTarget;
  step: string;
  taskKey: string;
  /** A standing task, found by its task name (`move`): its key (`move:1`, `move:2`…) counts the moves done. */
  task?: string;
  actor: ScenarioActor;
  input: Record<string, unknown>;
  label: string;
}

export type YearAction = { type: 'open-year'; at: string } | YearSubmit;

/**
 * The thematic sessions' calendar keys in the order the plan lists its topics (`CD-YYYY-MM`, `-2` for a second one in
 * the same month), with the topic and month each confirms at its own plan step: the keys `year:approve-plan` gives.
 */
export function thematicKeys(scenario: YearScenario): Map<string, { topic: string; month: string }> {
  const out = new Map<string, { topic: string; month: string }>();
  const used = new Map<string, number>();
  for (const t of scenario.year.plan?.topics ?? []) {
    const month = topicMonth(scenario.year.year, t);
    const n = (used.get(month) ?? 0) + 1;
    used.set(month, n);
    out.set(`CD-${month}${n > 1 ? `-${n}` : ''}`, { topic: t.topic, month });
  }
  return out;
}

/**
 * Turns a year scenario into the ordered actions people take: the year opens, the secretary schedules it, drafts the
 * plan and records the chi ủy's decisions, moves sessions, then each session's facts become the tasks of that
 * session's instance (the same fact-to-task rules as a guidance scenario's cells). Ties keep this order.
 */
export function planYear(scenario: YearScenario): YearAction[] {
  const y = scenario.year;
  const tree = new OrgTree(scenario.org);
  const secretary = tree.get(y.cell).members.find((m) => m.roles.includes('secretary'))?.id;
  if (!secretary) throw new Error(`Chi bộ ${y.cell} không có bí thư trong kịch bản`);
  const bySecretary: ScenarioActor = { kind: 'member', org: y.cell, member: secretary };
  const actions: Array<YearAction & { order: number }> = [];
  let order = 0;
  const push = (a: YearAction) => actions.push({ ...a, order: order++ });
  const yearSubmit = (at: string, step: string, taskKey: string, input: Record<string, unknown>, label: string) =>
    push({ type: 'submit', at: parseLocal(at), target: { kind: 'year' }, step, taskKey, actor: bySecretary, input, label });

  push({ type: 'open-year', at: parseLocal(y.opensOn ?? `${y.year}-01-01`) });
  if (y.schedule) {
    const { at, sessions, ...rest } = y.schedule;
    yearSubmit(at, 'schedule', 'schedule', { ...rest, sessions }, 'lịch sinh hoạt năm');
  }
  if (y.plan) {
    const topics = y.plan.topics;
    yearSubmit(y.plan.at, 'plan', 'plan', { topics }, 'kế hoạch chuyên đề năm');
    for (const r of y.plan.review) {
      yearSubmit(r.at, 'approve-plan', 'approve', { decision: r.decision, ...(r.note ? { note: r.note } : {}) }, 'duyệt kế hoạch năm');
      if (r.decision === 'revise') yearSubmit(r.at, 'plan', 'plan', { topics }, 'kế hoạch chuyên đề năm (sửa)');
    }
  }
  for (const m of y.moves) {
    const input = { session: m.session, date: m.date, ...(m.time ? { time: m.time } : {}), ...(m.place ? { place: m.place } : {}) };
    push({ type: 'submit', at: parseLocal(m.at), target: { kind: 'year' }, step: 'schedule', taskKey: 'move', task: 'move', actor: bySecretary, input, label: `dời lịch ${m.session}` });
  }
  const themes = thematicKeys(scenario);
  for (const [key, facts] of Object.entries(y.sessions)) {
    const kind = key.startsWith('TK-') ? 'regular' : 'thematic';
    for (const a of sessionActions(scenario, key, kind, facts, bySecretary, themes)) push(a);
  }
  return actions.sort((a, b) => compareInstants(a.at, b.at) || a.order - b.order).map(({ order: _o, ...a }) => a as YearAction);
}

function sessionActions(
  scenario: YearScenario,
  key: string,
  kind: 'regular' | 'thematic',
  facts: YearSessionFacts,
  bySecretary: ScenarioActor,
  themes: Map<string, { topic: string; month: string }>,
): YearSubmit[] {
  const cell = scenario.year.cell;
  const target: YearTarget = { kind: 'session', key };
  const out: YearSubmit[] = [];
  const { prepare, approve, plan, ...rest } = facts;
  const month = key.slice(3, 10);
  let cellFacts: CellFacts = rest;
  if (kind === 'regular') {
    if (prepare) {
      const input = { month, content: prepare.content, draftResolution: prepare.draftResolution ?? `Dự thảo nghị quyết sinh hoạt thường kỳ tháng ${month.slice(5)}/${month.slice(0, 4)}` };
      out.push({ type: 'submit', at: parseLocal(prepare.at), target, step: 'prepare', taskKey: 'prepare', actor: bySecretary, input, label: `${key} chuẩn bị` });
    }
    if (approve) {
      out.push({ type: 'submit', at: parseLocal(approve.at), target, step: 'approve', taskKey: 'approve', actor: bySecretary, input: { decision: 'approve' }, label: `${key} duyệt nội dung` });
      const session = facts.session;
      if (session) {
        // As a guidance scenario convenes: when the content is approved, on short notice when less than a day ahead.
        const shortNotice = Date.parse(parseLocal(session.at)) - Date.parse(parseLocal(approve.at)) < 24 * 3_600_000;
        const input = { sessionAt: session.at, ...(session.place ? { place: session.place } : {}), online: session.online, ...(shortNotice ? { shortNotice: true } : {}) };
        out.push({ type: 'submit', at: parseLocal(approve.at), target, step: 'convene', taskKey: 'convene', actor: bySecretary, input, label: `${key} triệu tập` });
      }
    }
  } else {
    const theme = themes.get(key);
    const planAt = plan?.at ?? facts.draft?.at;
    if (theme && planAt) cellFacts = { ...rest, plan: { at: planAt, topic: theme.topic, month: theme.month } };
  }
  // The rest of the session as a guidance scenario's cell would do it (one synthetic guidance, never issued).
  const synthetic = {
    format: 'chibo-scenario/1',
    name: key,
    until: scenario.until,
    org: scenario.org,
    guidance: { number: key, issuedOn: `${scenario.year.year}-01-01`, issuer: cell, title: key, procedure: '', basedOn: [], addSteps: [], cells: [cell], cascade: false },
    implementations: {},
    cells: { [cell]: cellFacts },
  } as unknown as Scenario;
  for (const a of planScenario(synthetic)) {
    if (a.type !== 'submit') continue;
    const s = a as SubmitAction;
    out.push({ type: 'submit', at: s.at, target, step: s.step, taskKey: s.taskKey, actor: s.actor, input: s.input, label: `${key} ${s.label}` });
  }
  return out;
}
