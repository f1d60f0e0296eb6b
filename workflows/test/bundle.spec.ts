import { bundleWorkflowCode } from '@temporalio/worker';

// Bundling runs webpack over the workflow code and everything it imports; Temporal's bundler refuses Node built-ins
// and warns about modules that are not allowed in the deterministic sandbox.
jest.setTimeout(120_000);

async function bundle(workflowsPath: string) {
  const messages: string[] = [];
  const logger = {
    log: (_level: string, message: string) => messages.push(message),
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => messages.push(`warn: ${message}`),
    error: (message: string) => messages.push(`error: ${message}`),
  };
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger });
    return { code, messages, failed: false };
  } catch (error) {
    messages.push(`error: ${(error as Error).message}`);
    return { code: '', messages, failed: true };
  }
}

describe('the pure core inside a Temporal workflow bundle', () => {
  it('should bundle the workflows, the core and every enabled plugin without Node-only or non-deterministic modules', async () => {
    const { code, messages, failed } = await bundle(require.resolve('../src/workflows.ts'));
    expect(failed).toBe(false);
    expect(messages.filter((m) => m.startsWith('warn') || m.startsWith('error'))).toEqual([]);
    for (const name of ['procedureWorkflow', 'dispatchBatchWorkflow', 'procedureProbeWorkflow']) expect(code).toContain(name);
    expect(code).toContain('thematic:hold-session');
    // The test double is for hosts' tests only and must not reach the bundle.
    expect(code).not.toContain('WorkflowApiDouble');
  });

  it('should fail to bundle a workflow that imports a Node built-in (so the check above can fail)', async () => {
    const result = await bundle(require.resolve('./fixtures/node-builtin.workflow.js'));
    expect(result.failed).toBe(true);
    expect(result.messages.join('\n')).toMatch(/'fs'/);
  });
});
