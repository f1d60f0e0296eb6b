import { createRegistry } from '@chibo/catalog';
import { CALENDAR_FACT, yearInstanceId, type CalendarEntry, type CalendarFact } from '@chibo/plugin-regular-session';
import { localDateTime, parseLocal } from '@chibo/rules';
import { InMemoryHost, loadYearFixtures, OrgTree, type YearScenario } from '../src';

const registry = createRegistry();
const scenario = (): YearScenario => structuredClone(loadYearFixtures().find((f) => f.file === 'cong-hoa-2018-year.json')!.scenario);

/** A year opened and scheduled on the in-memory host (regular sessions on the 5th at 14:00), with the secretary's hand. */
function scheduledYear(at = '2018-01-02T08:00') {
  const s = scenario();
  const host = new InMemoryHost(registry, new OrgTree(s.org));
  host.advanceTo(parseLocal(at));
  const id = host.startInstance(yearInstanceId(s.year.cell, s.year.year), s.year.cell, 'cell-year');
  const secretary = host.actor({ kind: 'member', org: s.year.cell, member: 'hang' });
  const submit = (step: string, input: Record<string, unknown>, task?: string) => {
    const open = Object.values(host.state(id).tasks).find((t) => t.stepId === step && t.status === 'open' && (task ? t.task === task : t.task !== 'move'))!;
    return host.send(id, { type: 'submit', at: host.clockNow(), taskId: open.id, by: secretary, input });
  };
  const move = (input: Record<string, unknown>) => submit('schedule', input, 'move');
  const refusal = (input: Record<string, unknown>) => {
    const result = move(input);
    return result.ok ? [] : result.rejection.issues.map((i) => ({ path: i.path, rule: i.rule }));
  };
  expect(submit('schedule', { place: 'Nhà văn hóa tổ 3' }).ok).toBe(true);
  const entry = (key: string) => (host.state(id).facts[CALENDAR_FACT] as CalendarFact).entries.find((e) => e.key === key) as CalendarEntry;
  const started = () => [...host.instances.keys()].filter((k) => k.startsWith('cell:'));
  return { host, id, submit, move, refusal, entry, started };
}

describe('moving a scheduled session (in-memory host)', () => {
  it('should start the moved session by its new timer at the new time, and not at the old one', () => {
    const { host, id, move, entry, started } = scheduledYear();
    const old = entry('TK-2018-03');
    expect(localDateTime(old.at)).toBe('2018-03-05T14:00');
    expect(move({ session: 'TK-2018-03', date: '2018-03-16', time: '08:00', place: 'Hội trường phường' }).ok).toBe(true);
    const moved = entry('TK-2018-03');
    expect([localDateTime(moved.at), localDateTime(moved.startAt), moved.place, moved.sequence, moved.instanceId]).toEqual([
      '2018-03-16T08:00',
      '2018-03-09T08:00',
      'Hội trường phường',
      1,
      'cell:CB-TH-CONG-HOA:TK-2018-03:2018-03-16',
    ]);
    const timers = Object.values(host.state(id).timers).filter((t) => t.key.startsWith('start:TK-2018-03'));
    expect(timers.map((t) => [t.key, localDateTime(t.fireAt), t.status])).toEqual([
      ['start:TK-2018-03', '2018-02-26T14:00', 'cancelled'],
      ['start:TK-2018-03:1', '2018-03-09T08:00', 'scheduled'],
    ]);
    // The old start (26 February 14:00) passes with nothing started; the new one starts the session at once.
    host.advanceTo(parseLocal('2018-03-09T07:59'));
    expect(started().filter((k) => k.includes('TK-2018-03'))).toEqual([]);
    host.advanceTo(parseLocal('2018-03-09T08:00'));
    expect(started().filter((k) => k.includes('TK-2018-03'))).toEqual([moved.instanceId]);
    expect(host.state(moved.instanceId).context.guidance).toMatchObject({ number: 'TK-2018-03', issuedOn: '2018-03-16', sessionBy: '2018-03-31' });
    // Once started, it cannot be moved again.
    const again = move({ session: 'TK-2018-03', date: '2018-03-20' });
    expect(again.ok ? [] : again.rejection.issues.map((i) => [i.path, i.rule])).toEqual([['session', 'session-started']]);
  });

  it('should refuse a move that breaks a rule, naming the field and the rule, and record nothing', () => {
    const { host, id, refusal } = scheduledYear();
    const before = host.events(id).length;
    expect(refusal({ session: 'TK-2018-03', date: '2018-04-02' })).toEqual([{ path: 'date', rule: 'one-regular-session-per-month' }]);
    expect(refusal({ session: 'TK-2018-12', date: '2019-01-03' })).toEqual([{ path: 'date', rule: 'outside-year' }]);
    expect(refusal({ session: 'TK-2018-02', date: '2018-02-30' })).toEqual([{ path: 'date', rule: 'invalid-date' }]);
    expect(refusal({ session: 'TK-2018-07', date: '2018/07/09' })).toEqual([expect.objectContaining({ path: 'date' })]);
    expect(refusal({ session: 'TK-2019-03', date: '2018-03-09' })).toEqual([{ path: 'session', rule: 'unknown-session' }]);
    expect(refusal({ session: 'TK-2018-03', date: '2018-03-05' })).toEqual([{ path: 'date', rule: 'unchanged' }]);
    // January's session started at once when the calendar was entered (its preparation was already due).
    expect(refusal({ session: 'TK-2018-01', date: '2018-01-20' })).toEqual([{ path: 'session', rule: 'session-started' }]);
    expect(host.events(id)).toHaveLength(before);
  });

  it('should start a session at once when it is moved so close that its preparation is already due', () => {
    const { host, move, entry, started } = scheduledYear();
    host.advanceTo(parseLocal('2018-02-25T09:00'));
    expect(move({ session: 'TK-2018-03', date: '2018-03-01' }).ok).toBe(true);
    expect(started()).toContain(entry('TK-2018-03').instanceId);
    expect(entry('TK-2018-03').instanceId).toBe('cell:CB-TH-CONG-HOA:TK-2018-03:2018-03-01');
  });

  it('should move a thematic session of the approved plan, cancelling the timer its approval set, and move it again', () => {
    const { host, id, submit, move, entry, started } = scheduledYear();
    expect(submit('plan', { topics: [{ month: '2018-05', topic: 'Thực hiện Nghị quyết 29-NQ/TW', preparer: 'mai' }] }).ok).toBe(true);
    expect(submit('approve-plan', { decision: 'approve' }).ok).toBe(true);
    expect(localDateTime(entry('CD-2018-05').at)).toBe('2018-05-05T14:00');
    expect(move({ session: 'CD-2018-05', date: '2018-06-12', time: '15:00' }).ok).toBe(true);
    expect(move({ session: 'CD-2018-05', date: '2018-06-19' }).ok).toBe(true);
    const moved = entry('CD-2018-05');
    expect([moved.month, localDateTime(moved.at), moved.sequence]).toEqual(['2018-06', '2018-06-19T15:00', 2]);
    const timers = Object.values(host.state(id).timers).filter((t) => t.key.startsWith('start:CD-2018-05'));
    expect(timers.map((t) => [t.id, t.status])).toEqual([
      ['approve-plan.start:CD-2018-05', 'cancelled'],
      ['schedule.start:CD-2018-05:1', 'cancelled'],
      ['schedule.start:CD-2018-05:2', 'scheduled'],
    ]);
    host.advanceTo(parseLocal('2018-06-12T14:59'));
    expect(started().filter((k) => k.includes('CD-2018-05'))).toEqual([]);
    host.advanceTo(parseLocal('2018-06-12T15:00'));
    expect(started().filter((k) => k.includes('CD-2018-05'))).toEqual([moved.instanceId]);
    expect(host.state(moved.instanceId).definition.key).toBe('year-thematic-session');
  });

  it('should tell every member of the cell of the move with the calendar event of the feed at a raised SEQUENCE, and invite to the convene at that SEQUENCE', () => {
    const { host, move, entry } = scheduledYear();
    const before = host.notifications.length;
    expect(move({ session: 'TK-2018-03', date: '2018-03-16', time: '08:00', place: 'Hội trường phường' }).ok).toBe(true);
    const notices = host.notifications.slice(before);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.input).toEqual({
      to: [{ role: 'member', org: 'CB-TH-CONG-HOA' }],
      kind: 'session-changed',
      org: 'CB-TH-CONG-HOA',
      message: 'Buổi sinh hoạt chi bộ thường kỳ tháng 03/2018 dời từ 14:00 ngày 05/03/2018 sang 08:00 ngày 16/03/2018 tại Hội trường phường',
      event: { id: 'year:CB-TH-CONG-HOA:2018/TK-2018-03', name: 'thường kỳ tháng 03/2018', startsAt: parseLocal('2018-03-16T08:00'), durationMinutes: 90, place: 'Hội trường phường', sequence: 1 },
    });
    // A second move raises the SEQUENCE again; the event id (and so the UID) stays.
    expect(move({ session: 'TK-2018-03', date: '2018-03-20' }).ok).toBe(true);
    const second = host.notifications.at(-1)!.input as { event: { id: string; sequence: number; startsAt: string } };
    expect([second.event.id, second.event.sequence, localDateTime(second.event.startsAt)]).toEqual(['year:CB-TH-CONG-HOA:2018/TK-2018-03', 2, '2018-03-20T08:00']);
    // The session starts with that calendar event in its context, and its convene invitation carries it.
    host.advanceTo(parseLocal('2018-03-13T08:00'));
    const sessionId = entry('TK-2018-03').instanceId;
    expect(host.state(sessionId).context.guidance?.calendarEvent).toEqual({ id: 'year:CB-TH-CONG-HOA:2018/TK-2018-03', sequence: 2 });
    const secretary = host.actor({ kind: 'member', org: 'CB-TH-CONG-HOA', member: 'hang' });
    const submitIn = (step: string, input: Record<string, unknown>) => {
      const open = Object.values(host.state(sessionId).tasks).find((t) => t.stepId === step && t.status === 'open')!;
      return host.send(sessionId, { type: 'submit', at: host.clockNow(), taskId: open.id, by: secretary, input });
    };
    expect(submitIn('prepare', { month: '2018-03', content: 'Kiểm điểm công việc tháng 3', draftResolution: 'Dự thảo nghị quyết tháng 3' }).ok).toBe(true);
    expect(submitIn('approve', { decision: 'approve' }).ok).toBe(true);
    expect(submitIn('convene', { sessionAt: parseLocal('2018-03-20T08:00'), place: 'Hội trường phường' }).ok).toBe(true);
    const convene = host.notifications.at(-1)!.input as { kind: string; event: { id: string; sequence: number } };
    expect([convene.kind, convene.event.id, convene.event.sequence]).toEqual(['session-convened', 'year:CB-TH-CONG-HOA:2018/TK-2018-03', 2]);
  });

  it('should tell no one when a move is refused', () => {
    const { host, refusal } = scheduledYear();
    const before = host.notifications.length;
    expect(refusal({ session: 'TK-2018-03', date: '2018-03-05' })).toEqual([{ path: 'date', rule: 'unchanged' }]);
    expect(host.notifications).toHaveLength(before);
  });
});
