import { taskIdOf, type Rejection } from '@chibo/procedure';
import { binhThuan100, phuTho100, type Rubric } from '@chibo/rules';
import { OrgTree, parseScenario, planScenario, type ScenarioAction, type ScenarioActor, type SubmitAction } from '@chibo/scenario';
import fc from 'fast-check';
import { buildScenario, scenarioKnobs, type CellKnobs, type ScenarioJson } from './scenario-arbitrary';

/** The kinds of invalid submission generated, each with the field issue (path and rule) every host must answer. */
export const INVALID_KINDS = ['not-assignee', 'absent-speaker', 'absent-chair', 'probationary-voter', 'mark-over-max', 'session-before-approval', 'report-for-another-guidance'] as const;
export type InvalidKind = (typeof INVALID_KINDS)[number];

/** The cell every invalid submission goes to: the first, forced to carry its facts through to the report. */
export const TARGET_CELL = 'CB-01';

/** One invalid submission: where to stop the scenario, then what to send instead of the next fact. */
export interface InvalidCase {
  kind: InvalidKind;
  json: ScenarioJson;
  /** The fact before which the scenario stops (undefined: right after the guidance is issued). */
  stopBefore?: string;
  submission:
    | { type: 'submit'; step: string; taskId?: string; actor: ScenarioActor; input: Record<string, unknown> }
    | { type: 'child-report'; child: string; report: Record<string, unknown> };
  /** The rejection code and one field issue it must contain. */
  expected: { code: string; path: string; rule: string };
}

/**
 * Scenarios whose first cell goes through to its report without a refused fact (draft approved, every member
 * assessed, marks within the maxima, the author eligible), with a probationary member present and, when the kind
 * needs it, a scope that leaves a cell out; then one invalid submission of the kind, built on the fact it replaces.
 */
export function invalidCaseArbitrary(kind: InvalidKind): fc.Arbitrary<InvalidCase | undefined> {
  const knobs = scenarioKnobs.chain((k) =>
    fc.record({ which: fc.nat(), delta: fc.integer({ min: 1, max: 10 }) }).map(({ which, delta }) => {
      const [first, ...rest] = k.cells as [CellKnobs, ...CellKnobs[]];
      const member = { status: 'official' as const, presence: 'present' as const, committee: false };
      const cell: CellKnobs = {
        ...first,
        stage: 7,
        skip: 0,
        approved: true,
        allAssess: true,
        anyAssignee: false,
        overMax: false,
        members: [{ ...member, status: 'probationary' }, member, member, ...first.members.slice(3)],
      };
      const cells = kind === 'report-for-another-guidance' ? [cell, ...(rest.length ? rest : [first])] : [cell, ...rest];
      const json = buildScenario({ ...k, cells, listedScope: kind === 'report-for-another-guidance' ? true : k.listedScope });
      return { json, which, delta };
    }),
  );
  return knobs.map(({ json, which, delta }) => invalidCase(kind, json, which, delta));
}

const RUBRICS: Record<string, Rubric> = { 'binh-thuan-100': binhThuan100, 'phu-tho-100': phuTho100 };

function invalidCase(kind: InvalidKind, json: ScenarioJson, which: number, delta: number): InvalidCase | undefined {
  const scenario = parseScenario(json);
  const fact = (label: string) => planScenario(scenario).find((a): a is SubmitAction => a.type === 'submit' && a.cell === TARGET_CELL && a.label === label);
  const tree = new OrgTree(scenario.org);
  const members = tree.get(TARGET_CELL).members;
  const pick = <T>(list: readonly T[]): T | undefined => list[which % Math.max(1, list.length)];
  switch (kind) {
    case 'not-assignee': {
      const plan = fact('kế hoạch')!;
      const stranger = pick(members.filter((m) => !m.roles.includes('secretary')))!;
      return { kind, json, stopBefore: plan.label, submission: { type: 'submit', step: 'plan', actor: { kind: 'member', org: TARGET_CELL, member: stranger.id }, input: plan.input }, expected: { code: 'not-assignee', path: 'by', rule: 'not-assignee' } };
    }
    case 'absent-speaker':
    case 'absent-chair': {
      const session = fact('buổi sinh hoạt');
      if (!session) return undefined;
      const input = session.input as { chair: string; clerk: string; presenter?: string; absent: Array<{ member: string; reason: string; excused: boolean }>; opinions: Array<{ by: string; text: string }> };
      const away = kind === 'absent-chair' ? input.chair : pick(members.filter((m) => ![input.chair, input.clerk, input.presenter].includes(m.id)).map((m) => m.id));
      if (!away) return undefined;
      const absent = input.absent.some((a) => a.member === away) ? input.absent : [...input.absent, { member: away, reason: 'Đi công tác', excused: true }];
      const opinions = kind === 'absent-speaker' ? [...input.opinions, { by: away, text: 'Ý kiến của người vắng mặt' }] : input.opinions;
      const path = kind === 'absent-chair' ? 'chair' : `opinions[${input.opinions.length}].by`;
      return { kind, json, stopBefore: session.label, submission: { type: 'submit', step: 'hold-session', actor: session.actor, input: { ...input, absent, opinions } }, expected: { code: 'validation', path, rule: kind === 'absent-chair' ? 'member-absent' : 'speaker-absent' } };
    }
    case 'probationary-voter': {
      const resolution = fact('biểu quyết nghị quyết');
      if (!resolution) return undefined;
      const input = { ...resolution.input, vote: { for: ['m01'], against: 0, abstain: 0 } };
      return { kind, json, stopBefore: resolution.label, submission: { type: 'submit', step: 'resolution', actor: resolution.actor, input }, expected: { code: 'validation', path: 'vote.for[0]', rule: 'probationary-cannot-vote' } };
    }
    case 'mark-over-max': {
      const score = fact('chấm điểm');
      if (!score) return undefined;
      const rubric = RUBRICS[String(scenario.guidance.rubric)];
      if (!rubric || rubric.kind !== 'marks') {
        return { kind, json, stopBefore: score.label, submission: { type: 'submit', step: 'score', actor: score.actor, input: { rating: 'Xuất sắc' } }, expected: { code: 'validation', path: 'rating', rule: 'invalid-rating' } };
      }
      const criterion = pick(rubric.criteria)!;
      const marks = { ...(score.input['marks'] as Record<string, number>), [criterion.id]: criterion.max + delta };
      return { kind, json, stopBefore: score.label, submission: { type: 'submit', step: 'score', actor: score.actor, input: { marks } }, expected: { code: 'validation', path: `marks.${criterion.id}`, rule: 'max' } };
    }
    case 'session-before-approval': {
      const review = fact('duyệt dự thảo bản 1');
      const session = fact('buổi sinh hoạt');
      if (!review || !session) return undefined;
      // The session's task does not exist before the approval: it is refused as a task that is not open.
      return {
        kind,
        json,
        stopBefore: review.label,
        submission: { type: 'submit', step: 'hold-session', taskId: taskIdOf('hold-session', 1, 'record'), actor: session.actor, input: session.input },
        expected: { code: 'task-not-open', path: 'taskId', rule: 'task-not-open' },
      };
    }
    case 'report-for-another-guidance': {
      const scope = scenario.guidance.cells;
      const outside = Array.isArray(scope) ? tree.cellsUnder(scenario.org.code).map((c) => c.code).find((c) => !scope.includes(c)) : undefined;
      if (!outside) return undefined;
      return { kind, json, submission: { type: 'child-report', child: outside, report: { onTime: true, rating: 'Tốt' } }, expected: { code: 'out-of-scope', path: 'cell', rule: 'not-in-guidance-scope' } };
    }
  }
}

/** Whether the scenario stops before an action (the target cell's fact with that label). */
export function stopsBefore(c: InvalidCase): ((a: ScenarioAction) => boolean) | undefined {
  if (!c.stopBefore) return (a) => a.type !== 'issue-guidance';
  return (a) => a.type === 'submit' && a.cell === TARGET_CELL && a.label === c.stopBefore;
}

/** A rejection reduced to what every host must agree on: the code and each issue's path and rule. */
export function rejectionShape(rejection: Pick<Rejection, 'code' | 'issues'>): { code: string; issues: string[] } {
  return { code: rejection.code, issues: rejection.issues.map((i) => `${i.path} ${i.rule}`) };
}
