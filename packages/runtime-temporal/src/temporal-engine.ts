import { Guidance, OPEN_OUTBOX_STATUSES, OutboxEntry, ProcedureInstance, WorkflowStartInput } from '@chibo/db';
import { handle, type Actor, type InstanceState, type ProcedureEvent, type StepRegistry, type TaskRecord } from '@chibo/procedure';
import { DuplicateError, RejectedError, type Clock, type IssueGuidanceInput, type OrgInstanceInput } from '@chibo/host';
import {
  fireTimerUpdate,
  MAX_STORED_START_BYTES,
  START_INLINE_BYTES,
  guidanceKey,
  openTasksQuery,
  progressQuery,
  SEARCH_ATTRIBUTES,
  settleUpdate,
  stateQuery,
  submitUpdate,
  WORKFLOW_TYPES,
  workflowIdOf,
  type HostSettings,
  type ProcedureProgress,
  type ProcedureWorkflowInput,
} from '@chibo/workflows';
import type { SearchAttributePair } from '@temporalio/common';
import { In, Not, type DataSource } from 'typeorm';
import { advanceSimulatedClock, duplicateGuidance, loadEvents, loadInstanceState, prepareGuidance, prepareOrgInstance, writeTransaction } from '@chibo/host';
import { WorkflowClosedError, WorkflowExistsError, type WorkflowGateway } from './workflow-gateway';

export interface TemporalEngineOptions {
  gateway: WorkflowGateway;
  dataSource: DataSource;
  registry: StepRegistry;
  clock: Clock;
  taskQueue: string;
  /** Put before business keys to make workflow ids ('' in production). */
  workflowIdPrefix?: string;
  /** Whether the namespace has chibo's search attributes. */
  searchAttributes?: boolean;
  /** Signals after which a workflow run continues as new (the workflows' default when absent). */
  maxSignalsPerRun?: number;
  /** The largest guidance start accepted, in bytes of JSON (MAX_STORED_START_BYTES when absent; tests lower it). */
  maxStartBytes?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
  /** Called by `close()` (closes the client connection the engine was built on). */
  onClose?: () => Promise<void>;
}

/**
 * The API's engine on Temporal: the same surface as the embedded runtime (apps/api's ProcedureEngine), so switching
 * engines changes no controller, response or read-side table. Writes go to workflows — a guidance starts a procedure
 * workflow, a submission is an Update whose validator is the core's validation — and return once their events are in
 * the read side. Reads (state, events, tasks) come from the read side the workflows' activities fill, never from
 * Temporal (DESIGN §1): they work while workers restart, and a guidance's state of thousands of cells never has to fit
 * in a query result. `liveState` and `openTasks` query a workflow for operators and the conformance suite.
 */
export class TemporalEngine {
  readonly host: HostSettings;

  constructor(private readonly options: TemporalEngineOptions) {
    this.host = {
      taskQueue: options.taskQueue,
      workflowIdPrefix: options.workflowIdPrefix ?? '',
      clock: options.clock.simulated ? 'simulated' : 'system',
      searchAttributes: options.searchAttributes ?? false,
      ...(options.maxSignalsPerRun ? { maxSignalsPerRun: options.maxSignalsPerRun } : {}),
    };
  }

  get registry(): StepRegistry {
    return this.options.registry;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** The Temporal workflow id of an instance. */
  workflowId(instanceId: string): string {
    return workflowIdOf(this.host, instanceId);
  }

  /**
   * Issues a guidance: the database half as the embedded runtime does it (guidance row, the cells' composed
   * definition), then the guidance's procedure workflow, which dispatches to the cells in batches. Returns once the
   * start is in the read side. If the workflow cannot start, the guidance row is removed so it can be issued again.
   */
  async issueGuidance(input: IssueGuidanceInput): Promise<{ guidanceId: string; instanceId: string }> {
    const at = this.clock.now();
    const maxBytes = this.options.maxStartBytes ?? MAX_STORED_START_BYTES;
    const { prepared, args } = await writeTransaction(this.options.dataSource, async (m) => {
      const prepared = await prepareGuidance(m, this.registry, input, at);
      const target = { instanceId: prepared.instanceId, orgId: prepared.orgId, guidanceId: prepared.guidanceId };
      const inline: [ProcedureWorkflowInput] = [{ kind: 'start', host: this.host, target, start: prepared.start }];
      // A workflow input is one Temporal payload (limited in bytes, with a warning past 512 KiB). A start larger than
      // START_INLINE_BYTES (a guidance to thousands of cells carries each cell in its context) is stored in the read
      // side and read back by the workflow in slices; past maxBytes the guidance is refused with a field issue and
      // nothing is saved (ADR 0018, ADR 0026 addendum).
      const json = JSON.stringify(prepared.start);
      const bytes = Buffer.byteLength(json, 'utf8');
      if (bytes > maxBytes) {
        const cells = prepared.start.context.cells?.length ?? 0;
        throw new RejectedError({
          code: 'validation',
          message: `Hướng dẫn gửi tới ${cells} chi bộ quá lớn để khởi tạo trên Temporal (${Math.round(bytes / 1024)} KiB, tối đa ${Math.round(maxBytes / 1024)} KiB): hãy triển khai qua các cấp ủy cấp dưới`,
          issues: [{ path: 'cells', rule: 'too-large-for-one-guidance', message: `Quá nhiều chi bộ cho một hướng dẫn trên Temporal (${cells}); hãy triển khai qua các cấp ủy cấp dưới` }],
        });
      }
      if (Buffer.byteLength(JSON.stringify(inline), 'utf8') <= START_INLINE_BYTES) return { prepared, args: inline };
      await m.save(WorkflowStartInput, { instanceId: prepared.instanceId, input: json, length: json.length, createdAt: at });
      const stored: [ProcedureWorkflowInput] = [{ kind: 'stored-start', host: this.host, target, at: prepared.start.at }];
      return { prepared, args: stored };
    });
    const workflowId = this.workflowId(prepared.instanceId);
    const searchAttributes: SearchAttributePair[] = [
      { key: SEARCH_ATTRIBUTES.org, value: input.issuer },
      { key: SEARCH_ATTRIBUTES.guidance, value: guidanceKey(input) },
      { key: SEARCH_ATTRIBUTES.status, value: 'running' },
    ];
    try {
      await this.options.gateway.start(WORKFLOW_TYPES.procedure, { workflowId, args, ...(this.host.searchAttributes ? { searchAttributes } : {}) });
    } catch (error) {
      await writeTransaction(this.options.dataSource, async (m) => {
        await m.delete(WorkflowStartInput, { instanceId: prepared.instanceId });
        await m.delete(Guidance, { id: prepared.guidanceId });
      });
      if (error instanceof WorkflowExistsError) throw duplicateGuidance(input);
      throw error;
    }
    await this.options.gateway.update(workflowId, settleUpdate, []);
    return { guidanceId: prepared.guidanceId, instanceId: prepared.instanceId };
  }

  /**
   * Starts an instance an org unit runs for itself (a cell's year) as its own procedure workflow; its timers (each
   * scheduled session's start) are the workflow's durable timers. Returns once the start is in the read side.
   */
  async startOrgInstance(input: OrgInstanceInput): Promise<{ instanceId: string }> {
    const at = this.clock.now();
    const prepared = await writeTransaction(this.options.dataSource, (m) => prepareOrgInstance(m, this.registry, input, at));
    const workflowId = this.workflowId(prepared.instanceId);
    const args: [ProcedureWorkflowInput] = [{ kind: 'start', host: this.host, target: { instanceId: prepared.instanceId, orgId: prepared.orgId, guidanceId: null }, start: prepared.start }];
    const searchAttributes: SearchAttributePair[] = [
      { key: SEARCH_ATTRIBUTES.org, value: input.org },
      { key: SEARCH_ATTRIBUTES.status, value: 'running' },
    ];
    try {
      await this.options.gateway.start(WORKFLOW_TYPES.procedure, { workflowId, args, ...(this.host.searchAttributes ? { searchAttributes } : {}) });
    } catch (error) {
      if (error instanceof WorkflowExistsError) throw new DuplicateError(`Quy trình ${prepared.instanceId} đã được khởi tạo`, { rule: 'instance-exists', params: { instance: prepared.instanceId } });
      throw error;
    }
    await this.options.gateway.update(workflowId, settleUpdate, []);
    return { instanceId: prepared.instanceId };
  }

  /**
   * A person submits a task: an Update, refused synchronously by its validator (`RejectedError` with the core's field
   * issues, nothing recorded), or accepted once its events are in the read side.
   */
  async submit(instanceId: string, taskId: string, input: unknown, by: Actor): Promise<InstanceState> {
    try {
      await this.options.gateway.update(this.workflowId(instanceId), submitUpdate, [{ taskId, by, input, ...(this.clock.simulated ? { at: this.clock.now() } : {}) }]);
    } catch (error) {
      if (!(error instanceof WorkflowClosedError)) throw error;
      // The workflow has ended: the instance takes no more input, and the core says so in its own words (404 when
      // there is no such instance at all).
      const state = await this.state(instanceId);
      const result = handle(state, { type: 'submit', at: this.clock.now(), taskId, by, input }, this.registry);
      if (!result.ok) throw new RejectedError(result.rejection);
      throw error;
    }
    return this.state(instanceId);
  }

  /** The instance's state, from the read side (snapshot and the events after it). */
  state(instanceId: string): Promise<InstanceState> {
    return loadInstanceState(this.options.dataSource.manager, instanceId);
  }

  /** The instance's event log, from the read side. */
  events(instanceId: string): Promise<Array<{ seq: number; event: ProcedureEvent; recordedAt: string }>> {
    return loadEvents(this.options.dataSource.manager, instanceId);
  }

  /** The state as the running workflow holds it (a Query). */
  liveState(instanceId: string): Promise<InstanceState> {
    return this.options.gateway.query(this.workflowId(instanceId), stateQuery);
  }

  /** The open tasks as the running workflow holds them (a Query). */
  openTasks(instanceId: string): Promise<TaskRecord[]> {
    return this.options.gateway.query(this.workflowId(instanceId), openTasksQuery);
  }

  progress(instanceId: string): Promise<ProcedureProgress> {
    return this.options.gateway.query(this.workflowId(instanceId), progressQuery);
  }

  /**
   * Waits until every command the workflows decided (effects, batches, reports; not timers waiting for their time) has
   * been carried out, read from the outbox rows the workflows' projections keep, as the embedded runtime does.
   */
  async drain(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const open = { status: In([...OPEN_OUTBOX_STATUSES]), type: Not('start-timer') };
      const busy = await this.options.dataSource.manager.count(OutboxEntry, { where: open });
      if (busy === 0) return;
      if (Date.now() > deadline) {
        // Which commands, so that a hang names the instance and the command to look at.
        const rows = await this.options.dataSource.manager.find(OutboxEntry, { where: open, order: { id: 'ASC' }, take: 5 });
        const named = rows.map((r) => `${r.instanceId} ${r.commandId} (${r.type}, ${r.status})`).join('; ');
        throw new Error(`Temporal work not drained after ${timeoutMs} ms (${busy} commands outstanding: ${named}${busy > rows.length ? '; …' : ''})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * Simulated clock only: moves time to `at`, firing every due timer on the way in time order (a `fire-timer` update to
   * its instance) and letting each one's consequences settle before the next, as the embedded runtime does.
   */
  async advanceTo(at: string): Promise<void> {
    await advanceSimulatedClock(
      {
        dataSource: this.options.dataSource,
        clock: this.clock as Clock & { set(at: string): void },
        fire: async (instanceId, timerId) => {
          try {
            await this.options.gateway.update(this.workflowId(instanceId), fireTimerUpdate, [{ timerId, at: this.clock.now() }]);
          } catch (error) {
            // A workflow that has ended takes no timer: the kernel closes the timer's row.
            if (!(error instanceof WorkflowClosedError)) throw error;
          }
        },
        settle: () => this.drain(),
      },
      at,
    );
  }

  /**
   * Terminates the workflow of every instance in the read side that is still running (a scenario run or a test that
   * ends while some instances wait forever, e.g. an overdue cell, on a server shared with others).
   */
  async terminateAll(reason: string): Promise<void> {
    const rows = await this.options.dataSource.manager.find(ProcedureInstance, { select: { id: true } });
    for (const row of rows) await this.options.gateway.terminate(this.workflowId(row.id), reason);
  }

  async close(): Promise<void> {
    await this.options.onClose?.();
  }
}
