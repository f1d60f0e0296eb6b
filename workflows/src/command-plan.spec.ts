import type { ProcedureCommand, ProcedureEvent } from '@chibo/procedure';
import { doneBy, OUTBOUND, planCommand } from './command-plan';
import type { HostSettings } from './contract';

const host: HostSettings = { taskQueue: 'q', workflowIdPrefix: 'p/', clock: 'system', searchAttributes: false };
const ctx = { instanceId: 'guidance:DU:27-HD/ĐU:2022-03-16', host, guidanceId: 'g-1' };
const task = { id: 'plan.1.plan', stepId: 'plan', key: 'plan', task: 'plan', assignee: { member: 'a' }, title: { vi: 't', en: 't' }, status: 'open' as const, openedAt: 'x' };

describe('the command-to-Temporal mapping', () => {
  it.each<[string, ProcedureCommand, unknown]>([
    ['an open task stays in the read side', { type: 'open-task', id: 'task:plan.1.plan', task }, { kind: 'none', command: 'open-task' }],
    ['completion ends the workflow', { type: 'complete', id: 'complete', status: 'completed' }, { kind: 'none', command: 'complete' }],
    ['a timer is a timer at its instant', { type: 'start-timer', id: 'timer:report.deadline', fireAt: '2022-05-10T16:59:59.999Z' }, { kind: 'timer', timerId: 'report.deadline', fireAt: '2022-05-10T16:59:59.999Z' }],
    [
      'an effect is an activity with its idempotency key',
      { type: 'run-effect', id: 'effect:plan.1.kh', name: 'issue-document', input: { type: 'KH' }, idempotencyKey: 'i/plan.1.kh' },
      { kind: 'activity', effectId: 'plan.1.kh', args: { instanceId: ctx.instanceId, name: 'issue-document', input: { type: 'KH' }, idempotencyKey: 'i/plan.1.kh' } },
    ],
    [
      'a report to the parent is a signal to its workflow',
      { type: 'notify-parent', id: 'notify:report.report', parent: { instanceId: 'guidance:X', childKey: 'CB-1' }, report: { onTime: true } },
      { kind: 'signal', workflowId: 'p/guidance:X', parentInstanceId: 'guidance:X', notificationId: 'report.report', args: { child: 'CB-1', report: { onTime: true }, from: { instanceId: ctx.instanceId, commandId: 'notify:report.report' } } },
    ],
  ])('should map: %s', (_label, command, expected) => {
    expect(planCommand(command, ctx)).toEqual(expected);
  });

  it('should map a fan-out batch to a child workflow named after the guidance and the batch, carrying the guidance row id', () => {
    const action = planCommand(
      { type: 'start-children', id: 'children:batch-2', batch: 'batch-2', procedure: { key: 'thematic-session', version: 3, owner: 'DU' }, children: [{ key: 'CB-1', org: 'CB-1' }], parent: { instanceId: ctx.instanceId } },
      ctx,
    );
    expect(action).toEqual({
      kind: 'child-workflow',
      workflowType: 'dispatchBatchWorkflow',
      workflowId: `p/${ctx.instanceId}#batch-2`,
      batch: 'batch-2',
      input: { host, parentInstanceId: ctx.instanceId, batch: 'batch-2', procedure: { key: 'thematic-session', version: 3, owner: 'DU' }, children: [{ key: 'CB-1', org: 'CB-1' }], guidanceId: 'g-1' },
    });
  });

  it('should wait for effects, batches and reports but not for tasks and timers', () => {
    expect([...OUTBOUND].sort()).toEqual(['notify-parent', 'run-effect', 'start-children']);
  });

  it('should close the outbox rows of completed effects, started batches and fired or cancelled timers, but not of delivered reports', () => {
    const at = '2022-03-16T00:00:00.000Z';
    const events: ProcedureEvent[] = [
      { type: 'effect-completed', at, effectId: 'plan.1.kh', result: {} },
      { type: 'children-started', at, batch: 'batch-1' },
      { type: 'timer-fired', at, timerId: 'a.b' },
      { type: 'timer-cancelled', at, timerId: 'c.d' },
      { type: 'parent-notified', at, notificationId: 'report.report' },
    ];
    expect(doneBy('i', events).map((d) => d.commandId)).toEqual(['effect:plan.1.kh', 'children:batch-1', 'timer:a.b', 'timer:c.d']);
  });
});
