import { activeFindings, openTasks } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { fixture, runUntil } from './scenario-helpers';

const CELL = 'CB-THCS-AI-MO';

describe('self-criticism: due date, reminders and the secretary’s close', () => {
  it('should give every member a due date, remind those who have not submitted, and let the secretary close the step naming them', async () => {
    // Ái Mộ: the session (14:00, 120 minutes, m07 and m11 excused) is recorded; no self-assessment submitted yet.
    const { run, instanceId, state } = await runUntil(fixture('ai-mo-2022'), CELL, 'tự soi, tự sửa nga');
    const open = openTasks(state()).filter((t) => t.stepId === 'self-criticism');
    const close = open.find((t) => t.key === 'close');
    expect(close?.assignee).toEqual({ role: 'secretary', org: CELL });
    expect(close?.title.vi).toBe('Tổng hợp, kết thúc bước tự kiểm điểm (hạn nộp 08/04/2022)');
    // Due at the end of 8 April (Hà Nội), seven days after the session.
    expect(new Set(open.map((t) => t.dueAt))).toEqual(new Set([parseLocal('2022-04-09')]));
    expect(open.filter((t) => t.task === 'assess')).toHaveLength(15);

    const submit = (member: string) => {
      const task = openTasks(state()).find((t) => t.key === `assess:${member}`)!;
      const result = run.host.send(instanceId, { type: 'submit', at: run.host.clockNow(), taskId: task.id, by: run.host.actor({ kind: 'member', org: CELL, member }), input: { flagged: [], plan: 'Rèn luyện' } });
      if (!result.ok) throw new Error(result.rejection.message);
    };
    const members = open.filter((t) => t.task === 'assess').map((t) => t.key.slice('assess:'.length));
    for (const member of members.filter((m) => m !== 'm04' && m !== 'm05')) submit(member);

    // Three days on, the two who have not submitted are reminded (and nobody else).
    run.host.advanceTo(parseLocal('2022-04-04T15:00'));
    const reminders = Object.values(state().effects).filter((e) => e.name === 'notify' && e.input['kind'] === 'task-reminder');
    expect(reminders.map((e) => e.input['to'])).toEqual([[{ member: 'm04', org: CELL }, { member: 'm05', org: CELL }]]);
    // Past the due date the secretary is told who is missing, by name.
    run.host.advanceTo(parseLocal('2022-04-09T08:00'));
    const overdue = Object.values(state().effects).find((e) => e.name === 'notify' && e.input['kind'] === 'task-overdue');
    expect(overdue?.input['to']).toEqual([{ role: 'secretary', org: CELL }]);
    expect(String(overdue?.input['message'])).toContain('còn 2 đồng chí chưa nộp: Đảng viên 04, Đảng viên 05');
    // And the two whose task is still open are told themselves, with the deadline, the day after it.
    const toMembers = Object.values(state().effects).filter((e) => e.name === 'notify' && e.input['kind'] === 'task-overdue' && e.id.endsWith('due-members'));
    expect(toMembers.map((e) => [e.input['to'], e.input['dueAt'], e.input['message']])).toEqual([
      [[{ member: 'm04', org: CELL }, { member: 'm05', org: CELL }], parseLocal('2022-04-09'), 'Đã quá hạn nộp bản tự soi, tự sửa (08/04/2022); đồng chí vẫn nộp được cho đến khi chi ủy tổng hợp'],
    ]);

    const closeTask = openTasks(state()).find((t) => t.key === 'close')!;
    const closed = run.host.send(instanceId, { type: 'submit', at: run.host.clockNow(), taskId: closeTask.id, by: run.host.actor({ kind: 'member', org: CELL, member: 'nga' }), input: {} });
    expect(closed.ok).toBe(true);
    const after = state();
    expect(after.facts['selfCriticism']).toMatchObject({ members: 13, missing: ['m04', 'm05'] });
    expect(activeFindings(after)).toContain('self-criticism-missing');
    expect(after.findings.find((f) => f.code === 'self-criticism-missing')?.detail).toBe('Chưa nộp bản tự kiểm điểm: Đảng viên 04, Đảng viên 05');
    // The two tasks left are withdrawn; the procedure moves on to scoring.
    expect(openTasks(after).map((t) => t.stepId)).toEqual(['score']);
  });

  it('should tell each member present of their self-assessment and its due date when the tasks open, and nobody absent', async () => {
    const { state } = await runUntil(fixture('ai-mo-2022'), CELL, 'tự soi, tự sửa nga');
    const assigned = Object.values(state().effects).filter((e) => e.name === 'notify' && e.input['kind'] === 'task-assigned');
    expect(assigned).toHaveLength(1);
    const assessed = openTasks(state()).filter((t) => t.task === 'assess').map((t) => ({ member: t.key.slice('assess:'.length), org: CELL }));
    expect(assigned[0]!.input['to']).toEqual(assessed);
    // m07 and m11 were excused from the session: they have no task and no notice.
    expect(assessed.map((a) => a.member)).not.toEqual(expect.arrayContaining(['m07']));
    expect(assessed.map((a) => a.member)).not.toEqual(expect.arrayContaining(['m11']));
    expect(assigned[0]!.input['dueAt']).toBe(parseLocal('2022-04-09'));
    expect(assigned[0]!.input['message']).toBe('Đồng chí được giao tự soi, tự sửa theo 27 biểu hiện; hạn nộp 08/04/2022');
  });

  it('should complete by itself, with no finding and no reminder, when every present member submits', async () => {
    const { run, state } = await runUntil(fixture('ai-mo-2022'), CELL, 'chấm điểm');
    expect(openTasks(state()).map((t) => t.stepId)).toEqual(['score']);
    expect(state().facts['selfCriticism']).not.toHaveProperty('missing');
    run.host.advanceTo(parseLocal('2022-04-10'));
    expect(Object.values(state().effects).filter((e) => e.input['kind'] === 'task-reminder' || e.input['kind'] === 'task-overdue')).toEqual([]);
    expect(activeFindings(state())).not.toContain('self-criticism-missing');
  });
});
