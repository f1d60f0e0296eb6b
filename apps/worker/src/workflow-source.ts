import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The prebuilt workflow bundle, written next to this file by `build-workflow-bundle` at build time. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, 'workflow-bundle.js');

/** The bundle entry: @chibo/workflows' workflows.js (only workflow functions). */
export function workflowsEntry(): string {
  return require.resolve('@chibo/workflows/workflows');
}

/**
 * What the worker loads its workflows from: the prebuilt bundle (production, tests after `npm run build`), else the
 * workflow sources, bundled when the worker starts (a development checkout that was not built).
 */
export function workflowSource(bundlePath = WORKFLOW_BUNDLE_PATH): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  return existsSync(bundlePath) ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: workflowsEntry() };
}
