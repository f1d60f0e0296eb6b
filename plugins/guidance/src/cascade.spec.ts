import type { StepContext } from '@chibo/procedure';
import { IMPLEMENTATION_FACT, IMPLEMENTATION_PROCEDURE } from './cascade';
import { dispatchStep } from './steps/dispatch.step';
import { submitUpwardStep } from './steps/submit-upward.step';

type Ctx = Parameters<typeof dispatchStep.start>[0];
const procedure = { key: 'thematic-session', version: 2, owner: 'HU' };
const org = (code: string) => ({ code, name: code, abbr: 'CB', kind: code.startsWith('CB') ? 'cell' : 'committee' });
const received = { number: '06-ĐA/HU', issuedOn: '2019-03-25', title: 'Đề án', issuer: org('HU'), sessionBy: '2019-06-30', reportBy: '2019-07-20' };

function ctx(context: Record<string, unknown>, facts: Record<string, unknown> = {}, now = '2019-04-05T00:00:00.000Z'): Ctx {
  return {
    context: { org: { ...org('DU'), members: [] }, childProcedure: procedure, ...context },
    facts,
    children: {},
    params: { batchSize: 500, inFlight: 3 },
    state: { next: 0, batches: 0, started: 0 },
    current: true,
    now,
  } as unknown as StepContext<never, never> as Ctx;
}

const implementation = (extra: Record<string, unknown>) => ({
  [IMPLEMENTATION_FACT]: { number: '03-HD/ĐU', issuedOn: '2019-04-05', title: 'Hướng dẫn', issuer: org('DU'), reportBy: '2019-07-10', basedOn: [], addSteps: [], cascade: false, ...extra },
});

describe('guidance:dispatch in a cascade', () => {
  it('should send a cascading guidance to its direct cells, then to each subordinate committee with the cells’ procedure', () => {
    const reaction = dispatchStep.start(ctx({ guidance: received, cells: [org('CB-1')], committees: [org('DU-A'), org('DU-B')] }));
    expect([reaction.startChildren ?? []].flat()).toEqual([
      { batch: 'batch-1', procedure, children: [{ key: 'CB-1', org: 'CB-1' }] },
      { batch: 'batch-2', procedure: IMPLEMENTATION_PROCEDURE, children: [{ key: 'DU-A', org: 'DU-A', childProcedure: procedure }, { key: 'DU-B', org: 'DU-B', childProcedure: procedure }] },
    ]);
  });

  it('should send a committee’s own guidance to every cell of its subtree, its rubric recomposing the cells’ procedure', () => {
    const context = { guidance: received, cells: [org('CB-1'), org('CB-2')], directCells: ['CB-1'], committees: [org('DU-X')] };
    const reaction = dispatchStep.start(ctx(context, implementation({ rubric: 'phu-tho-100' })));
    const [batch, ...rest] = [reaction.startChildren ?? []].flat();
    expect(rest).toEqual([]);
    expect(batch!.children.map((c) => c.key)).toEqual(['CB-1', 'CB-2']);
    expect(batch!.guidance).toMatchObject({ number: '03-HD/ĐU', issuer: { code: 'DU' } });
    expect(batch!.procedure).toEqual({ ...procedure, compose: [{ owner: 'DU', addSteps: [], rubric: 'phu-tho-100' }] });
  });

  it('should send a committee’s guidance with its own cascade to its direct cells and sub-committees only', () => {
    const context = { guidance: received, cells: [org('CB-1'), org('CB-2')], directCells: ['CB-1'], committees: [org('DU-X')] };
    const batches = [dispatchStep.start(ctx(context, implementation({ cascade: true }))).startChildren ?? []].flat();
    expect(batches.map((b) => [b.procedure.key, b.children.map((c) => c.key)])).toEqual([
      ['thematic-session', ['CB-1']],
      ['guidance-implementation', ['DU-X']],
    ]);
  });
});

describe('guidance:submit-upward of a committee’s implementation', () => {
  const report = (now: string) => submitUpwardStep.start({ ...ctx({ guidance: received }, implementation({})), now } as never).notifyParent?.report;

  it('should report on time by the end of the superior’s deadline and late after it', () => {
    expect(report('2019-07-20T16:59:00.000Z')).toMatchObject({ cell: 'DU', onTime: true });
    expect(report('2019-07-21T01:00:00.000Z')).toMatchObject({ cell: 'DU', onTime: false });
  });

  it('should carry the checkpoints its recipients’ reports carried, and none when they carried none', () => {
    const cp = (chain: string) => ({ format: 'chibo-audit-checkpoint/1', chain, position: 7, hash: 'h', issuedAt: 'x', keyId: 'k', signature: 's' });
    const children = {
      'CB-1': { key: 'CB-1', org: 'CB-1', started: true, report: { cell: 'CB-1', onTime: true, auditCheckpoint: cp('CB-1') } },
      'CB-2': { key: 'CB-2', org: 'CB-2', started: true },
      'CB-3': { key: 'CB-3', org: 'CB-3', started: true, report: { cell: 'CB-3', onTime: false, auditCheckpoint: cp('CB-3') } },
    };
    const sent = submitUpwardStep.start({ ...ctx({ guidance: received }, implementation({})), children } as never).notifyParent?.report;
    expect(sent).toMatchObject({ cell: 'DU', received: [cp('CB-1'), cp('CB-3')] });
    const unsealed = submitUpwardStep.start({ ...ctx({ guidance: received }, implementation({})), children: { 'CB-2': children['CB-2'] } } as never).notifyParent?.report;
    expect(unsealed).not.toHaveProperty('received');
  });
});
