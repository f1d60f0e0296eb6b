import { z } from 'zod';
import { defineStep, definePlugin, EMPTY_STATE, handle, handleAll, StepRegistry, type InstanceContext, type InstanceState, type ProcedureDefinition, type ProcedureInput } from './index';

// A step with a bug: its task's submission throws when asked for "boom"; its start arms a reminder.
const buggy = defineStep({
  name: 'demo:buggy',
  version: 1,
  title: { vi: 'Bước lỗi', en: 'Buggy step' },
  description: { vi: 'Bước có lỗi lập trình', en: 'A step with a programming error' },
  params: z.object({}),
  initialState: {},
  tasks: {
    answer: {
      title: { vi: 'Trả lời', en: 'Answer' },
      form: z.object({ word: z.string() }),
      submit: (_ctx, input: { word: string }) => {
        if (input.word === 'boom') throw new TypeError("Cannot read properties of undefined (reading 'score')");
        return { facts: { [`said-${input.word}`]: true }, openTasks: [{ key: `again-${input.word}`, task: 'answer', assignee: { role: 'secretary', org: 'C' }, title: { vi: 'Lại', en: 'Again' } }] };
      },
    },
  },
  start: () => ({
    openTasks: [{ key: 'a', task: 'answer', assignee: { role: 'secretary', org: 'C' }, title: { vi: 'Trả lời', en: 'Answer' } }],
    timers: [{ key: 'remind', fireAt: '2024-02-01T00:00:00.000Z' }],
  }),
});

const registry = new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'Thử', en: 'Demo' }, steps: [buggy] })]);
const definition: ProcedureDefinition = { key: 'demo', version: 1, owner: 'C', title: 'Demo', steps: [{ id: 'ask', kind: 'demo:buggy@1', params: {} }] };
const context: InstanceContext = { org: { code: 'C', name: 'Chi bộ C', abbr: 'CB', kind: 'cell', members: [] } };
const AT = '2024-01-01T00:00:00.000Z';
const secretary = { userId: 'u1', roles: [{ role: 'secretary', org: 'C' }] };

function started(): InstanceState {
  const result = handle(EMPTY_STATE, { type: 'start', at: AT, instanceId: 'i1', definition, context }, registry);
  if (!result.ok) throw new Error('start refused');
  return result.state;
}
const submit = (state: InstanceState, word: string): ProcedureInput => ({ type: 'submit', at: AT, taskId: Object.values(state.tasks).find((t) => t.status === 'open')!.id, by: secretary, input: { word } });

describe('a step plugin that throws', () => {
  it('should fail the instance with the error as its reason, cancelling its timers, instead of throwing at the host', () => {
    const state = started();
    expect(state.status).toBe('running');
    const result = handle(state, submit(state, 'boom'), registry);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.status).toBe('failed');
    expect(result.events.map((e) => e.type)).toEqual(['timer-cancelled', 'instance-failed']);
    const failed = result.events.at(-1) as { reason: string };
    expect(failed.reason).toMatch(/^Lỗi khi xử lý tác vụ ".+": Cannot read properties of undefined \(reading 'score'\)$/);
    // Nothing of the failing reaction is recorded, and the same input fails the same way again (deterministic).
    expect(result.events.some((e) => e.type === 'fact-recorded')).toBe(false);
    expect(handle(state, submit(state, 'boom'), registry)).toEqual(result);
  });

  it('should give handleAll the same events as handling each input in turn when one input in the middle throws', () => {
    const state = started();
    // Each input answers the task open at its turn (the one before it opened the next).
    const inputs: ProcedureInput[] = [];
    let oneByOne = state;
    const expected = [];
    for (const word of ['one', 'boom', 'two']) {
      const input = oneByOne.status === 'running' ? submit(oneByOne, word) : { ...submit(state, word), taskId: 'ask.1.again-one' };
      inputs.push(input);
      const r = handle(oneByOne, input, registry);
      expected.push(r.ok ? { ok: true, events: r.events } : r);
      if (r.ok) oneByOne = r.state;
    }
    const together = handleAll(state, inputs, registry);
    expect(together.results).toEqual(expected);
    expect(together.state).toEqual(oneByOne);
    expect(together.state.status).toBe('failed');
    // The third input arrives after the failure: refused as for any closed instance.
    expect(together.results[2]).toMatchObject({ ok: false, rejection: { code: 'instance-closed' } });
  });
});

describe('a host that cannot carry out what an instance needs', () => {
  it('should fail the instance with the host’s reason and leave an ended instance alone', () => {
    const state = started();
    const result = handle(state, { type: 'fail', at: AT, reason: 'Tác vụ tự động "notify" thất bại: máy chủ thư từ chối' }, registry);
    expect(result.ok && result.state.status).toBe('failed');
    expect(result.ok && result.events.at(-1)).toEqual({ type: 'instance-failed', at: AT, reason: 'Tác vụ tự động "notify" thất bại: máy chủ thư từ chối' });
    if (!result.ok) return;
    expect(handle(result.state, { type: 'fail', at: AT, reason: 'again' }, registry)).toEqual({ ok: true, events: [], state: result.state });
  });
});
