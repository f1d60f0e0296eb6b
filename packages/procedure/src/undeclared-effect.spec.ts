import { z } from 'zod';
import { defineStep, definePlugin, EMPTY_STATE, handle, StepRegistry, type InstanceContext, type ProcedureDefinition } from './index';

const step = (effects: readonly string[] | undefined) =>
  defineStep({
    name: 'demo:announce',
    version: 1,
    title: { vi: 'Thông báo', en: 'Announce' },
    description: { vi: 'Gửi thông báo', en: 'Sends a notice' },
    params: z.object({}),
    initialState: {},
    ...(effects ? { effects } : {}),
    tasks: {},
    start: () => ({
      facts: { announced: true },
      effects: [{ key: 'n', name: 'notify', input: { to: [] } }],
      timers: [{ key: 't', fireAt: '2024-02-01T00:00:00.000Z' }],
    }),
  });

const definition: ProcedureDefinition = { key: 'demo', version: 1, owner: 'X', title: 'Demo', steps: [{ id: 'announce', kind: 'demo:announce@1', params: {} }] };
const context: InstanceContext = { org: { code: 'C', name: 'Chi bộ C', abbr: 'CB', kind: 'cell', members: [] } };

function start(effects: readonly string[] | undefined) {
  const registry = new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'Thử', en: 'Demo' }, steps: [step(effects)] })]);
  const result = handle(EMPTY_STATE, { type: 'start', at: '2024-01-01T00:00:00.000Z', instanceId: 'i1', definition, context }, registry);
  if (!result.ok) throw new Error('start refused');
  return result;
}

describe('a step that requests an effect', () => {
  it('should request it when the step declares it', () => {
    const result = start(['notify']);
    expect(result.state.status).toBe('running');
    expect(result.events.map((e) => e.type)).toContain('effect-requested');
  });

  it.each([
    ['declares other effects', ['issue-document']],
    ['declares none', undefined],
  ])('should fail the instance, recording nothing of the reaction, when the step %s', (_label, effects) => {
    const result = start(effects);
    expect(result.state.status).toBe('failed');
    const types = result.events.map((e) => e.type);
    expect(types).not.toContain('effect-requested');
    expect(types).not.toContain('fact-recorded');
    expect(types).not.toContain('timer-scheduled');
    expect(result.events.at(-1)).toMatchObject({ type: 'instance-failed', reason: 'Bước "announce" yêu cầu tác vụ "notify" mà bước này không khai báo' });
  });

  it('should fail the same way on every replay (deterministic)', () => {
    expect(start(undefined).events).toEqual(start(undefined).events);
  });
});
