import { runScenarioInMemory, type Scenario } from '../src';
import { fixture, registry } from './scenario-helpers';

const AI_MO = 'CB-THCS-AI-MO';

async function outcomeOf(scenario: Scenario, cell = AI_MO) {
  const run = await runScenarioInMemory(scenario, registry);
  expect(run.errors).toEqual([]);
  return { cell: run.outcome.cells[cell]!, guidance: run.outcome.guidance, run };
}

describe('what the procedure does when people are late or absent', () => {
  it('should mark the cell overdue with report-missing when the report never arrives', async () => {
    const scenario = fixture('ai-mo-2022');
    delete scenario.cells[AI_MO]!.report;
    const { cell, guidance, run } = (await outcomeOf(scenario));
    expect(cell).toMatchObject({ status: 'overdue', report: 'missing', findings: ['report-missing'] });
    expect(cell.documents['BC']).toBeUndefined();
    expect(guidance).toMatchObject({ status: 'completed', reported: 0, missing: 1 });
    // The secretary was reminded before the deadline and told when it passed.
    const kinds = run.host.notifications.map((n) => n.input['kind']);
    expect(kinds).toEqual(expect.arrayContaining(['report-reminder', 'report-overdue']));
    // And the committee that issued the guidance was told at the deadline which cell had not reported.
    const toCommittee = run.host.notifications.filter((n) => n.input['kind'] === 'reports-overdue');
    expect(toCommittee.map((n) => [n.input['to'], n.input['message']])).toEqual([
      [[{ role: 'committee', org: 'DU-NGOC-LAM' }], expect.stringMatching(/\(hạn \d\d\/\d\d\/2022\): còn 1\/1 đơn vị chưa gửi báo cáo — Chi bộ Trường THCS Ái Mộ$/)],
    ]);
  });

  it('should record session-missing when nothing after the plan happens', async () => {
    const scenario = fixture('ai-mo-2022');
    const facts = scenario.cells[AI_MO]!;
    for (const key of ['draft', 'session', 'score', 'resolution', 'report'] as const) delete facts[key];
    const { cell } = (await outcomeOf(scenario));
    expect(cell.status).toBe('overdue');
    expect(cell.findings).toEqual(['report-missing', 'session-missing']);
  });

  it('should replace session-missing by session-late when the session is held after the deadline', async () => {
    const scenario = fixture('ai-mo-2022');
    const facts = scenario.cells[AI_MO]!;
    facts.session!.at = '2022-05-03T14:00';
    facts.score!.at = '2022-05-03T16:00';
    facts.resolution!.at = '2022-05-03T16:10';
    facts.report!.at = '2022-05-05';
    const { cell } = (await outcomeOf(scenario));
    expect(cell.findings).toEqual(['session-late']);
    expect(cell.report).toBe('on-time');
  });

  it('should record draft-late when the draft is approved less than 24 hours before the session', async () => {
    const scenario = fixture('ai-mo-2022');
    scenario.cells[AI_MO]!.draft!.submissions = [{ at: '2022-03-31T15:00', decision: 'approve' }];
    expect((await outcomeOf(scenario)).cell.findings).toEqual(['draft-late']);
  });

  it('should accept a draft approved exactly 24 hours before the session', async () => {
    const scenario = fixture('ai-mo-2022');
    scenario.cells[AI_MO]!.draft!.submissions = [{ at: '2022-03-31T14:00', decision: 'approve' }];
    expect((await outcomeOf(scenario)).cell.findings).toEqual([]);
  });

  it('should loop the draft back to its author when the secretary asks for a revision', async () => {
    const scenario = fixture('ai-mo-2022');
    scenario.cells[AI_MO]!.draft!.submissions = [
      { at: '2022-03-22', decision: 'revise', note: 'Bổ sung liên hệ thực tiễn' },
      { at: '2022-03-25', decision: 'revise', note: 'Rút gọn phần mở đầu' },
      { at: '2022-03-28', decision: 'approve' },
    ];
    const { cell, run } = (await outcomeOf(scenario));
    expect(cell.status).toBe('completed');
    const state = run.host.state(`cell:${AI_MO}:27-HD/ĐU:2022-03-16`);
    const drafts = Object.values(state.tasks).filter((t) => t.stepId === 'submit-draft');
    expect(drafts.map((t) => [t.id, t.status])).toEqual([
      ['submit-draft.1.submit', 'submitted'],
      ['submit-draft.2.submit', 'submitted'],
      ['submit-draft.3.submit', 'submitted'],
    ]);
    expect(state.facts['draft']).toMatchObject({ versions: 3, status: 'approved', notes: ['Bổ sung liên hệ thực tiễn', 'Rút gọn phần mở đầu'] });
  });

  it('should record resolution-rejected, issue no NQ, and still let the cell report when the vote fails', async () => {
    const scenario = fixture('ai-mo-2022');
    scenario.cells[AI_MO]!.resolution!.vote = { for: 7, against: 6, abstain: 1 };
    const { cell, guidance } = (await outcomeOf(scenario));
    expect(cell).toMatchObject({ status: 'completed', resolution: 'rejected', findings: ['resolution-rejected'] });
    expect(cell.documents['NQ']).toBeUndefined();
    expect(cell.documents['BC']).toBe('Số 01-BC/CB');
    expect(guidance.reported).toBe(1);
  });

  it('should adopt with 8 of a denominator of 14 (more than half)', async () => {
    const scenario = fixture('ai-mo-2022');
    scenario.cells[AI_MO]!.resolution!.vote = { for: 8, against: 6, abstain: 0 };
    expect((await outcomeOf(scenario)).cell.resolution).toBe('adopted');
  });

  it('should record session-short, attendance-low and absence-unexcused from the roll call and duration', async () => {
    const scenario = fixture('ngoc-son-2019');
    const facts = scenario.cells['CB-THCS-NGOC-SON']!;
    facts.session!.minutes = 80;
    facts.session!.absent = [
      { member: 't05', reason: 'Ốm', excused: true },
      { member: 't06', reason: 'Không báo', excused: false },
    ];
    const { cell } = (await outcomeOf(scenario, 'CB-THCS-NGOC-SON'));
    expect(cell.attendance).toEqual({ present: 7, eligible: 9 });
    expect(cell.findings).toEqual(['absence-unexcused', 'attendance-low', 'report-late', 'session-short']);
  });

  it('should give the same events for the same scenario every time (deterministic core)', async () => {
    const a = await runScenarioInMemory(fixture('ngoc-son-2019'), registry);
    const b = await runScenarioInMemory(fixture('ngoc-son-2019'), registry);
    expect(JSON.stringify([...a.host.instances.values()].map((s) => s.events))).toBe(JSON.stringify([...b.host.instances.values()].map((s) => s.events)));
  });
});
