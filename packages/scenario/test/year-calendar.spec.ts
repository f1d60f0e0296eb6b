import { createRegistry } from '@chibo/catalog';
import { CALENDAR_FACT, YEAR_FACT, yearInstanceId, type CalendarFact, type YearFact } from '@chibo/plugin-regular-session';
import { localDateTime, parseLocal } from '@chibo/rules';
import { activeFindings } from '@chibo/procedure';
import { InMemoryHost, loadYearFixtures, OrgTree, runYearInMemory, type YearScenario } from '../src';

const registry = createRegistry();
const fixture = (file: string): YearScenario => structuredClone(loadYearFixtures().find((f) => f.file === file)!.scenario);

/** A year opened on the host, with the secretary able to submit its open tasks. */
function openYear(scenario: YearScenario, at = '2018-01-02T08:00') {
  const host = new InMemoryHost(registry, new OrgTree(scenario.org));
  host.advanceTo(parseLocal(at));
  const id = host.startInstance(yearInstanceId(scenario.year.cell, scenario.year.year), scenario.year.cell, 'cell-year');
  const secretary = host.actor({ kind: 'member', org: scenario.year.cell, member: 'hang' });
  const submit = (step: string, input: Record<string, unknown>) => {
    const task = Object.values(host.state(id).tasks).find((t) => t.stepId === step && t.status === 'open')!;
    return host.send(id, { type: 'submit', at: host.clockNow(), taskId: task.id, by: secretary, input });
  };
  return { host, id, submit };
}

describe('a cell’s calendar', () => {
  const scenario = fixture('cong-hoa-2018-year.json');

  it('should refuse two regular sessions in one month, naming the field and the rule, and schedule nothing', () => {
    const { host, id, submit } = openYear(scenario);
    const before = host.events(id).length;
    const result = submit('schedule', { sessions: [{ month: '2018-03', date: '2018-03-02' }, { month: '2018-03', date: '2018-03-23' }] });
    expect(result.ok ? [] : result.rejection.issues).toEqual([expect.objectContaining({ path: 'sessions.1.month', rule: 'one-regular-session-per-month' })]);
    expect(host.events(id)).toHaveLength(before);
    expect(host.state(id).facts[CALENDAR_FACT]).toBeUndefined();
  });

  it('should schedule twelve regular sessions on the chosen day, start the ones already due and wait for the others', () => {
    const { host, id, submit } = openYear(scenario);
    expect(submit('schedule', { day: 5, time: '14:00', sessions: [{ month: '2018-02', date: '2018-02-09', time: '08:00' }] }).ok).toBe(true);
    const calendar = host.state(id).facts[CALENDAR_FACT] as CalendarFact;
    expect(calendar.entries.map((e) => localDateTime(e.at))).toEqual([
      '2018-01-05T14:00', '2018-02-09T08:00', '2018-03-05T14:00', '2018-04-05T14:00', '2018-05-05T14:00', '2018-06-05T14:00',
      '2018-07-05T14:00', '2018-08-05T14:00', '2018-09-05T14:00', '2018-10-05T14:00', '2018-11-05T14:00', '2018-12-05T14:00',
    ]);
    // January's preparation is already due: its session started at once; February's starts a week before it.
    expect([...host.instances.keys()].filter((k) => k.startsWith('cell:'))).toEqual([calendar.entries[0]!.instanceId]);
    host.advanceTo(parseLocal('2018-02-02T07:59'));
    expect(host.instances.has(calendar.entries[1]!.instanceId)).toBe(false);
    host.advanceTo(parseLocal('2018-02-02T08:00'));
    const february = host.state(calendar.entries[1]!.instanceId);
    expect(february.definition.key).toBe('regular-session');
    expect(Object.values(february.tasks).find((t) => t.status === 'open')?.stepId).toBe('prepare');
    expect(february.context.guidance).toMatchObject({ number: 'TK-2018-02', sessionBy: '2018-02-28', reportBy: '2018-03-05' });
  });

  it('should refuse a plan topic in a month outside its year and keep the plan task open', () => {
    const { host, id, submit } = openYear(scenario);
    submit('schedule', {});
    const before = host.events(id).length;
    const result = submit('plan', { topics: [{ month: '2018-03', topic: 'Nghị quyết 29' }, { month: '2019-01', topic: 'Thông tư 22' }] });
    expect(result.ok ? [] : result.rejection.issues).toEqual([expect.objectContaining({ path: 'topics.1.month', rule: 'outside-year' })]);
    expect(host.events(id)).toHaveLength(before);
  });

  it('should refuse a regular session on a date the calendar does not have (30 February), keeping the year running with nothing scheduled', () => {
    const { host, id, submit } = openYear(scenario);
    const before = host.events(id).length;
    const result = submit('schedule', { sessions: [{ month: '2018-04', date: '2018-04-12' }, { month: '2018-02', date: '2018-02-30' }] });
    expect(result.ok ? [] : result.rejection.issues).toEqual([expect.objectContaining({ path: 'sessions.1.date', rule: 'invalid-date', params: { date: '2018-02-30' } })]);
    expect(host.events(id)).toHaveLength(before);
    expect(host.state(id).status).toBe('running');
    expect(submit('schedule', { sessions: [{ month: '2018-02', date: '2018-02-28' }] }).ok).toBe(true);
    expect(host.state(id).status).toBe('running');
  });

  it('should refuse a plan topic on a date the calendar does not have, before the chi ủy approves it, and keep the year running', () => {
    const { host, id, submit } = openYear(scenario);
    submit('schedule', {});
    const before = host.events(id).length;
    for (const date of ['2018-02-30', '2018-06-31', '2018-05-00']) {
      const result = submit('plan', { topics: [{ month: date.slice(0, 7), topic: 'Nghị quyết 29', date }] });
      expect(result.ok ? [] : result.rejection.issues).toEqual([expect.objectContaining({ path: 'topics.0.date', rule: 'invalid-date', params: { date } })]);
    }
    expect(host.events(id)).toHaveLength(before);
    expect(submit('plan', { topics: [{ month: '2018-02', topic: 'Nghị quyết 29', date: '2018-02-28' }] }).ok).toBe(true);
    expect(submit('approve-plan', { decision: 'approve' }).ok).toBe(true);
    expect(host.state(id).status).toBe('running');
  });

  it('should assign preparers in turn unless the secretary chose, and schedule the thematic sessions once the chi ủy approves', () => {
    const { host, id, submit } = openYear(scenario);
    submit('schedule', {});
    submit('plan', { topics: [{ quarter: 1, topic: 'Nghị quyết 29' }, { month: '2018-05', topic: 'Thông tư 22', preparer: 'mai' }, { quarter: 3, topic: 'Tự phê bình' }] });
    expect((host.state(id).facts[CALENDAR_FACT] as CalendarFact).entries.filter((e) => e.kind === 'thematic')).toEqual([]);
    expect(submit('approve-plan', { decision: 'approve' }).ok).toBe(true);
    const thematic = (host.state(id).facts[CALENDAR_FACT] as CalendarFact).entries.filter((e) => e.kind === 'thematic');
    // A quarter's topic is held at its last month's regular session date; the rotation starts from the roster.
    expect(thematic.map((e) => [e.key, localDateTime(e.at), e.preparer])).toEqual([
      ['CD-2018-03', '2018-03-05T14:00', 'hang'],
      ['CD-2018-05', '2018-05-05T14:00', 'mai'],
      ['CD-2018-09', '2018-09-05T14:00', 'tuan'],
    ]);
    expect(host.documents.filter((d) => d.instanceId === id).map((d) => [d.type, d.number, d.title])).toEqual([['KH', 'Số 01-KH/CB', 'Kế hoạch sinh hoạt chuyên đề năm 2018']]);
  });

  it('should record plan-missing when no plan is approved by the date the committee set', () => {
    const { host, id, submit } = openYear(scenario);
    submit('schedule', {});
    host.advanceTo(parseLocal('2018-01-31T23:59'));
    expect(activeFindings(host.state(id))).toEqual([]);
    host.advanceTo(parseLocal('2018-02-01'));
    expect(activeFindings(host.state(id))).toEqual(['plan-missing']);
  });
});

describe('a cell’s year record', () => {
  it('should name the member absent from four sessions in a row and rate the year from the sessions held', async () => {
    const run = await runYearInMemory(fixture('cong-hoa-2018-absences.json'), registry);
    const year = run.host.state(run.yearInstanceId).facts[YEAR_FACT] as YearFact;
    expect(year.absences).toEqual([expect.objectContaining({ member: 'minh', name: 'Ngô Văn Minh', count: 4, sessions: ['TK-2018-01', 'TK-2018-02', 'TK-2018-03', 'TK-2018-04'] })]);
    expect(year.sessions.map((s) => s.id)).toEqual(['TK-2018-01', 'TK-2018-02', 'TK-2018-03', 'TK-2018-04', 'TK-2018-06']);
    expect(year.rating).toBe('Khá');
    expect(run.host.state(run.yearInstanceId).findings).toContainEqual(expect.objectContaining({ code: 'absence-consecutive', detail: expect.stringContaining('Ngô Văn Minh vắng mặt 4 buổi') }));
  });
});
