import { compareInstants, parseLocal } from '@chibo/rules';
import type { CellFacts, Scenario } from './scenario.schema';
import { OrgTree } from './org-tree';
import type { Actor } from '@chibo/procedure';

/** Who performs an action: a member of a cell (by scenario id) or a committee's user. */
export type ScenarioActor = { kind: 'member'; org: string; member: string } | { kind: 'committee'; org: string };

/** One thing a person does at one instant: submit the task `taskKey` of step `step` in `cell`'s procedure. */
export interface SubmitAction {
  type: 'submit';
  at: string;
  cell: string;
  step: string;
  taskKey: string;
  actor: ScenarioActor;
  input: Record<string, unknown>;
  /** What this is, for messages ("plan", "draft v2"...). */
  label: string;
}

/** A committee implements the guidance it received (cascades): it submits its `implement` task with its own guidance. */
export interface ImplementAction {
  type: 'implement';
  at: string;
  committee: string;
  actor: ScenarioActor;
  input: Record<string, unknown>;
}

export type ScenarioAction =
  | { type: 'issue-guidance'; at: string; actor: ScenarioActor }
  | ImplementAction
  | SubmitAction
  /** The issuer's roll-up, or (`committee`) an implementing committee's, which is its report to the parent. */
  | { type: 'rollup'; at: string; actor: ScenarioActor; committee?: string };

/**
 * Turns a scenario's facts into the ordered actions people take: each fact becomes the submission of the task it
 * belongs to, by the member that task is assigned to, at the fact's time. Ties keep the procedure's order.
 */
export function planScenario(scenario: Scenario): ScenarioAction[] {
  const tree = new OrgTree(scenario.org);
  const actions: Array<ScenarioAction & { order: number }> = [];
  let order = 0;
  const push = (a: ScenarioAction) => actions.push({ ...a, order: order++ });
  const issuer: ScenarioActor = { kind: 'committee', org: scenario.guidance.issuer };
  push({ type: 'issue-guidance', at: parseLocal(scenario.guidance.issuedOn), actor: issuer });
  for (const [committee, own] of Object.entries(scenario.implementations)) {
    const input = {
      number: own.number,
      issuedOn: own.at.slice(0, 10),
      title: own.title,
      ...(own.sessionBy ? { sessionBy: own.sessionBy } : {}),
      ...(own.reportBy ? { reportBy: own.reportBy } : {}),
      addSteps: own.addSteps,
      ...(own.rubric ? { rubric: own.rubric } : {}),
      cascade: own.cascade,
    };
    push({ type: 'implement', at: parseLocal(own.at), committee, actor: { kind: 'committee', org: committee }, input });
  }
  for (const [cell, facts] of Object.entries(scenario.cells)) {
    for (const action of cellActions(tree, cell, facts)) push(action);
  }
  for (const [committee, own] of Object.entries(scenario.implementations)) {
    if (own.rollup) push({ type: 'rollup', at: parseLocal(own.rollup.at), actor: { kind: 'committee', org: committee }, committee });
  }
  if (scenario.guidance.rollup) push({ type: 'rollup', at: parseLocal(scenario.guidance.rollup.at), actor: issuer });
  return actions.sort((a, b) => compareInstants(a.at, b.at) || a.order - b.order).map(({ order: _o, ...a }) => a as ScenarioAction);
}

function cellActions(tree: OrgTree, cell: string, facts: CellFacts): SubmitAction[] {
  const org = tree.get(cell);
  const secretary = org.members.find((m) => m.roles.includes('secretary'))?.id;
  if (!secretary) throw new Error(`Chi bộ ${cell} không có bí thư trong kịch bản`);
  const bySecretary: ScenarioActor = { kind: 'member', org: cell, member: secretary };
  const out: SubmitAction[] = [];
  const submit = (at: string, step: string, taskKey: string, actor: ScenarioActor, input: Record<string, unknown>, label: string) =>
    out.push({ type: 'submit', at: parseLocal(at), cell, step, taskKey, actor, input, label });

  if (facts.plan) submit(facts.plan.at, 'plan', 'plan', bySecretary, { topic: facts.plan.topic, month: facts.plan.month }, 'kế hoạch');
  let approvedAt: string | undefined;
  if (facts.draft) {
    submit(facts.draft.at, 'assign-draft', 'assign', bySecretary, { assignee: facts.draft.assignee }, 'phân công dự thảo');
    facts.draft.submissions.forEach((s, i) => {
      submit(s.at, 'submit-draft', 'submit', { kind: 'member', org: cell, member: facts.draft!.assignee }, { title: facts.plan?.topic || 'Dự thảo chuyên đề' }, `dự thảo bản ${i + 1}`);
      const decidedAt = s.decidedAt ?? s.at;
      submit(decidedAt, 'review-draft', 'review', bySecretary, { decision: s.decision, ...(s.note ? { note: s.note } : {}) }, `duyệt dự thảo bản ${i + 1}`);
      if (s.decision === 'approve') approvedAt = decidedAt;
    });
  }
  const session = facts.session;
  if (session && approvedAt) {
    // A session held less than a day after the notice was convened on short notice: the secretary confirmed it.
    const shortNotice = Date.parse(parseLocal(session.at)) - Date.parse(parseLocal(approvedAt)) < 24 * 3_600_000;
    submit(approvedAt, 'convene', 'convene', bySecretary, { sessionAt: session.at, ...(session.place ? { place: session.place } : {}), online: session.online, ...(shortNotice ? { shortNotice: true } : {}) }, 'triệu tập');
  }
  // The session is recorded once it is over (it cannot be recorded as lasting longer than the time since it began);
  // what follows it (self-criticism, score, vote) comes no earlier.
  const recordedAt = session ? new Date(Date.parse(parseLocal(session.at)) + session.minutes * 60_000).toISOString() : undefined;
  const notBeforeRecord = (when: string) => (recordedAt && compareInstants(parseLocal(when), recordedAt) < 0 ? recordedAt : when);
  if (session) {
    submit(
      recordedAt!,
      'hold-session',
      'record',
      bySecretary,
      {
        heldAt: session.at,
        minutes: session.minutes,
        ...(session.place ? { place: session.place } : {}),
        online: session.online,
        chair: session.chair,
        clerk: session.clerk,
        presenter: session.presenter ?? facts.draft?.assignee,
        absent: session.absent,
        guests: session.guests,
        opinions: session.opinions,
        conclusion: session.conclusion || 'Chủ trì kết luận buổi sinh hoạt.',
        assignments: session.assignments,
        ...(session.draftSentAt ? { draftSentAt: session.draftSentAt } : {}),
        ...(session.minutesAdopted ? { minutesAdopted: true } : {}),
      },
      'buổi sinh hoạt',
    );
    for (const entry of session.selfCriticism) {
      submit(recordedAt!, 'self-criticism', `assess:${entry.member}`, { kind: 'member', org: cell, member: entry.member }, { flagged: entry.flagged, plan: entry.plan }, `tự soi, tự sửa ${entry.member}`);
    }
  }
  if (facts.score) {
    submit(notBeforeRecord(facts.score.at), 'score', 'score', bySecretary, facts.score.marks ? { marks: facts.score.marks } : { rating: facts.score.rating }, 'chấm điểm');
  }
  if (facts.resolution) {
    // "all-present": every present member entitled to vote (DESIGN §5) — official members and exempt members who
    // attended; never probationary or suspended ones.
    const absent = new Set(session?.absent.map((a) => a.member) ?? []);
    const presentVoters = org.members.filter((m) => (m.status === 'official' || m.status === 'exempt') && !absent.has(m.id)).map((m) => m.id);
    const expand = (v: number | 'all-present' | string[]) => (v === 'all-present' ? presentVoters : v);
    submit(
      notBeforeRecord(facts.resolution.at),
      'resolution',
      'vote',
      bySecretary,
      {
        title: facts.resolution.title,
        decisions: facts.resolution.decisions,
        vote: { for: expand(facts.resolution.vote.for), against: expand(facts.resolution.vote.against), abstain: expand(facts.resolution.vote.abstain) },
      },
      'biểu quyết nghị quyết',
    );
  }
  if (facts.report) submit(facts.report.at, 'report', 'report', bySecretary, facts.report.summary ? { summary: facts.report.summary } : {}, 'báo cáo');
  return out;
}

/**
 * The core actor a scenario person acts as: a member gets the `member` role on their cell plus their cell roles
 * (`committee` becomes `cell-committee`); a committee's user gets the `committee` role on it.
 */
export function scenarioActor(tree: OrgTree, who: ScenarioActor): Actor {
  if (who.kind === 'committee') return { userId: `committee:${who.org}`, roles: [{ role: 'committee', org: who.org }] };
  const member = tree.get(who.org).members.find((m) => m.id === who.member);
  const roles = [{ role: 'member', org: who.org }];
  for (const role of member?.roles ?? []) roles.push({ role: role === 'committee' ? 'cell-committee' : role, org: who.org });
  return { userId: `${who.org}/${who.member}`, member: { org: who.org, id: who.member }, roles };
}
