/**
 * Workflow time. Inside Temporal's workflow sandbox `Date` is replaced by a deterministic version: `Date.now()` answers
 * the time the current workflow task started, as recorded in the history, so a replay sees the same instant (see the
 * @temporalio/workflow docs, "Deterministic built-ins", and its `global-overrides`). This is the only place workflow
 * code reads it; everything else receives instants as arguments, as the pure core does.
 */
export function workflowNow(): number {
  // eslint-disable-next-line no-restricted-syntax -- deterministic in the workflow sandbox (see above)
  return Date.now();
}
