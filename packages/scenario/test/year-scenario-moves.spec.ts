import { createRegistry } from '@chibo/catalog';
import { CALENDAR_FACT, type CalendarFact } from '@chibo/plugin-regular-session';
import { localDateTime } from '@chibo/rules';
import { loadYearFixtures, parseYearScenario, runYearInMemory, type YearScenario } from '../src';

const registry = createRegistry();

/**
 * The `moves` block of a year scenario (docs/scenarios-year.md): the secretary moves sessions that have not started
 * through the schedule step's standing task, and the session's facts follow it to its new date.
 */
function absencesYear(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(loadYearFixtures().find((f) => f.file === 'cong-hoa-2018-absences.json')!.scenario)) as Record<string, unknown>;
}

/** The absences year with June's session moved from 5 June 14:00 to 8 June 08:00 in the hall, and its facts on that day. */
function withJuneMoved(moves: unknown[]): YearScenario {
  const json = absencesYear() as { year: { moves: unknown[]; sessions: Record<string, Record<string, Record<string, unknown>>> }; expect: { year: Record<string, unknown> } };
  json.year.moves = moves;
  const june = json.year.sessions['TK-2018-06']!;
  june['prepare']!['at'] = '2018-06-04T09:00';
  june['approve']!['at'] = '2018-06-04T16:00';
  june['session']!['at'] = '2018-06-08T08:00';
  june['session']!['place'] = 'Hội trường Trường Tiểu học Cộng Hòa';
  june['score']!['at'] = '2018-06-08T09:45';
  june['resolution']!['at'] = '2018-06-08T09:50';
  june['report']!['at'] = '2018-06-09T10:00';
  json.expect.year['moved'] = ['TK-2018-06'];
  return parseYearScenario(json);
}

describe('a year scenario with moved sessions (in-memory host)', () => {
  it('should move the session before it starts, hold it on its new date and report the year as expected, with the moved key', async () => {
    const scenario = withJuneMoved([{ at: '2018-05-10T08:00', session: 'TK-2018-06', date: '2018-06-08', time: '08:00', place: 'Hội trường Trường Tiểu học Cộng Hòa' }]);
    const run = await runYearInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    expect(run.mismatches).toEqual([]);
    expect(run.outcome.year.moved).toEqual(['TK-2018-06']);
    const june = (run.host.state(run.yearInstanceId).facts[CALENDAR_FACT] as CalendarFact).entries.find((e) => e.key === 'TK-2018-06')!;
    expect([localDateTime(june.at), localDateTime(june.startAt), june.place, june.sequence]).toEqual(['2018-06-08T08:00', '2018-06-01T08:00', 'Hội trường Trường Tiểu học Cộng Hòa', 1]);
    // The session's instance is the one of its new date, held and reported there.
    expect(run.sessionIds['TK-2018-06']).toBe('cell:CB-TH-CONG-HOA:TK-2018-06:2018-06-08');
    expect(run.outcome.sessions['TK-2018-06']).toMatchObject({ status: 'completed', rating: 'Tốt', report: 'on-time' });
  });

  it('should take a second move of the same session through the next standing task', async () => {
    const scenario = withJuneMoved([
      { at: '2018-05-10T08:00', session: 'TK-2018-06', date: '2018-06-12' },
      { at: '2018-05-20T08:00', session: 'TK-2018-06', date: '2018-06-08', time: '08:00', place: 'Hội trường Trường Tiểu học Cộng Hòa' },
    ]);
    const run = await runYearInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    expect(run.mismatches).toEqual([]);
    expect((run.host.state(run.yearInstanceId).facts[CALENDAR_FACT] as CalendarFact).entries.find((e) => e.key === 'TK-2018-06')!.sequence).toBe(2);
  });

  it('should report a move the calendar refuses with its field and rule, and still take the moves after it', async () => {
    // April's session started on 29 March: too late to move it on 1 April.
    const scenario = withJuneMoved([{ at: '2018-04-01T08:00', session: 'TK-2018-04', date: '2018-04-20' }, { at: '2018-05-10T08:00', session: 'TK-2018-06', date: '2018-06-08', time: '08:00', place: 'Hội trường Trường Tiểu học Cộng Hòa' }]);
    const run = await runYearInMemory(scenario, registry);
    expect(run.errors).toEqual([expect.stringMatching(/^dời lịch TK-2018-04: session session-started: /)]);
    expect(run.outcome.year.moved).toEqual(['TK-2018-06']);
  });

  it('should refuse a moves block naming a session of another year when the scenario is read', () => {
    const json = absencesYear() as { year: { moves: unknown[] } };
    json.year.moves = [{ at: '2018-05-10T08:00', session: 'TK-2019-06', date: '2019-06-08' }];
    expect(() => parseYearScenario(json)).toThrow(/year\.moves\.0\.session: not a session of 2018/);
  });
});
