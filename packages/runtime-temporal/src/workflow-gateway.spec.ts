import type { Rejection } from '@chibo/procedure';
import { RejectedError } from '@chibo/host';
import { REJECTED_FAILURE_TYPE } from '@chibo/workflows';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { fromTemporal, WorkflowClosedError } from './workflow-gateway';

const rejection: Rejection = { code: 'validation', message: 'Thiếu chủ đề', issues: [{ path: 'topic', rule: 'invalid_type', message: 'Thiếu chủ đề' }] };

describe('fromTemporal (the client errors the engine maps)', () => {
  it('should turn an update refused by the core into the embedded runtime’s RejectedError with the same field issues', () => {
    const failure = ApplicationFailure.create({ type: REJECTED_FAILURE_TYPE, message: rejection.message, details: [rejection], nonRetryable: true });
    const mapped = fromTemporal('wf', new WorkflowUpdateFailedError('Workflow Update failed', failure));
    expect(mapped).toBeInstanceOf(RejectedError);
    expect((mapped as RejectedError).rejection).toEqual(rejection);
  });

  it('should report a workflow that is gone as closed', () => {
    expect(fromTemporal('wf', new WorkflowNotFoundError('not found', 'wf', undefined))).toBeInstanceOf(WorkflowClosedError);
    expect(fromTemporal('wf', new Error('workflow execution already completed'))).toBeInstanceOf(WorkflowClosedError);
  });

  it('should leave other failures as they are', () => {
    const other = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'Boom', message: 'boom' }));
    expect(fromTemporal('wf', other)).toBe(other);
    const network = new Error('14 UNAVAILABLE');
    expect(fromTemporal('wf', network)).toBe(network);
  });
});
