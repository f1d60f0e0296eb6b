import { parseYearScenario, type YearScenario } from '@chibo/scenario';
import fc from 'fast-check';

/**
 * A fast-check arbitrary of valid year scenarios (docs/scenarios-year.md): a cell schedules its regular sessions on a
 * random day (a month now and then placed elsewhere), maybe moves one of them once or twice before it starts, maybe
 * drafts and approves an annual thematic plan, and holds the first few months' sessions — or not, or reports them late
 * — with random absences and marks. Every session starts
 * by the calendar's durable timer, so the hosts are compared on exactly what issue 16 adds: scheduled sessions.
 * Built from small knobs mapped by a pure function, as scenario-arbitrary.ts is, so a shrunk case reads smaller.
 */

const YEAR = 2024;
const pad = (n: number) => String(n).padStart(2, '0');

const sessionKnobs = fc.record({
  /** 0 not held; 1 held and reported on time; 2 held, reported late; 3 held, never reported. */
  fate: fc.oneof({ arbitrary: fc.constant(1), weight: 5 }, { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 2 }),
  /** Bit i: member i+1 absent; excused when the matching bit of `excused` is set. */
  absent: fc.nat({ max: 31 }),
  excused: fc.nat({ max: 31 }),
  minutes: fc.constantFrom(95, 120, 60),
  marks: fc.record({ preparation: fc.integer({ min: 8, max: 15 }), attendance: fc.integer({ min: 10, max: 20 }), conduct: fc.integer({ min: 25, max: 45 }), closing: fc.integer({ min: 10, max: 20 }) }),
});

export const yearKnobs = fc.record({
  members: fc.integer({ min: 2, max: 5 }),
  day: fc.integer({ min: 8, max: 25 }),
  /** A month (1-based, within the sessions) placed on another day, or 0. */
  moved: fc.integer({ min: 0, max: 3 }),
  movedDay: fc.integer({ min: 10, max: 27 }),
  /**
   * A session the secretary moves after scheduling (the standing `move` task): 0 none, else the month + 1 (February …
   * May, none started yet on 3 January) — once, or twice when `twice`; its facts follow it to its last date.
   */
  shift: fc.integer({ min: 0, max: 4 }),
  shiftDays: fc.tuple(fc.integer({ min: 9, max: 26 }), fc.integer({ min: 9, max: 26 })),
  twice: fc.boolean(),
  sessions: fc.array(sessionKnobs, { minLength: 1, maxLength: 4 }),
  /** 0 no plan; 1 a plan, never approved; 2 approved by January's end; 3 approved late (plan-missing, then resolved). */
  plan: fc.integer({ min: 0, max: 3 }),
  topics: fc.array(fc.record({ quarter: fc.boolean(), month: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 2 }),
});
export type YearKnobs = typeof yearKnobs extends fc.Arbitrary<infer T> ? T : never;

export function yearArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  return yearKnobs.map(buildYear);
}

/** The year scenario the knobs describe, as JSON. */
export function buildYear(k: YearKnobs): Record<string, unknown> {
  const members = [{ id: 'bt', name: 'Bí thư Chi bộ', status: 'official', roles: ['secretary'] }, ...Array.from({ length: k.members }, (_, i) => ({ id: `m${i + 1}`, name: `Đảng viên ${i + 1}`, status: 'official', roles: [] }))];
  const scheduledDay = (m: number) => (k.moved === m ? k.movedDay : k.day);
  // Each move goes to another day than the session's current one (a move to the same time is refused as unchanged).
  const shiftMonth = k.shift ? k.shift + 1 : 0;
  const moveDays: number[] = [];
  if (shiftMonth) {
    for (const d of k.twice ? k.shiftDays : [k.shiftDays[0]]) {
      const current = moveDays.at(-1) ?? scheduledDay(shiftMonth);
      moveDays.push(d === current ? d + 1 : d);
    }
  }
  const dayOf = (m: number) => (m === shiftMonth ? moveDays.at(-1)! : scheduledDay(m));
  const moves = moveDays.map((d, i) => ({ at: `${YEAR}-01-0${3 + i}T08:00`, session: `TK-${YEAR}-${pad(shiftMonth)}`, date: `${YEAR}-${pad(shiftMonth)}-${pad(d)}` }));
  const sessions: Record<string, unknown> = {};
  k.sessions.forEach((s, i) => {
    const m = i + 1;
    if (s.fate === 0) return;
    const date = `${YEAR}-${pad(m)}-${pad(dayOf(m))}`;
    const at = (d: number, t: string) => `${YEAR}-${pad(m)}-${pad(dayOf(m) + d)}T${t}`;
    const absent = members.slice(1).filter((_, j) => (s.absent >> j) & 1).map((x, j) => ({ member: x.id, reason: 'Bận việc gia đình', excused: Boolean((s.excused >> j) & 1) }));
    const endAt = new Date(Date.parse(`${date}T14:00:00+07:00`) + (s.minutes + 5) * 60_000);
    const local = new Date(endAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
    sessions[`TK-${YEAR}-${pad(m)}`] = {
      prepare: { at: at(-3, '09:00'), content: `Nhiệm vụ tháng ${m}` },
      approve: { at: at(-2, '16:00') },
      session: { at: `${date}T14:00`, minutes: s.minutes, chair: 'bt', clerk: 'm1', absent, opinions: [{ by: 'm1', text: 'Ý kiến' }], conclusion: 'Kết luận' },
      score: { at: local, marks: s.marks },
      resolution: { at: local, title: `Nghị quyết tháng ${m}`, decisions: [`Nhiệm vụ tháng ${m + 1}`], vote: { for: 'all-present', against: 0, abstain: 0 } },
      ...(s.fate === 1 ? { report: { at: at(1, '10:00') } } : s.fate === 2 ? { report: { at: `${YEAR}-${pad(m + 1)}-20T10:00` } } : {}),
    };
  });
  const last = k.sessions.length;
  const plan =
    k.plan === 0
      ? {}
      : {
          plan: {
            at: `${YEAR}-01-08T08:00`,
            topics: k.topics.map((t, i) => (t.quarter ? { quarter: 1, topic: `Chuyên đề ${i + 1}` } : { month: `${YEAR}-${pad(t.month)}`, topic: `Chuyên đề ${i + 1}` })),
            review: k.plan === 1 ? [] : [{ at: k.plan === 2 ? `${YEAR}-01-20T08:00` : `${YEAR}-02-03T08:00`, decision: 'approve' }],
          },
        };
  return {
    format: 'chibo-scenario/1',
    name: `random-year-${JSON.stringify(k).length}`,
    source: 'conformance',
    until: `${YEAR}-${pad(last + 1)}-28`,
    org: { code: 'DU-NAM', name: 'Đảng ủy thử nghiệm', kind: 'committee', abbr: 'ĐU', term: { from: '2020-08-01' }, children: [{ code: 'CB-NAM', name: 'Chi bộ thử nghiệm', kind: 'cell', abbr: 'CB', members }] },
    year: {
      cell: 'CB-NAM',
      year: YEAR,
      opensOn: `${YEAR}-01-02`,
      schedule: { at: `${YEAR}-01-02T08:00`, day: k.day, time: '14:00', sessions: k.moved ? [{ month: `${YEAR}-${pad(k.moved)}`, date: `${YEAR}-${pad(k.moved)}-${pad(k.movedDay)}` }] : [] },
      ...plan,
      moves,
      sessions,
    },
  };
}

/** Parses a generated year (it always parses: the generator only writes valid scenarios). */
export function parseYear(json: Record<string, unknown>): YearScenario {
  return parseYearScenario(json);
}
