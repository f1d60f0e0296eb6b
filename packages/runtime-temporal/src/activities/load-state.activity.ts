import type { LoadStateArgs, StateChunk } from '@chibo/workflows';
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
    const json = JSON.stringify(state);
    let end = Math.min(json.length, args.offset + args.length);
    if (end < json.length && end > args.offset && isHighSurrogate(json.charCodeAt(end - 1))) end--;
    return { total: json.length, chunk: json.slice(args.offset, end) };
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
