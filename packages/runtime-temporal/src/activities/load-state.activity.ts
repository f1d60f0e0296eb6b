import { WorkflowStartInput } from '@chibo/db';
import type { LoadStartArgs, LoadStateArgs, StateChunk } from '@chibo/workflows';
import { ApplicationFailure } from '@temporalio/common';
import { loadInstanceState } from '@chibo/host';
import type { ActivityDeps } from './activity-deps';

/**
 * This activity reads a slice of an instance's state JSON at an exact version, for a workflow run whose state is too
 * large to travel in its input (Temporal limits a payload to 2 MB). A slice never ends inside a UTF-16 surrogate pair,
 * so every slice is valid text. Read-only; compensation: none.
 */
export function loadStateActivity(deps: ActivityDeps) {
  return async function loadState(args: LoadStateArgs): Promise<StateChunk> {
    const state = await loadInstanceState(deps.dataSource.manager, args.instanceId, args.version);
    return sliceOf(JSON.stringify(state), args.offset, args.length);
  };
}

/**
 * This activity reads a slice of the start the engine stored for an instance whose start was too large for its
 * workflow's input (a `stored-start` input). A start that is not there is a permanent error (the workflow fails with
 * it rather than retrying). Read-only; compensation: none.
 */
export function loadStartActivity(deps: ActivityDeps) {
  return async function loadStart(args: LoadStartArgs): Promise<StateChunk> {
    const row = await deps.dataSource.manager.findOne(WorkflowStartInput, { where: { instanceId: args.instanceId } });
    if (!row) throw ApplicationFailure.create({ type: 'ChiboNotFound', message: `No stored start for ${args.instanceId}`, nonRetryable: true });
    return sliceOf(row.input, args.offset, args.length);
  };
}

/** A slice of JSON that never ends inside a UTF-16 surrogate pair, so every slice is valid text. */
function sliceOf(json: string, offset: number, length: number): StateChunk {
  let end = Math.min(json.length, offset + length);
  if (end < json.length && end > offset && isHighSurrogate(json.charCodeAt(end - 1))) end--;
  return { total: json.length, chunk: json.slice(offset, end) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
