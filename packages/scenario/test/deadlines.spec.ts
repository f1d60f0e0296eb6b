import { runScenarioInMemory } from '../src';
import { fixture, registry } from './scenario-helpers';

const AI_MO = 'CB-THCS-AI-MO';

describe('report deadlines and timers', () => {
  it.each([
    // until, roll-up: a cell that never reports is pending until the whole report day (2022-05-10) is over.
    ['2022-05-05', undefined, 0],
    ['2022-05-10', undefined, 0],
    ['2022-05-11', undefined, 1],
    ['2022-05-20', '2022-05-12', 1],
  ])('should count the unreported cell as missing only after the deadline (until %s, roll-up %s → %d)', async (until, rollup, missing) => {
    const scenario = fixture('ai-mo-2022');
    delete scenario.cells[AI_MO]!.report;
    scenario.until = until;
    if (rollup) scenario.guidance.rollup = { at: rollup };
    else delete scenario.guidance.rollup;
    const run = await runScenarioInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    expect(run.outcome.guidance).toMatchObject({ reported: 0, missing, status: rollup ? 'completed' : 'in-progress' });
  });

  it('should leave no timer scheduled on an instance that has ended (the roll-up came before the deadline)', async () => {
    const scenario = fixture('ai-mo-2022');
    scenario.guidance.rollup = { at: '2022-05-06' };
    const run = await runScenarioInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    const guidance = run.host.state(run.guidanceInstanceId);
    expect(guidance.status).toBe('completed');
    const timers = Object.values(guidance.timers);
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.filter((t) => t.status === 'scheduled')).toEqual([]);
    // The report deadline and the reminder after it were cancelled when the guidance ended, not fired later.
    expect(timers.filter((t) => t.status === 'cancelled').map((t) => t.key)).toEqual(expect.arrayContaining(['deadline', 'reminder-after']));
    const cell = run.host.state(`cell:${AI_MO}:${scenario.guidance.number}:${scenario.guidance.issuedOn}`);
    expect(cell.status).toBe('completed');
    expect(Object.values(cell.timers).filter((t) => t.status === 'scheduled')).toEqual([]);
  });

  it('should count exempt members who attended among the "all-present" voters', async () => {
    const scenario = fixture('ai-mo-2022');
    const cell = scenario.org.children[0]!;
    const official = cell.members.find((m) => m.status === 'official' && !m.roles.includes('secretary'))!;
    official.status = 'exempt';
    const run = await runScenarioInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    const state = run.host.state(`cell:${AI_MO}:${scenario.guidance.number}:${scenario.guidance.issuedOn}`);
    const vote = Object.values(state.tasks).find((t) => t.stepId === 'resolution' && t.status === 'submitted')!.input as { vote: { for: string[] } };
    expect(vote.vote.for).toContain(official.id);
  });
});
