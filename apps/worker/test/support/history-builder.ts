/**
 * Builds a Temporal workflow history (the JSON `temporal workflow show --output json` prints) event by event, so the
 * real workflow bundle can be replayed against it with `Worker.runReplayHistory` — no server needed. Replay runs the
 * workflow code in Temporal's own sandbox and fails with a DeterminismViolationError when the commands the code
 * issues differ from the events that follow each completed workflow task. A history is thus a precise statement of
 * what the workflow must do.
 */
export class HistoryBuilder {
  readonly events: Array<Record<string, unknown>> = [];
  private activities = 0;
  private timers = 0;
  private children = 0;
  private lastTaskCompleted = '0';

  constructor(private time: string) {}

  /** Moves the time of the next events (workflow time is the time a workflow task starts). */
  at(time: string): this {
    this.time = time;
    return this;
  }

  started(workflowType: string, args: unknown[], taskQueue = 'replay'): this {
    this.add('WORKFLOW_EXECUTION_STARTED', {
      workflowType: { name: workflowType },
      taskQueue: { name: taskQueue },
      input: { payloads: args.map(json) },
      workflowTaskTimeout: '10s',
      originalExecutionRunId: 'run-1',
      firstExecutionRunId: 'run-1',
      attempt: 1,
    });
    return this;
  }

  /** A workflow task: scheduled and started; `completed` adds its completion (the commands' events follow). */
  task(completed = true): this {
    const scheduled = this.add('WORKFLOW_TASK_SCHEDULED', { taskQueue: { name: 'replay' }, startToCloseTimeout: '10s', attempt: 1 });
    const started = this.add('WORKFLOW_TASK_STARTED', { scheduledEventId: scheduled, identity: 'replay', requestId: `r${scheduled}` });
    if (completed) this.lastTaskCompleted = this.add('WORKFLOW_TASK_COMPLETED', { scheduledEventId: scheduled, startedEventId: started, identity: 'replay' });
    return this;
  }

  /** The event of a ScheduleActivityTask command; returns the scheduled event id (to complete it later). */
  activityScheduled(activityType: string): string {
    this.activities++;
    return this.add('ACTIVITY_TASK_SCHEDULED', {
      activityId: String(this.activities),
      activityType: { name: activityType },
      taskQueue: { name: 'replay' },
      workflowTaskCompletedEventId: this.lastTaskCompleted,
      startToCloseTimeout: '60s',
    });
  }

  activityCompleted(scheduledEventId: string, result: unknown): this {
    const started = this.add('ACTIVITY_TASK_STARTED', { scheduledEventId, identity: 'replay', requestId: `a${scheduledEventId}`, attempt: 1 });
    this.add('ACTIVITY_TASK_COMPLETED', { scheduledEventId, startedEventId: started, result: { payloads: [result === undefined ? NULL_PAYLOAD : json(result)] }, identity: 'replay' });
    return this;
  }

  /** The event of a StartTimer command; returns the timer id. */
  timerStarted(ms: number): string {
    this.timers++;
    const timerId = String(this.timers);
    this.add('TIMER_STARTED', { timerId, startToFireTimeout: `${ms / 1000}s`, workflowTaskCompletedEventId: this.lastTaskCompleted });
    return timerId;
  }

  timerFired(timerId: string, startedEventId: string): this {
    this.add('TIMER_FIRED', { timerId, startedEventId });
    return this;
  }

  /** The events of a StartChildWorkflowExecution command; returns the initiated event id. */
  childInitiated(workflowType: string, workflowId: string): string {
    this.children++;
    return this.add('START_CHILD_WORKFLOW_EXECUTION_INITIATED', {
      namespace: 'default',
      workflowId,
      workflowType: { name: workflowType },
      taskQueue: { name: 'replay' },
      workflowTaskCompletedEventId: this.lastTaskCompleted,
      parentClosePolicy: 'PARENT_CLOSE_POLICY_TERMINATE',
    });
  }

  childStartedAndCompleted(initiatedEventId: string, workflowType: string, workflowId: string, result: unknown): this {
    const execution = { workflowId, runId: `child-${initiatedEventId}` };
    const started = this.add('CHILD_WORKFLOW_EXECUTION_STARTED', { namespace: 'default', initiatedEventId, workflowExecution: execution, workflowType: { name: workflowType } });
    this.add('CHILD_WORKFLOW_EXECUTION_COMPLETED', { namespace: 'default', initiatedEventId, startedEventId: started, workflowExecution: execution, workflowType: { name: workflowType }, result: { payloads: [json(result)] } });
    return this;
  }

  signaled(signalName: string, args: unknown[]): this {
    this.add('WORKFLOW_EXECUTION_SIGNALED', { signalName, input: { payloads: args.map(json) }, identity: 'replay' });
    return this;
  }

  /** The id of the last event (e.g. to name an event another refers to). */
  get lastId(): string {
    return String(this.events.length);
  }

  history(): { events: Array<Record<string, unknown>> } {
    return { events: this.events };
  }

  private add(type: string, attributes: Record<string, unknown>): string {
    const eventId = String(this.events.length + 1);
    const key = `${type.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}EventAttributes`;
    this.events.push({ eventId, eventTime: this.time, eventType: `EVENT_TYPE_${type}`, [key]: attributes });
    return eventId;
  }
}

const NULL_PAYLOAD = { metadata: { encoding: Buffer.from('binary/null').toString('base64') } };

function json(value: unknown) {
  return { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(value)).toString('base64') };
}
