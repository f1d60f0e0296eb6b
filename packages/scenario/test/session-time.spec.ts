import { openTasks } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { fixture, runUntil } from './scenario-helpers';

const CELL = 'CB-THCS-AI-MO';

describe('time on the secretary’s forms', () => {
  const session = { minutes: 120, chair: 'nga', clerk: 'nhung', conclusion: 'Kết luận' };

  async function convened(sessionAt: string, at: string, extra: Record<string, unknown> = {}) {
    const { run, instanceId, state } = await runUntil(fixture('ai-mo-2022'), CELL, 'triệu tập');
    run.host.advanceTo(parseLocal(at));
    const task = openTasks(state()).find((t) => t.stepId === 'convene')!;
    const result = run.host.send(instanceId, { type: 'submit', at: parseLocal(at), taskId: task.id, by: run.host.actor({ kind: 'member', org: CELL, member: 'nga' }), input: { sessionAt, place: 'Phòng họp', ...extra } });
    return { run, instanceId, state, result };
  }

  it('should refuse convening less than 24 hours ahead unless the secretary confirms it (short-notice on sessionAt)', async () => {
    const refused = await convened('2022-03-26T08:00', '2022-03-25T09:00');
    expect(refused.result.ok).toBe(false);
    if (refused.result.ok) return;
    expect(refused.result.rejection.issues).toEqual([expect.objectContaining({ path: 'sessionAt', rule: 'short-notice' })]);
    expect(refused.result.rejection.issues[0]!.message).toContain('chưa đầy 24 giờ');
    const confirmed = await convened('2022-03-26T08:00', '2022-03-25T09:00', { shortNotice: true });
    expect(confirmed.result.ok).toBe(true);
    expect(confirmed.state().facts['convened']).toMatchObject({ shortNotice: true });
    // A day or more ahead needs no confirmation, and records none.
    const ahead = await convened('2022-03-26T09:00', '2022-03-25T09:00');
    expect(ahead.result.ok).toBe(true);
    expect(ahead.state().facts['convened']).not.toHaveProperty('shortNotice');
  });

  it('should refuse a 120-minute session recorded the minute it starts, naming the minutes, and take it once that long has passed', async () => {
    const { run, instanceId, state } = await convened('2022-03-26T08:00', '2022-03-25T09:00', { shortNotice: true });
    const record = (at: string) => {
      run.host.advanceTo(parseLocal(at));
      const task = openTasks(state()).find((t) => t.stepId === 'hold-session')!;
      return run.host.send(instanceId, { type: 'submit', at: parseLocal(at), taskId: task.id, by: run.host.actor({ kind: 'member', org: CELL, member: 'nga' }), input: { heldAt: '2022-03-26T08:00', ...session } });
    };
    const early = record('2022-03-26T08:01');
    expect(early.ok).toBe(false);
    if (early.ok) return;
    expect(early.rejection.issues).toEqual([expect.objectContaining({ path: 'minutes', rule: 'longer-than-elapsed', message: 'Buổi sinh hoạt mới bắt đầu được 1 phút; không thể ghi thời lượng 120 phút' })]);
    expect(record('2022-03-26T10:00').ok).toBe(true);
  });
});
