import type { HostSettings } from './contract';

/**
 * The Temporal workflow id of an instance: its business key (`guidance:<issuer>:<number>:<date>`,
 * `cell:<cell>:<number>:<date>`), after the installation's prefix. Starting the same business key twice collides.
 */
export function workflowIdOf(host: Pick<HostSettings, 'workflowIdPrefix'>, instanceId: string): string {
  return `${host.workflowIdPrefix}${instanceId}`;
}

/** The workflow id of a fan-out batch of a guidance instance, e.g. `guidance:DU-X:27-HD/ĐU:2022-03-16#batch-2`. */
export function batchWorkflowIdOf(host: Pick<HostSettings, 'workflowIdPrefix'>, parentInstanceId: string, batch: string): string {
  return `${workflowIdOf(host, parentInstanceId)}#${batch}`;
}
