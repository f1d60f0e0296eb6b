import { z } from 'zod';
import { childInstanceId, decide, defineStep, definePlugin, EMPTY_STATE, handle, recompose, StepRegistry, type GuidanceRef, type ProcedureDefinition } from './index';

const guidance = (number: string, issuedOn: string): GuidanceRef => ({ number, issuedOn, title: number, issuer: { code: 'DU', name: 'Đảng ủy', abbr: 'ĐU', kind: 'committee' } });
const own = guidance('03-HD/ĐU', '2019-04-05');

/** A step that sends one batch of a cell and a committee under a guidance of its own, as an implementation does. */
const send = defineStep({
  name: 'demo:send',
  version: 1,
  title: { vi: 'Gửi', en: 'Send' },
  description: { vi: 'Gửi xuống', en: 'Send down' },
  params: z.object({}),
  initialState: {},
  tasks: {},
  start: () => ({
    startChildren: {
      batch: 'b1',
      procedure: { key: 'cells', version: 1, owner: 'HU', compose: [{ owner: 'DU', addSteps: ['extra'] }] },
      children: [{ key: 'CB', org: 'CB' }, { key: 'DU-X', org: 'DU-X', childProcedure: { key: 'cells', version: 1, owner: 'HU' } }],
      guidance: own,
    },
  }),
});
const noop = defineStep({ name: 'demo:noop', version: 1, title: { vi: 'Không', en: 'None' }, description: { vi: '', en: '' }, params: z.object({}), initialState: {}, tasks: {}, start: () => ({ complete: {} }) });
const extra = defineStep({ ...noop, name: 'demo:extra', addable: { alias: 'extra', after: ['demo:noop'] } });
const registry = new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'Thử', en: 'Demo' }, steps: [send, noop, extra] })]);

describe('the core’s part of a cascade', () => {
  it('should send a batch’s children the batch’s own guidance, each committee with the procedure its cells run', () => {
    const definition: ProcedureDefinition = { key: 'impl', version: 1, owner: 'DU', title: 'Thực hiện', steps: [{ id: 'send', kind: 'demo:send@1', params: {} }] };
    const context = { org: { code: 'DU', name: 'Đảng ủy', abbr: 'ĐU', kind: 'committee' as const, members: [] }, guidance: guidance('06-ĐA/HU', '2019-03-25') };
    const result = handle(EMPTY_STATE, { type: 'start', at: '2019-04-05T00:00:00.000Z', instanceId: 'i', definition, context }, registry);
    if (!result.ok) throw new Error('refused');
    const command = decide(result.state).find((c) => c.type === 'start-children');
    expect(command).toMatchObject({
      parent: { instanceId: 'i', guidance: own },
      children: [{ key: 'CB', org: 'CB' }, { key: 'DU-X', org: 'DU-X', childProcedure: { key: 'cells', version: 1, owner: 'HU' } }],
    });
    expect(childInstanceId({ org: 'CB', kind: 'cell' }, own)).toBe('cell:CB:03-HD/ĐU:2019-04-05');
    expect(childInstanceId({ org: 'DU-X', kind: 'committee' }, own)).toBe('implementation:DU-X:03-HD/ĐU:2019-04-05');
  });

  it('should recompose a referenced definition with each committee’s steps in order, owned by the last', () => {
    const base: ProcedureDefinition = { key: 'cells', version: 1, owner: 'HU', title: 'Chi bộ', steps: [{ id: 'noop', kind: 'demo:noop@1', params: {} }] };
    const composed = recompose(base, { key: 'cells', version: 1, compose: [{ owner: 'DU', addSteps: ['extra'] }, { owner: 'CB-UY', addSteps: [] }] }, registry);
    expect(composed.steps.map((s) => s.id)).toEqual(['noop', 'extra']);
    expect(composed.owner).toBe('CB-UY');
    expect(recompose(base, { key: 'cells', version: 1 }, registry)).toBe(base);
    expect(() => recompose(base, { key: 'cells', version: 1, compose: [{ owner: 'DU', addSteps: ['khong-co'] }] }, registry)).toThrow(/addSteps\[0\]/);
  });
});
