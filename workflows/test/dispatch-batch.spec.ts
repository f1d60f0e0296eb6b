import { CHILD_STARTS_PER_RUN, CHILD_STARTS_PER_TASK, runDispatchBatch, type DispatchBatchInput, type ProcedureWorkflowInput } from '../src';
import { ContinueAsNewCalled, WorkflowApiDouble } from '../src/testing';
import { FakeReadSide, host } from './support/glue-fixture';

function batchInput(count: number, searchAttributes: boolean): DispatchBatchInput {
  return {
    host: host({ workflowIdPrefix: 'run/', searchAttributes, clock: 'simulated' }),
    parentInstanceId: 'guidance:DU:27-HD/ĐU:2022-03-16',
    batch: 'batch-2',
    procedure: { key: 'thematic-session', version: 2, owner: 'DU' },
    children: Array.from({ length: count }, (_, i) => ({ key: `CB-${i}`, org: `CB-${i}` })),
    guidance: { number: '27-HD/ĐU', issuedOn: '2022-03-16', title: 't', issuer: { code: 'DU', name: 'DU', abbr: 'ĐU', kind: 'committee' } },
    guidanceId: 'g-1',
    at: '2022-03-18T00:00:00.000Z',
  };
}

describe('the fan-out batch workflow glue (on WorkflowApiDouble)', () => {
  it('should create the batch in one activity and start one abandoned procedure workflow per cell, resuming from the read side', async () => {
    const readSide = new FakeReadSide();
    const api = new WorkflowApiDouble({ activities: readSide.activities() });
    const result = await runDispatchBatch(batchInput(500, false), api);
    expect(result).toEqual({ batch: 'batch-2', started: 500 });
    expect(api.activityCalls.map((c) => c.name)).toEqual(['createChildren']);
    expect(api.children).toHaveLength(500);
    expect(api.children.every((c) => c.abandoned && c.workflowType === 'procedureWorkflow' && c.options.taskQueue === 'glue-test')).toBe(true);
    const first = api.children[0]!;
    expect(first.options.workflowId).toBe('run/cell:CB-0:27-HD/ĐU:2022-03-16');
    expect(first.options.args[0]).toEqual<ProcedureWorkflowInput>({
      kind: 'resume',
      host: batchInput(1, false).host,
      target: { instanceId: 'cell:CB-0:27-HD/ĐU:2022-03-16', orgId: 'org:CB-0', guidanceId: 'g-1' },
      version: 5,
      now: '2022-03-18T00:00:00.000Z',
    });
    expect(first.options.searchAttributes).toBeUndefined();
  });

  it('should give each cell workflow its org, guidance and status search attributes when the namespace has them', async () => {
    const api = new WorkflowApiDouble({ activities: new FakeReadSide().activities() });
    await runDispatchBatch(batchInput(2, true), api);
    expect(api.children[1]!.options.searchAttributes!.map((p) => [p.key.name, p.value])).toEqual([
      ['ChiboOrg', 'CB-1'],
      ['ChiboStatus', 'running'],
      ['ChiboGuidance', '27-HD/ĐU|2022-03-16'],
    ]);
  });

  it('should treat a cell workflow that is already running as started (a retried batch)', async () => {
    const running = new Set(['run/cell:CB-1:27-HD/ĐU:2022-03-16']);
    const api = new WorkflowApiDouble({ activities: new FakeReadSide().activities(), startAbandonedChild: async (_t, o) => !running.has(o.workflowId) });
    await expect(runDispatchBatch(batchInput(3, false), api)).resolves.toEqual({ batch: 'batch-2', started: 3 });
  });

  it('should start a batch past Temporal\'s 2,000 pending children over several runs, at most 100 starts at a time', async () => {
    const readSide = new FakeReadSide();
    let inFlight = 0;
    let most = 0;
    const started: string[] = [];
    const startAbandonedChild = async (_type: string, options: { workflowId: string }) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      started.push(options.workflowId);
      return true;
    };
    let input: DispatchBatchInput = batchInput(2_500, false);
    const runs: number[] = [];
    for (;;) {
      const api = new WorkflowApiDouble({ activities: readSide.activities(), startAbandonedChild });
      const before = started.length;
      try {
        const result = await runDispatchBatch(input, api);
        runs.push(started.length - before);
        expect(result).toEqual({ batch: 'batch-2', started: 2_500 });
        break;
      } catch (error) {
        if (!(error instanceof ContinueAsNewCalled)) throw error;
        runs.push(started.length - before);
        input = error.input as DispatchBatchInput;
      }
    }
    expect(CHILD_STARTS_PER_RUN).toBeLessThan(2_000);
    expect(runs).toEqual([1_000, 1_000, 500]);
    expect(most).toBe(CHILD_STARTS_PER_TASK);
    // Every cell exactly once, in the batch's order.
    expect(started).toEqual(batchInput(2_500, false).children.map((c) => `run/cell:${c.key}:27-HD/ĐU:2022-03-16`));
  });
});
