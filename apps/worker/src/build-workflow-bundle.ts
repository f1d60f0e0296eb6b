// Build step (`npm run build`): bundles the workflow code once, so workers start without webpack and every worker of a
// deployment runs byte-identical workflow code (as the samples' production build does).
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { WORKFLOW_BUNDLE_PATH, workflowsEntry } from './workflow-source';

async function main(): Promise<void> {
  const warnings: string[] = [];
  const logger = {
    log: () => undefined,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => warnings.push(message),
    error: (message: string) => warnings.push(message),
  };
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsEntry(), logger });
  // The bundler warns about modules that would break determinism: a bundle with warnings is not shipped.
  if (warnings.length) throw new Error(`Workflow bundle has warnings:\n${warnings.join('\n')}`);
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
  console.log(`[chibo] workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
