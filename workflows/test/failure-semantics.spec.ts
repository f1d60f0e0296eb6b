import { OrgTree, planScenario, scenarioActor, type SubmitAction } from '@chibo/scenario';
import { ApplicationFailure } from '@temporalio/common';
import { openTasksQuery, ProcedureInterpreter, stateQuery, submitUpdate, WORKFLOW_ERROR_FAILURE_TYPE, type ProcedureActivities, type ProcedureWorkflowInput, type ProcedureWorkflowResult } from '../src';
import { WorkflowApiDouble } from '../src/testing';
import { cellStart, FakeReadSide, registry, scenario } from './support/glue-fixture';

const AI_MO = scenario('ai-mo-2022.json');
const CELL = 'CB-THCS-AI-MO';

function boot(input: ProcedureWorkflowInput, overrides: Partial<ProcedureActivities> = {}) {
  const readSide = new FakeReadSide();
  const api = new WorkflowApiDouble({ now: Date.parse(input.kind === 'start' ? input.start.at : '2022-03-16T00:00:00.000Z'), workflowId: input.target.instanceId, activities: readSide.activities(overrides) });
  const outcome: { value?: ProcedureWorkflowResult; error?: unknown } = {};
  new ProcedureInterpreter(input, api, registry)
    .run()
    .then((value) => (outcome.value = value))
    .catch((error: unknown) => (outcome.error = error));
  return { api, readSide, outcome, state: () => api.query(stateQuery) };
}

/** Submits the cell's scenario actions in order while the instance runs. */
async function driveCell(api: WorkflowApiDouble): Promise<void> {
  const actions = planScenario(AI_MO).filter((a): a is SubmitAction => a.type === 'submit' && a.cell === CELL);
  for (const action of actions) {
    if (api.query(stateQuery).status !== 'running') return;
    const task = api.query(openTasksQuery).find((t) => t.stepId === action.step && t.key === action.taskKey);
    if (!task) return;
    await api.update(submitUpdate, { taskId: task.id, by: scenarioActor(new OrgTree(AI_MO.org), action.actor), input: action.input });
    await api.settle();
  }
}

describe('failures that a real Temporal server would retry forever (on WorkflowApiDouble)', () => {
  it('should fail the instance with the effect’s reason, project it and end the run, when an effect fails for good', async () => {
    const refused = ApplicationFailure.nonRetryable('Số văn bản "1-KH/CB" đã được dùng', 'ChiboPermanentEffectError');
    const { api, readSide, outcome, state } = boot(cellStart(AI_MO, CELL), {
      runEffect: async () => {
        throw refused;
      },
    });
    await api.settle();
    await driveCell(api);
    await api.settle();
    expect(state().status).toBe('failed');
    const failed = readSide.eventsOf(state().instanceId).at(-1);
    expect(failed).toMatchObject({ type: 'instance-failed' });
    expect((failed as { reason: string }).reason).toMatch(/^Tác vụ tự động "issue-document" không thực hiện được: Số văn bản "1-KH\/CB" đã được dùng$/);
    // The run ends (the given-up effect is not awaited) and the workflow itself completes: the failure is the instance's.
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toMatchObject({ status: 'failed' });
    // The command is closed in the read side, so nothing waits for it there either.
    expect(Object.entries(readSide.outboxOf(state().instanceId)).filter(([id, status]) => id.startsWith('effect:') && status !== 'done')).toEqual([]);
  });

  it('should fail the workflow (not its task) with ChiboWorkflowError when its own code meets an error', async () => {
    // A resumed run whose read side holds another version than the input says: a plain Error in workflow code.
    const start = cellStart(AI_MO, CELL);
    const { api, outcome } = boot({ kind: 'resume', host: start.host, target: start.target, version: 7 }, {
      loadState: async () => ({ total: 2, chunk: '{}' }),
    });
    await api.settle();
    expect(outcome.error).toBeInstanceOf(ApplicationFailure);
    expect((outcome.error as ApplicationFailure).type).toBe(WORKFLOW_ERROR_FAILURE_TYPE);
    expect((outcome.error as ApplicationFailure).nonRetryable).toBe(true);
    expect((outcome.error as ApplicationFailure).message).toMatch(/expected 7/);
  });
});
