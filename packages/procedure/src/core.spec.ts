import { z } from 'zod';
import {
  composeDefinition,
  CompositionError,
  decide,
  defineStep,
  definePlugin,
  EMPTY_STATE,
  handle,
  newCommands,
  openTasks,
  RegistryError,
  replay,
  StepRegistry,
  taskForm,
  validateDefinition,
  type InstanceContext,
  type ProcedureDefinition,
} from './index';

const ask = defineStep({
  name: 'demo:ask',
  version: 1,
  title: { vi: 'Hỏi', en: 'Ask' },
  description: { vi: 'Hỏi một câu', en: 'Ask a question' },
  params: z.object({ question: z.string().default('Tên?') }),
  initialState: {},
  effects: ['log'],
  tasks: {
    answer: {
      title: { vi: 'Trả lời', en: 'Answer' },
      form: z.object({ text: z.string().min(2), again: z.boolean().default(false) }),
      validate: (_ctx, input) => (input.text === 'no' ? [{ path: 'text', rule: 'refused', message: 'Không chấp nhận' }] : []),
      submit: (ctx, input) => ({
        facts: { [`answer-${ctx.visit}`]: input.text },
        effects: [{ key: 'log', name: 'log', input: { text: input.text } }],
        ...(ctx.findings.includes('late') ? { resolveFindings: [{ code: 'late', reason: 'Đã trả lời (muộn)', params: { text: input.text } }] } : {}),
        complete: input.again ? { goto: 'ask' } : {},
      }),
    },
  },
  onInstanceStart: () => ({ timers: [{ key: 'deadline', fireAt: '2024-01-10T00:00:00.000Z' }] }),
  start: (ctx) => ({ openTasks: [{ key: 'answer', task: 'answer', assignee: { member: 'a' }, title: { vi: ctx.params.question, en: ctx.params.question } }] }),
  onTimer: (ctx) => (ctx.facts['answer-1'] ? {} : { findings: [{ code: 'late', detail: 'Chưa trả lời đến hạn 10/01/2024', params: { due: '2024-01-10' } }] }),
});

const extra = defineStep({
  name: 'demo:extra',
  version: 1,
  title: { vi: 'Thêm', en: 'Extra' },
  description: { vi: 'Bước thêm', en: 'Extra step' },
  params: z.object({ rubric: z.string().default('r1') }),
  rubricParam: 'rubric',
  addable: { alias: 'extra', after: ['demo:ask'] },
  initialState: {},
  tasks: {},
  start: () => ({ complete: {} }),
});

const plugin = definePlugin({
  id: 'demo',
  title: { vi: 'Thử', en: 'Demo' },
  steps: [ask, extra],
  rubrics: [{ id: 'r1', title: { vi: 'R1', en: 'R1' }, form: z.object({}), validate: () => [], score: () => ({ total: null, rating: 'Tốt', capped: false }) }],
});

const registry = new StepRegistry([plugin]);
const definition: ProcedureDefinition = { key: 'demo', version: 1, owner: 'X', title: 'Demo', steps: [{ id: 'ask', kind: 'demo:ask@1', params: {} }] };
const context: InstanceContext = { org: { code: 'C', name: 'Chi bộ C', abbr: 'CB', kind: 'cell', members: [{ id: 'a', name: 'A', status: 'official', roles: [] }] } };
const actor = { userId: 'u', member: { org: 'C', id: 'a' }, roles: [] };

function started() {
  const result = handle(EMPTY_STATE, { type: 'start', at: '2024-01-01T00:00:00.000Z', instanceId: 'i1', definition, context }, registry);
  if (!result.ok) throw new Error('start refused');
  return result;
}

describe('the plugin registry', () => {
  it('should throw when two plugins register the same step kind', () => {
    expect(() => new StepRegistry([plugin, { ...plugin, id: 'demo2' }])).toThrow(RegistryError);
  });

  it('should give a step added by its alias the highest version, keep the older one by kind, and refuse the alias to another step', () => {
    const v2 = { ...extra, version: 2 };
    const both = new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'X', en: 'X' }, steps: [v2, extra] })]);
    expect(both.addable('extra').version).toBe(2);
    expect(both.step('demo:extra@1').version).toBe(1);
    const other = { ...extra, name: 'demo:other' };
    expect(() => new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'Y', en: 'Y' }, steps: [extra, other] })])).toThrow(/alias "extra" is registered twice/);
  });

  it('should throw when the same plugin id is registered twice', () => {
    expect(() => new StepRegistry([plugin, plugin])).toThrow(/registered twice/);
  });

  it('should throw with the known names when a step kind is unknown', () => {
    expect(() => registry.step('demo:nope@1')).toThrow('Unknown step kind "demo:nope@1"');
    expect(() => registry.rubric('zzz')).toThrow(/known: r1/);
  });

  it('should refuse a step outside the plugin namespace when the plugin is defined', () => {
    expect(() => definePlugin({ id: 'other', title: { vi: '', en: '' }, steps: [ask] })).toThrow(/namespaced/);
  });
});

describe('composing and validating definitions', () => {
  it('should insert an addable step after its anchor and apply the rubric', () => {
    const composed = composeDefinition(definition, { addSteps: ['extra'], rubric: 'r1', version: 2 }, registry);
    expect(composed.steps.map((s) => [s.id, s.kind, s.params])).toEqual([
      ['ask', 'demo:ask@1', {}],
      ['extra', 'demo:extra@1', { rubric: 'r1' }],
    ]);
    expect(composed.version).toBe(2);
  });

  it('should list every problem with its field when a composition is invalid', () => {
    try {
      composeDefinition(definition, { addSteps: ['missing'], params: { nope: {} } }, registry);
      throw new Error('expected a CompositionError');
    } catch (error) {
      expect(error).toBeInstanceOf(CompositionError);
      expect((error as CompositionError).issues.map((i) => [i.path, i.rule])).toEqual([
        ['addSteps[0]', 'unknown-step'],
        ['params.nope', 'unknown-step-id'],
      ]);
    }
  });

  it('should report duplicate ids, unknown kinds, bad parameters and unknown rubrics', () => {
    const issues = validateDefinition(
      {
        ...definition,
        steps: [
          { id: 'ask', kind: 'demo:ask@1', params: { question: 5 } },
          { id: 'ask', kind: 'demo:nope@1', params: {} },
          { id: 'extra', kind: 'demo:extra@1', params: { rubric: 'r9' } },
        ],
      },
      registry,
    );
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['steps[0].params.question', 'invalid_type'],
      ['steps[1].id', 'duplicate-step-id'],
      ['steps[1].kind', 'unknown-step-kind'],
      ['steps[2].params.rubric', 'unknown-rubric'],
    ]);
  });
});

describe('evolve, decide and handle', () => {
  it('should rebuild the same state by replaying the events it produced', () => {
    const first = started();
    const task = openTasks(first.state)[0]!;
    const second = handle(first.state, { type: 'submit', at: '2024-01-02T00:00:00.000Z', taskId: task.id, by: actor, input: { text: 'xin chào' } }, registry);
    if (!second.ok) throw new Error('refused');
    expect(replay([...first.events, ...second.events])).toEqual(second.state);
    expect(second.state.status).toBe('completed');
  });

  it('should derive commands from state and name only the new ones after an append', () => {
    const first = started();
    expect(decide(first.state).map((c) => c.type).sort()).toEqual(['open-task', 'start-timer']);
    const task = openTasks(first.state)[0]!;
    const second = handle(first.state, { type: 'submit', at: '2024-01-02T00:00:00.000Z', taskId: task.id, by: actor, input: { text: 'xin chào' } }, registry);
    if (!second.ok) throw new Error('refused');
    expect(newCommands(first.state, second.state).map((c) => c.type).sort()).toEqual(['complete', 'run-effect']);
    const effect = decide(second.state).find((c) => c.type === 'run-effect');
    expect(effect).toMatchObject({ idempotencyKey: 'i1/ask.1.log' });
  });

  it('should loop back to a step with a new task id when a step completes with goto', () => {
    const first = started();
    const again = handle(first.state, { type: 'submit', at: '2024-01-02T00:00:00.000Z', taskId: 'ask.1.answer', by: actor, input: { text: 'lần một', again: true } }, registry);
    if (!again.ok) throw new Error('refused');
    expect(openTasks(again.state).map((t) => t.id)).toEqual(['ask.2.answer']);
    expect(again.state.facts).toEqual({ 'answer-1': 'lần một' });
  });

  it('should ignore a timer fired twice and a duplicate effect completion', () => {
    const first = started();
    const fired = handle(first.state, { type: 'fire-timer', at: '2024-01-10T00:00:00.000Z', timerId: 'ask.deadline' }, registry);
    if (!fired.ok) throw new Error('refused');
    expect(fired.events.map((e) => e.type)).toEqual(['timer-fired', 'finding-recorded']);
    const twice = handle(fired.state, { type: 'fire-timer', at: '2024-01-10T00:00:00.000Z', timerId: 'ask.deadline' }, registry);
    expect(twice.ok && twice.events).toEqual([]);
  });

  it('should carry a finding’s data beside its sentence through its event and the fold, and fold one recorded without it', () => {
    const fired = handle(started().state, { type: 'fire-timer', at: '2024-01-10T00:00:00.000Z', timerId: 'ask.deadline' }, registry);
    if (!fired.ok) throw new Error('refused');
    expect(fired.events[1]).toEqual({ type: 'finding-recorded', at: '2024-01-10T00:00:00.000Z', stepId: 'ask', code: 'late', detail: 'Chưa trả lời đến hạn 10/01/2024', params: { due: '2024-01-10' } });
    expect(fired.state.findings).toEqual([{ code: 'late', stepId: 'ask', at: '2024-01-10T00:00:00.000Z', detail: 'Chưa trả lời đến hạn 10/01/2024', params: { due: '2024-01-10' } }]);
    // An event stored before findings had data: the same finding, its sentence only.
    const { params: _params, ...old } = fired.events[1] as Extract<(typeof fired.events)[number], { type: 'finding-recorded' }>;
    const folded = replay([...started().events, fired.events[0]!, old]);
    expect(folded.findings).toEqual([{ code: 'late', stepId: 'ask', at: '2024-01-10T00:00:00.000Z', detail: 'Chưa trả lời đến hạn 10/01/2024' }]);
    // Resolved later, with the reason's data beside its sentence.
    const answered = handle(fired.state, { type: 'submit', at: '2024-01-11T00:00:00.000Z', taskId: 'ask.1.answer', by: actor, input: { text: 'muộn' } }, registry);
    if (!answered.ok) throw new Error('refused');
    expect(answered.events.find((e) => e.type === 'finding-resolved')).toEqual({ type: 'finding-resolved', at: '2024-01-11T00:00:00.000Z', stepId: 'ask', code: 'late', reason: 'Đã trả lời (muộn)', params: { text: 'muộn' } });
    expect(answered.state.findings[0]!.resolved).toEqual({ at: '2024-01-11T00:00:00.000Z', reason: 'Đã trả lời (muộn)', params: { text: 'muộn' } });
  });

  it('should refuse a contextual rule with its field, and refuse anything after the instance ends', () => {
    const first = started();
    const refused = handle(first.state, { type: 'submit', at: '2024-01-02T00:00:00.000Z', taskId: 'ask.1.answer', by: actor, input: { text: 'no' } }, registry);
    expect(refused).toMatchObject({ ok: false, rejection: { code: 'validation', issues: [{ path: 'text', rule: 'refused' }] } });
    const done = handle(first.state, { type: 'submit', at: '2024-01-02T00:00:00.000Z', taskId: 'ask.1.answer', by: actor, input: { text: 'ok!' } }, registry);
    if (!done.ok) throw new Error('refused');
    const late = handle(done.state, { type: 'submit', at: '2024-01-03T00:00:00.000Z', taskId: 'ask.1.answer', by: actor, input: { text: 'again' } }, registry);
    expect(late).toMatchObject({ ok: false, rejection: { code: 'instance-closed' } });
  });

  it('should describe an open task’s form as JSON Schema with its prefill', () => {
    const form = taskForm(started().state, registry, 'ask.1.answer');
    expect(form?.schema).toMatchObject({ type: 'object', properties: { text: { type: 'string', minLength: 2 } }, required: ['text'] });
  });
});
