import { z } from 'zod';
import { defineStep, definePlugin, EMPTY_STATE, handle, handleAll, replay, reportedChildren, StepRegistry, type InstanceState, type ProcedureEvent, type ProcedureInput } from './index';

// A parent that starts its cells in one batch and completes when every cell has reported.
const collect = defineStep({
  name: 'demo:collect',
  version: 1,
  title: { vi: 'Thu báo cáo', en: 'Collect reports' },
  description: { vi: 'Chờ báo cáo của các chi bộ', en: 'Wait for the cells’ reports' },
  params: z.object({}),
  initialState: {},
  tasks: {},
  start: (ctx) => ({
    startChildren: {
      batch: 'b1',
      procedure: { key: 'cell', version: 1, owner: 'P' },
      children: (ctx.context.cells ?? []).map((c) => ({ key: c.code, org: c.code })),
    },
  }),
  validateChildReport: (_ctx, child) => (child === 'CB-BAD' ? [{ path: 'cell', rule: 'refused', message: 'Không nhận báo cáo này' }] : []),
  onChildReport: (ctx) => (ctx.childrenReported === (ctx.context.cells?.length ?? 0) ? { complete: {} } : {}),
});
const registry = new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'Thử', en: 'Demo' }, steps: [collect] })]);
const AT = '2024-01-01T00:00:00.000Z';

function parentOf(cells: string[]): { state: InstanceState; events: ProcedureEvent[] } {
  const start = handle(
    EMPTY_STATE,
    {
      type: 'start',
      at: AT,
      instanceId: 'p',
      definition: { key: 'parent', version: 1, owner: 'P', title: 'Parent', steps: [{ id: 'collect', kind: 'demo:collect@1', params: {} }] },
      context: { org: { code: 'P', name: 'Đảng ủy P', abbr: 'ĐU', kind: 'committee', members: [] }, cells: cells.map((code) => ({ code, name: code, abbr: 'CB', kind: 'cell' as const })) },
    } as ProcedureInput,
    registry,
  );
  if (!start.ok) throw new Error('start refused');
  const begun = handle(start.state, { type: 'children-started', at: AT, batch: 'b1' }, registry);
  if (!begun.ok) throw new Error('children-started refused');
  return { state: begun.state, events: [...start.events, ...begun.events] };
}

const report = (child: string): ProcedureInput => ({ type: 'child-report', at: AT, child, report: { summary: child } });

describe('folding many inputs', () => {
  const cells = ['CB-1', 'CB-2', 'CB-3', 'CB-4'];

  it('should give handleAll the events and the state of handling each input in turn, skipping the refused one', () => {
    const { state } = parentOf(cells);
    const inputs = [report('CB-2'), report('CB-BAD'), report('CB-1'), report('CB-2')];
    let oneByOne = state;
    const events: ProcedureEvent[][] = [];
    for (const input of inputs) {
      const result = handle(oneByOne, input, registry);
      if (!result.ok) {
        events.push([]);
        continue;
      }
      events.push(result.events);
      oneByOne = result.state;
    }
    const together = handleAll(state, inputs, registry);
    expect(together.results.map((r) => (r.ok ? r.events : []))).toEqual(events);
    expect(together.results[1]).toMatchObject({ ok: false, rejection: { code: 'out-of-scope' } });
    expect(together.state).toEqual(oneByOne);
    expect(reportedChildren(together.state)).toBe(2);
    // The state handleAll started from is left as it was.
    expect(Object.values(state.children).filter((c) => c.report)).toHaveLength(0);
  });

  it('should complete the parent when the last cell reports within a batch of reports', () => {
    const { state } = parentOf(cells);
    const together = handleAll(state, cells.map(report), registry);
    expect(together.state.status).toBe('completed');
    expect(together.state.childrenReported).toBe(4);
  });

  it('should rebuild by replay the same state, without touching the state it starts from', () => {
    const { state, events } = parentOf(cells);
    const together = handleAll(state, [report('CB-3'), report('CB-1')], registry);
    const log = [...events, ...together.results.flatMap((r) => (r.ok ? r.events : []))];
    expect(replay(log)).toEqual(together.state);
    const first = together.results[0]!.ok ? together.results[0]!.events.length : 0;
    const halfway = replay(log.slice(0, events.length + first));
    const rest = replay(log.slice(events.length + first), halfway);
    expect(rest).toEqual(together.state);
    expect(reportedChildren(halfway)).toBe(1);
  });

  it('should count the reports of a state stored before the count was kept', () => {
    const { state } = parentOf(cells);
    const reported = handleAll(state, [report('CB-1'), report('CB-4')], registry).state;
    const { childrenReported: _kept, ...stored } = reported;
    expect(reportedChildren(stored as InstanceState)).toBe(2);
    const next = handle(stored as InstanceState, report('CB-2'), registry);
    expect(next.ok && next.state.childrenReported).toBe(3);
  });

  it('should keep in the state only what the parent decides on and passes up, and hand the whole report to the step and the event', () => {
    const { state } = parentOf(cells);
    const checkpoint = { chain: 'org:CB-1', position: 7, hash: 'ab', signature: 'cd' };
    const whole = {
      cell: 'CB-1',
      cellName: 'Chi bộ Trường Tiểu học số 1',
      onTime: false,
      rating: 'kha',
      resolution: 'adopted',
      findings: ['draft-late'],
      attendance: { total: 17, present: 15 },
      absent: ['m07', 'm12'],
      summary: 'Một đoạn văn dài của bí thư…',
      rollup: { cells: 3, reported: 2, ratings: { tot: 2 }, perCell: [{ cell: 'CB-9' }], summary: 'Tóm tắt' },
      auditCheckpoint: checkpoint,
    };
    let seen: Record<string, unknown> | undefined;
    const spy = new StepRegistry([
      definePlugin({ id: 'demo', title: { vi: 'Thử', en: 'Demo' }, steps: [{ ...collect, onChildReport: (_ctx, _child, report) => ((seen = report), {}) }] }),
    ]);
    const result = handle(state, { type: 'child-report', at: AT, child: 'CB-1', report: whole }, spy);
    if (!result.ok) throw new Error('refused');
    expect(seen).toEqual(whole);
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'child-reported', child: 'CB-1', report: whole }));
    expect(result.state.children['CB-1']!.report).toEqual({
      onTime: false,
      rating: 'kha',
      resolution: 'adopted',
      findings: ['draft-late'],
      rollup: { cells: 3, reported: 2, ratings: { tot: 2 } },
    });
    expect(reportedChildren(result.state)).toBe(1);
    expect(replay([...parentOf(cells).events, ...result.events])).toEqual(result.state);
    // An instance that reports to a parent of its own keeps the checkpoint too: it passes it on up with its report.
    const below = { ...state, parent: { instanceId: 'up', childKey: 'P' } } as InstanceState;
    const forwarded = handle(below, { type: 'child-report', at: AT, child: 'CB-1', report: whole }, spy);
    expect(forwarded.ok && forwarded.state.children['CB-1']!.report).toMatchObject({ rating: 'kha', auditCheckpoint: checkpoint });
  });
});
