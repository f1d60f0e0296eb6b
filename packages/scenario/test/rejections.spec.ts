import { EMPTY_STATE, handle, openTasks, taskIdOf } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { fixture, registry, runUntil } from './scenario-helpers';

const CELL = 'CB-THCS-AI-MO';

describe('invalid submissions are refused with a field-level reason', () => {
  it('should refuse a probationary member’s vote when the tally lists them as voting for', async () => {
    const { run, instanceId, task } = await runUntil(fixture('ai-mo-2022'), CELL, 'biểu quyết nghị quyết');
    const secretary = run.host.actor({ kind: 'member', org: CELL, member: 'nga' });
    const result = run.host.send(instanceId, {
      type: 'submit',
      at: parseLocal('2022-04-01T16:10'),
      taskId: task('resolution'),
      by: secretary,
      input: { title: 'Nghị quyết', decisions: ['Thực hiện'], vote: { for: ['nga', 'nhung', 'm17'] } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('validation');
    expect(result.rejection.issues).toContainEqual(expect.objectContaining({ path: 'vote.for[2]', rule: 'probationary-cannot-vote' }));
    // Nothing was recorded: the task is still open for a correct submission.
    expect(openTasks(run.host.state(instanceId)).map((t) => t.stepId)).toEqual(['resolution']);
  });

  it('should refuse a mark over the rubric maximum when scoring with binh-thuan-100', async () => {
    const { run, instanceId, task } = await runUntil(fixture('ai-mo-2022'), CELL, 'chấm điểm');
    const result = run.host.send(instanceId, {
      type: 'submit',
      at: parseLocal('2022-04-01T16:00'),
      taskId: task('score'),
      by: run.host.actor({ kind: 'member', org: CELL, member: 'nga' }),
      input: { marks: { preparation: 18, attendance: 25, duration: 10, participation: 20, minutes: 10, principles: 10, results: 8 } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.issues).toEqual([expect.objectContaining({ path: 'marks.attendance', rule: 'max' })]);
    expect(result.rejection.issues[0]!.message).toMatch(/20/);
  });

  it('should refuse recording the session when the draft is not yet approved', async () => {
    const { run, instanceId, state } = await runUntil(fixture('ai-mo-2022'), CELL, 'duyệt dự thảo bản 1');
    // The session task does not exist yet: the procedure is waiting for the secretary's review.
    expect(openTasks(state()).map((t) => t.stepId)).toEqual(['review-draft']);
    const result = run.host.send(instanceId, {
      type: 'submit',
      at: parseLocal('2022-03-26'),
      taskId: taskIdOf('hold-session', 1, 'record'),
      by: run.host.actor({ kind: 'member', org: CELL, member: 'nga' }),
      input: { heldAt: '2022-03-26T08:00', minutes: 120, chair: 'nga', clerk: 'nhung', conclusion: 'Kết luận' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection).toMatchObject({ code: 'task-not-open', issues: [{ path: 'taskId', rule: 'task-not-open' }] });
  });

  it('should refuse the session record with rule draft-not-approved when a procedure skips the review step', async () => {
    const base = registry.procedure('thematic-session');
    const definition = { ...base, steps: base.steps.filter((s) => s.id !== 'review-draft' && s.id !== 'submit-draft' && s.id !== 'convene') };
    const context = await (await runUntil(fixture('ai-mo-2022'), CELL, 'kế hoạch')).run.host.tree.context(CELL);
    const actor = { userId: 'nga', member: { org: CELL, id: 'nga' }, roles: [{ role: 'secretary', org: CELL }] };
    let state = handle(EMPTY_STATE, { type: 'start', at: parseLocal('2022-03-16'), instanceId: 'x', definition, context }, registry);
    const step = (taskStep: string, input: unknown) => {
      if (!state.ok) throw new Error('unexpected rejection');
      const task = openTasks(state.state).find((t) => t.stepId === taskStep)!;
      return handle(state.state, { type: 'submit', at: parseLocal('2022-03-20'), taskId: task.id, by: actor, input }, registry);
    };
    state = step('plan', { topic: 'Tự soi, tự sửa', month: '2022-04' });
    state = step('assign-draft', { assignee: 'm03' });
    const result = step('hold-session', { heldAt: '2022-03-20T00:00', minutes: 120, chair: 'nga', clerk: 'nhung', conclusion: 'Kết luận' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.issues).toContainEqual(expect.objectContaining({ path: 'heldAt', rule: 'draft-not-approved' }));
  });

  it('should refuse an absent member listed as a speaker', async () => {
    const { run, instanceId, task } = await runUntil(fixture('ai-mo-2022'), CELL, 'buổi sinh hoạt');
    const result = run.host.send(instanceId, {
      type: 'submit',
      at: parseLocal('2022-04-01T16:00'),
      taskId: task('hold-session'),
      by: run.host.actor({ kind: 'member', org: CELL, member: 'nga' }),
      input: {
        heldAt: '2022-04-01T14:00',
        minutes: 120,
        chair: 'nga',
        clerk: 'nhung',
        absent: [{ member: 'm07', reason: 'F0', excused: true }],
        opinions: [{ by: 'm04', text: 'Ý kiến' }, { by: 'm07', text: 'Ý kiến của người vắng' }],
        conclusion: 'Kết luận',
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.issues).toEqual([expect.objectContaining({ path: 'opinions[1].by', rule: 'speaker-absent' })]);
  });

  it('should refuse a report for a guidance the cell is not in', async () => {
    const scenario = fixture('ngoc-son-2019');
    scenario.guidance.cells = ['CB-TH-NGOC-SON'];
    const { run } = await runUntil(scenario, 'CB-TH-NGOC-SON', 'báo cáo');
    const result = run.host.send(run.guidanceInstanceId, {
      type: 'child-report',
      at: parseLocal('2019-05-25'),
      child: 'CB-THCS-NGOC-SON',
      report: { onTime: true, rating: 'Tốt' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection).toMatchObject({ code: 'out-of-scope', issues: [{ path: 'cell', rule: 'not-in-guidance-scope' }] });
  });

  it('should refuse a submission by someone other than the assignee', async () => {
    const { run, instanceId, task } = await runUntil(fixture('ai-mo-2022'), CELL, 'kế hoạch');
    const result = run.host.send(instanceId, {
      type: 'submit',
      at: parseLocal('2022-03-18'),
      taskId: task('plan'),
      by: run.host.actor({ kind: 'member', org: CELL, member: 'm04' }),
      input: { topic: 'Chủ đề', month: '2022-04' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection).toMatchObject({ code: 'not-assignee', issues: [{ path: 'by', rule: 'not-assignee' }] });
  });

  it('should name the field and rule when the form itself is malformed', async () => {
    const { run, instanceId, task } = await runUntil(fixture('ai-mo-2022'), CELL, 'kế hoạch');
    const result = run.host.send(instanceId, {
      type: 'submit',
      at: parseLocal('2022-03-18'),
      taskId: task('plan'),
      by: run.host.actor({ kind: 'member', org: CELL, member: 'nga' }),
      input: { topic: 42, month: '04/2022' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.issues.map((i) => [i.path, i.rule])).toEqual([
      ['topic', 'invalid_type'],
      ['month', 'invalid_format'],
    ]);
  });
});
