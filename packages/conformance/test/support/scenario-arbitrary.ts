import { binhThuan100, fourLevel, MANIFESTATIONS, phuTho100, type Rubric } from '@chibo/rules';
import type { ScenarioOrg } from '@chibo/scenario';
import fc from 'fast-check';

/**
 * A fast-check arbitrary of valid `chibo-scenario/1` scenarios (DESIGN §5), as the JSON a user would write: it
 * always passes `parseScenario`, but nothing promises that every fact applies — a fact a host refuses (a session
 * before the draft was approved, a vote with more ballots than voters) must simply be refused alike by every host.
 *
 * It is built from small independent "knobs" (counts, indices, day offsets, stages) mapped to a scenario by a pure
 * function, so fast-check shrinks knobs towards 0 and a shrunk case reads as a smaller scenario: fewer cells and
 * members, facts that stop earlier, the first choice of every alternative.
 */

/** A scenario as JSON (the input of `parseScenario`), so it can be written to a fixture file as generated. */
export type ScenarioJson = Record<string, unknown> & { name: string; cells: Record<string, CellJson>; guidance: Record<string, unknown> & { number: string; issuedOn: string } };
type CellJson = Record<string, unknown>;

const RUBRICS: Record<string, Rubric> = { 'binh-thuan-100': binhThuan100, 'phu-tho-100': phuTho100, 'four-level': fourLevel };
const RUBRIC_IDS = Object.keys(RUBRICS);
/** Guidance dates inside the committee's term, one on a month's last day so deadlines cross a month boundary. */
const ISSUED_ON = ['2022-03-16', '2021-01-31', '2023-09-05'];
const DAY = 24 * 60;

type Status = 'official' | 'probationary' | 'exempt' | 'suspended';
type Presence = 'present' | 'excused' | 'unexcused';

const memberKnobs = fc.record({
  status: fc.oneof(
    { arbitrary: fc.constant<Status>('official'), weight: 6 },
    { arbitrary: fc.constant<Status>('probationary'), weight: 2 },
    { arbitrary: fc.constant<Status>('exempt'), weight: 1 },
    { arbitrary: fc.constant<Status>('suspended'), weight: 1 },
  ),
  presence: fc.oneof({ arbitrary: fc.constant<Presence>('present'), weight: 6 }, { arbitrary: fc.constant<Presence>('excused'), weight: 2 }, { arbitrary: fc.constant<Presence>('unexcused'), weight: 1 }),
  committee: fc.boolean(),
});
type MemberKnobs = typeof memberKnobs extends fc.Arbitrary<infer T> ? T : never;

const cellKnobs = fc.record({
  /** Everyone but the secretary (who is member 0, official, present): 2–39 more, mostly few. */
  members: fc.oneof({ arbitrary: fc.array(memberKnobs, { minLength: 2, maxLength: 9 }), weight: 6 }, { arbitrary: fc.array(memberKnobs, { minLength: 10, maxLength: 39 }), weight: 1 }),
  /** How far the facts go: 0 none, 1 plan, 2 draft assigned, 3 draft versions, 4 session, 5 score, 6 resolution, 7 report. */
  stage: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 7 }), weight: 1 }, { arbitrary: fc.constant(7), weight: 2 }),
  /** A fact left out in the middle (a gap the procedure refuses: the next task is not open). */
  skip: fc.oneof({ arbitrary: fc.constant(0), weight: 15 }, { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 1 }),
  planDay: fc.integer({ min: 0, max: 5 }),
  draftDays: fc.integer({ min: 0, max: 3 }),
  assignee: fc.nat(),
  /** Now and then the draft goes to an exempt or suspended member, whom the procedure refuses. */
  anyAssignee: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
  revisions: fc.integer({ min: 0, max: 2 }),
  approved: fc.oneof({ arbitrary: fc.constant(true), weight: 12 }, { arbitrary: fc.constant(false), weight: 1 }),
  /** Gaps between draft versions, in hours, and how long after each version the secretary decides (0: at once). */
  versionGaps: fc.array(fc.integer({ min: 2, max: 72 }), { minLength: 3, maxLength: 3 }),
  decisionDelay: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 30 }), weight: 1 }),
  /** Early: the session days after approval; late: less than 24 hours after it (`draft-late`). */
  sessionLate: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  sessionDays: fc.integer({ min: 1, max: 40 }),
  sessionHours: fc.integer({ min: 1, max: 23 }),
  minutes: fc.oneof({ arbitrary: fc.integer({ min: 90, max: 240 }), weight: 3 }, { arbitrary: fc.integer({ min: 20, max: 89 }), weight: 1 }),
  online: fc.boolean(),
  guests: fc.integer({ min: 0, max: 2 }),
  opinions: fc.array(fc.nat(), { maxLength: 4 }),
  assignments: fc.array(fc.nat(), { maxLength: 2 }),
  /** Self-criticism: every present member assesses themselves, or the last one never does. */
  allAssess: fc.oneof({ arbitrary: fc.constant(true), weight: 10 }, { arbitrary: fc.constant(false), weight: 1 }),
  flagged: fc.array(fc.array(fc.integer({ min: 0, max: MANIFESTATIONS.length - 1 }), { maxLength: 2 }), { maxLength: 3 }),
  /** Marks as a percentage of each criterion's maximum; one mark over its maximum now and then. */
  marks: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 7, maxLength: 7 }),
  fullMarks: fc.boolean(),
  overMax: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
  rating: fc.nat(),
  scoreMinutes: fc.integer({ min: 0, max: 60 }),
  vote: fc.constantFrom('all-present' as const, 'count' as const, 'list' as const),
  votePasses: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  abstain: fc.integer({ min: 0, max: 2 }),
  /** On time: days after the resolution's day (late all the same if that passes the deadline); late: days after the deadline. */
  reportLate: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  reportDays: fc.integer({ min: 0, max: 20 }),
});
export type CellKnobs = typeof cellKnobs extends fc.Arbitrary<infer T> ? T : never;

/** The knobs of a scenario (to force some of them, as the invalid-submission cases do). */
export const scenarioKnobs = fc.record({
  /** 1–6 cells, mostly few (a replay's time grows with its events). */
  cells: fc.oneof({ arbitrary: fc.array(cellKnobs, { minLength: 1, maxLength: 2 }), weight: 4 }, { arbitrary: fc.array(cellKnobs, { minLength: 3, maxLength: 6 }), weight: 1 }),
  /** How many of the cells (the last ones) sit under a sub-committee of the issuer. */
  underSub: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 1 }),
  /** A guidance scope that names its cells (leaving the last out when there are several) instead of "all". */
  listedScope: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  issuedOn: fc.integer({ min: 0, max: ISSUED_ON.length - 1 }),
  rubric: fc.integer({ min: 0, max: RUBRIC_IDS.length - 1 }),
  selfCriticism: fc.boolean(),
  sessionBy: fc.integer({ min: 10, max: 60 }),
  reportAfterSession: fc.integer({ min: 0, max: 15 }),
  /** Roll-up: never, or so many days after issuance (before or after the report deadline). */
  rollup: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined, freq: 3 }),
  /** `until`: before the session deadline, between the deadlines, or long after them. */
  until: fc.oneof(
    fc.record({ when: fc.constant('before' as const), days: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ when: fc.constant('between' as const), days: fc.integer({ min: 0, max: 15 }) }),
    fc.record({ when: fc.constant('after' as const), days: fc.integer({ min: 1, max: 150 }) }),
  ),
});
export type ScenarioKnobs = typeof scenarioKnobs extends fc.Arbitrary<infer T> ? T : never;

/** Valid random scenarios, as JSON. */
export function scenarioArbitrary(): fc.Arbitrary<ScenarioJson> {
  return scenarioKnobs.map(buildScenario);
}

/** The scenario the knobs describe (exported so a test can build one from chosen knobs). */
export function buildScenario(k: ScenarioKnobs): ScenarioJson {
  const issuedOn = ISSUED_ON[k.issuedOn]!;
  const at = clockFrom(issuedOn);
  const sessionByDay = k.sessionBy;
  const reportByDay = sessionByDay + k.reportAfterSession;
  const rubric = RUBRIC_IDS[k.rubric]!;
  const codes = k.cells.map((_, i) => `CB-${String(i + 1).padStart(2, '0')}`);
  const orgs = k.cells.map((cell, i) => cellOrg(codes[i]!, i, cell));
  const sub = Math.min(k.underSub, orgs.length);
  const direct = orgs.slice(0, orgs.length - sub);
  const children: ScenarioOrg[] = sub ? [...direct, committee('DU-SUB', 'Đảng ủy khối trường học', orgs.slice(orgs.length - sub))] : direct;
  const scope = k.listedScope && codes.length > 1 ? codes.slice(0, -1) : 'all';
  const cells: Record<string, CellJson> = {};
  k.cells.forEach((cell, i) => {
    const facts = cellFacts(cell, orgs[i]!, { at, rubric, selfCriticism: k.selfCriticism, reportByDay });
    if (Object.keys(facts).length) cells[codes[i]!] = facts;
  });
  const untilDay = k.until.when === 'before' ? Math.min(k.until.days, sessionByDay - 1) : k.until.when === 'between' ? sessionByDay + 1 + Math.min(k.until.days, reportByDay - sessionByDay) : reportByDay + k.until.days;
  return {
    format: 'chibo-scenario/1',
    name: 'random',
    source: 'scenario-arbitrary',
    until: at(untilDay * DAY, 'date'),
    org: { ...committee('DU-FUZZ', 'Đảng ủy phường Thử Nghiệm', children), term: { from: '2020-08-01' } },
    guidance: {
      number: '27-HD/ĐU',
      issuedOn,
      issuer: 'DU-FUZZ',
      title: 'Hướng dẫn sinh hoạt chuyên đề',
      procedure: 'thematic-session',
      basedOn: [{ number: '12-HD/BTCTW', issuedOn: '2018-07-06' }],
      ...(k.selfCriticism ? { addSteps: ['self-criticism'] } : {}),
      rubric,
      sessionBy: at(sessionByDay * DAY, 'date'),
      reportBy: at(reportByDay * DAY, 'date'),
      cells: scope,
      ...(k.rollup !== undefined ? { rollup: { at: at(k.rollup * DAY + 9 * 60, 'minute') } } : {}),
    },
    cells,
  };
}

function committee(code: string, name: string, children: ScenarioOrg[]): ScenarioOrg {
  return { code, name, kind: 'committee', abbr: 'ĐU', members: [], children };
}

interface Member {
  id: string;
  name: string;
  status: Status;
  roles: Array<'secretary' | 'deputy-secretary' | 'committee'>;
  presence: Presence;
}

function cellOrg(code: string, index: number, k: CellKnobs): ScenarioOrg & { members: Member[] } {
  const members: Member[] = [
    { id: 'bt', name: `Bí thư chi bộ ${index + 1}`, status: 'official', roles: ['secretary'], presence: 'present' },
    ...k.members.map((m: MemberKnobs, i): Member => ({
      id: `m${String(i + 1).padStart(2, '0')}`,
      name: `Đảng viên ${i + 1}`,
      status: m.status,
      roles: m.committee && m.status === 'official' ? [i === 0 ? 'deputy-secretary' : 'committee'] : [],
      presence: m.presence,
    })),
  ];
  return { code, name: `Chi bộ số ${index + 1}`, kind: 'cell', abbr: 'CB', members, children: [] };
}

/** Local wall-clock times counted in minutes from 00:00 of the issuance day (Việt Nam keeps no daylight saving). */
function clockFrom(issuedOn: string): (minutes: number, precision: 'date' | 'minute') => string {
  const base = Date.parse(`${issuedOn}T00:00:00Z`);
  return (minutes, precision) => {
    const iso = new Date(base + minutes * 60_000).toISOString();
    return precision === 'date' ? iso.slice(0, 10) : iso.slice(0, 16);
  };
}

/** A cell's facts, up to its stage, on a timeline that starts at the plan and moves forward fact by fact. */
function cellFacts(
  k: CellKnobs,
  org: { members: Member[] },
  g: { at: ReturnType<typeof clockFrom>; rubric: string; selfCriticism: boolean; reportByDay: number },
): CellJson {
  const { at } = g;
  const members = org.members;
  const present = members.filter((m) => m.presence === 'present');
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  const facts: CellJson = {};
  const has = (stage: number) => k.stage >= stage && k.skip !== stage;

  let t = k.planDay * DAY;
  if (has(1)) facts['plan'] = { at: at(t, 'date'), topic: 'Tự soi, tự sửa', month: at((k.planDay + k.sessionDays) * DAY, 'date').slice(0, 7) };
  t += k.draftDays * DAY + 8 * 60;
  const assignee = pick(k.anyAssignee ? members : members.filter((m) => m.status === 'official' || m.status === 'probationary'), k.assignee).id;
  const submissions: Array<Record<string, unknown>> = [];
  let approvedAt = t;
  for (let v = 0; v <= k.revisions; v++) {
    t += k.versionGaps[v]! * 60;
    const last = v === k.revisions;
    const decision = last && k.approved ? 'approve' : 'revise';
    const decidedAt = t + k.decisionDelay * 60;
    submissions.push({
      at: at(t, 'minute'),
      decision,
      ...(decision === 'revise' ? { note: `Bổ sung nội dung bản ${v + 1}` } : {}),
      ...(k.decisionDelay ? { decidedAt: at(decidedAt, 'minute') } : {}),
    });
    approvedAt = decidedAt;
    t = decidedAt;
  }
  if (has(2)) facts['draft'] = { assignee, at: at(k.planDay * DAY + k.draftDays * DAY, 'date'), submissions: has(3) ? submissions : [] };

  // The session: days after the approval at 14:00, or a few hours after it (less than a day: the draft came late).
  const sessionAt = k.sessionLate ? approvedAt + k.sessionHours * 60 : (Math.floor(approvedAt / DAY) + k.sessionDays) * DAY + 14 * 60;
  const chair = present[0]!;
  const clerk = present[1] ?? chair;
  // The presenter is the draft's author unless they are absent: then the chair presents (an absent presenter is refused).
  const presenter = present.some((m) => m.id === assignee) ? undefined : chair.id;
  const guests = Array.from({ length: k.guests }, (_, i) => ({ name: `Khách mời ${i + 1}`, title: 'Đại diện Đảng ủy phường' }));
  const speakers = [...present.map((m) => m.id), ...guests.map((x) => x.name)];
  const absent = members.filter((m) => m.presence !== 'present');
  if (has(4)) {
    facts['session'] = {
      at: at(sessionAt, 'minute'),
      minutes: k.minutes,
      place: 'Hội trường',
      online: k.online,
      chair: chair.id,
      clerk: clerk.id,
      ...(presenter ? { presenter } : {}),
      absent: absent.map((m) => ({ member: m.id, reason: m.presence === 'excused' ? 'Ốm' : 'Không rõ lý do', excused: m.presence === 'excused' })),
      guests,
      opinions: k.opinions.map((o, i) => ({ by: pick(speakers, o), text: `Ý kiến ${i + 1}` })),
      ...(g.selfCriticism ? { selfCriticism: selfCriticism(k, members) } : {}),
      conclusion: 'Chủ trì kết luận, giao nhiệm vụ.',
      assignments: k.assignments.map((a, i) => ({ to: pick(members, a).id, task: `Nhiệm vụ ${i + 1}` })),
    };
  }
  const scoreAt = sessionAt + k.minutes + k.scoreMinutes;
  if (has(5)) facts['score'] = { at: at(scoreAt, 'minute'), ...score(k, g.rubric) };
  const resolutionAt = scoreAt + 10;
  if (has(6)) {
    facts['resolution'] = {
      at: at(resolutionAt, 'minute'),
      title: 'Nghị quyết sinh hoạt chuyên đề',
      decisions: ['Mỗi đảng viên thực hiện kế hoạch khắc phục.'],
      vote: vote(k, members),
    };
  }
  if (has(7)) facts['report'] = { at: at(k.reportLate ? (g.reportByDay + 1 + k.reportDays) * DAY : (Math.floor(resolutionAt / DAY) + 1 + k.reportDays) * DAY, 'date') };
  return facts;
}

/** One assessment per member present and not suspended (who the step expects), the last left out now and then. */
function selfCriticism(k: CellKnobs, members: Member[]): Array<Record<string, unknown>> {
  const expected = members.filter((m) => m.presence === 'present' && m.status !== 'suspended');
  const entries = expected.map((m, i) => ({
    member: m.id,
    flagged: [...new Set(k.flagged[i % Math.max(1, k.flagged.length)] ?? [])].map((c) => MANIFESTATIONS[c]!.code),
    plan: 'Tiếp tục rèn luyện, khắc phục hạn chế.',
  }));
  return k.allAssess ? entries : entries.slice(0, -1);
}

function score(k: CellKnobs, rubricId: string): Record<string, unknown> {
  const rubric = RUBRICS[rubricId]!;
  if (rubric.kind !== 'marks') return { rating: rubric.ratings[k.rating % rubric.ratings.length] };
  const marks = Object.fromEntries(rubric.criteria.map((c, i) => [c.id, k.fullMarks ? c.max : Math.round((c.max * k.marks[i]!) / 100)]));
  if (k.overMax) marks[rubric.criteria[0]!.id] = rubric.criteria[0]!.max + 1;
  return { marks };
}

/** A vote as counts, `"all-present"` or lists of voters; passing takes every present voter, failing a third of them. */
function vote(k: CellKnobs, members: Member[]): Record<string, unknown> {
  const voters = members.filter((m) => m.presence === 'present' && (m.status === 'official' || m.status === 'exempt')).map((m) => m.id);
  const inFavour = k.votePasses ? voters.length : Math.floor(voters.length / 3);
  const abstain = Math.min(k.abstain, voters.length - inFavour);
  if (k.vote === 'all-present') return { for: 'all-present', against: 0, abstain: 0 };
  if (k.vote === 'count') return { for: inFavour, against: voters.length - inFavour - abstain, abstain };
  return { for: voters.slice(0, inFavour), against: voters.slice(inFavour, voters.length - abstain), abstain: voters.slice(voters.length - abstain) };
}
