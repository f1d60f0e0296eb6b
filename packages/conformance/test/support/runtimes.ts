import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '@chibo/catalog';
import { seedOrgTree } from '@chibo/db';
import type { Actor, InstanceState, ProcedureEvent, Rejection } from '@chibo/procedure';
import {
  EmbeddedRuntime,
  NotFoundError,
  BullmqQueueDriver,
  RejectedError,
  SimulatedClock,
  type IssueGuidanceInput,
} from '@chibo/runtime-embedded';
import {
  createActivities,
  DEV_SERVER_READY_LINE,
  DEV_SERVER_RELATIVE_PATH,
  findDevServer,
  findTemporalCli,
  hasSearchAttributes,
  startDevServer,
  temporalGateway,
  TemporalEngine,
  temporalNaming,
  type DevServerProcess,
} from '@chibo/runtime-temporal';
import { OrgTree, scenarioActor, yearInstanceId, type Scenario, type ScenarioActor, type ScenarioOrg, type ScenarioPort, type YearPort, type YearScenario } from '@chibo/scenario';
import type { EffectHandler, OrgInstanceInput } from '@chibo/host';
import { freshDatabase, redisUrl, uniqueQueuePrefix, unavailable, type DatabaseKind } from '@chibo/testing';
import { createChiboWorker } from '@chibo/worker';
import { childReportSignal, SEARCH_ATTRIBUTES } from '@chibo/workflows';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { DoubleCluster } from './double-cluster';
import { workerProcess } from './worker-process';

export const registry = createRegistry();

/** What both engines offer the tests (the API's ProcedureEngine surface). */
interface Engine {
  issueGuidance(input: IssueGuidanceInput): Promise<{ guidanceId: string; instanceId: string }>;
  submit(instanceId: string, taskId: string, input: unknown, by: Actor): Promise<InstanceState>;
  state(instanceId: string): Promise<InstanceState>;
  events(instanceId: string): Promise<Array<{ event: ProcedureEvent }>>;
  drain(timeoutMs?: number): Promise<void>;
  advanceTo(at: string): Promise<void>;
  startOrgInstance(input: OrgInstanceInput): Promise<{ instanceId: string }>;
}

/** A runtime booted on a fresh database with an org tree, on a simulated clock. */
export interface Booted {
  dataSource: DataSource;
  clock: SimulatedClock;
  /** The scenario driver's view of the runtime. */
  port: ScenarioPort;
  /** The year driver's view of the runtime (a cell's year opens instead of a guidance being issued). */
  yearPort: YearPort;
  /** Submits without draining and reports a refusal with its rejection. */
  submitRaw(instanceId: string, taskId: string, actor: ScenarioActor, input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; rejection: Rejection }>;
  drain(): Promise<void>;
  state(instanceId: string): Promise<InstanceState>;
  events(instanceId: string): Promise<ProcedureEvent[]>;
  /** The state the workflow itself holds (a Query), where there is one. */
  liveState?(instanceId: string): Promise<InstanceState>;
  /** Ids of the child workflows an instance's workflow started (from its history, or the double's record). */
  childWorkflowsOf?(instanceId: string): Promise<string[]>;
  /** Events and bytes of the histories of an instance's workflow and its batch workflows (a real server only). */
  historySizes?(instanceId: string): Promise<Array<{ workflowId: string; events: number; bytes: number }>>;
  /** Kills the Temporal server and starts it again on its persisted file (booted with `ownServer` only). */
  restartServer?(): Promise<void>;
  /** SIGKILLs the worker process (booted with `workerProcess` only); `startWorker` starts a new one. */
  killWorker?(): Promise<void>;
  startWorker?(): Promise<void>;
  /** Activities of this run that needed more than one attempt, as `<workflowId> <activity> attempt <n>` (a real server only). */
  retriedActivities?(): Promise<string[]>;
  /** Stops the runtime's workers and starts new ones on the same database (and server). */
  restart(): Promise<void>;
  /** Problems the runtime noticed on its own (a failed workflow, from the server's visibility where there is one). */
  problems(): Promise<string[]>;
  /**
   * Delivers a child report to an instance as the system would (no person submits one), where the runtime lets a test
   * do that: `refused` and, where the runtime hands it back, the core's rejection (a Temporal signal only logs it).
   */
  childReport?(instanceId: string, child: string, report: Record<string, unknown>): Promise<{ refused: boolean; rejection?: Rejection; logged?: string }>;
  close(): Promise<void>;
}

export interface RuntimeUnderTest {
  name: string;
  /** Why it cannot run here, or undefined. */
  unavailable(): string | undefined;
  /** Why a restart cannot be tested on it, or undefined. */
  restartUnsupported?: string;
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
  boot(db: DatabaseKind, org: ScenarioOrg, start: string, options?: BootOptions): Promise<Booted>;
}

/** What a case may change in a runtime it boots. */
export interface BootOptions {
  /** The Node-side effects (default: every effect chibo ships), e.g. one that always fails. */
  effects?: readonly EffectHandler[];
  /** A Temporal server of the case's own (a real server only), so that it can restart it (`restartServer`). */
  ownServer?: boolean;
  /** The worker in a process of its own (apps/worker's main, a real server only), so that a case can kill it. */
  workerProcess?: boolean;
}

async function seeded(db: DatabaseKind, org: ScenarioOrg, start: string) {
  const database = await freshDatabase(db);
  await database.dataSource.transaction((m) => seedOrgTree(m, org, start));
  return database;
}

/** The driver's port and the raw submission over an engine (read through `current`, which a restart replaces). */
function portOver(current: () => Engine, org: ScenarioOrg, drainMs?: number): Pick<Booted, 'port' | 'yearPort' | 'submitRaw' | 'drain' | 'state' | 'events'> {
  const tree = new OrgTree(org);
  const submitRaw: Booted['submitRaw'] = async (instanceId, taskId, actor, input) => {
    try {
      await current().submit(instanceId, taskId, input, scenarioActor(tree, actor));
      return { ok: true };
    } catch (error) {
      if (error instanceof RejectedError) return { ok: false, rejection: error.rejection };
      throw error;
    }
  };
  const port: ScenarioPort = {
    issueGuidance: async (s: Scenario) => {
      const { instanceId } = await current().issueGuidance({ ...s.guidance, cells: s.guidance.cells });
      await current().drain(drainMs);
      return instanceId;
    },
    advanceTo: (at) => current().advanceTo(at),
    state: async (id) => {
      try {
        return await current().state(id);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    submit: async (instanceId, taskId, actor, input) => {
      const result = await submitRaw(instanceId, taskId, actor, input);
      await current().drain(drainMs);
      // Worded as the in-memory host words it, so a refused fact reads the same on every host.
      return result.ok ? { ok: true } : { ok: false, message: result.rejection.issues.map((i) => `${i.path} ${i.rule}: ${i.message}`).join('; ') };
    },
  };
  return {
    submitRaw,
    yearPort: {
      advanceTo: port.advanceTo,
      state: port.state,
      submit: port.submit,
      startYear: async (s: YearScenario) => {
        const { instanceId } = await current().startOrgInstance({ org: s.year.cell, instanceId: yearInstanceId(s.year.cell, s.year.year), procedure: 'cell-year', kind: 'cell' });
        await current().drain(drainMs);
        return instanceId;
      },
    },
    drain: () => current().drain(drainMs),
    state: (id) => current().state(id),
    events: async (id) => (await current().events(id)).map((e) => e.event),
    port,
  };
}

/** The embedded runtime: event log and outbox in the database, BullMQ on Redis. */
export const embeddedRuntime: RuntimeUnderTest = {
  name: 'embedded',
  unavailable: () => unavailable('redis'),
  async boot(db, org, start, options) {
    const database = await seeded(db, org, start);
    const clock = new SimulatedClock(start);
    const queuePrefix = uniqueQueuePrefix();
    const make = () => new EmbeddedRuntime({ dataSource: database.dataSource, registry, clock, redisUrl: redisUrl(), queuePrefix, ...(options?.effects ? { effects: options.effects } : {}) });
    let runtime = make();
    await runtime.start();
    return {
      dataSource: database.dataSource,
      clock,
      ...portOver(() => runtime, org),
      // A lighter crash: the runtime object goes away with whatever it had in flight; a new one recovers from the outbox.
      restart: async () => {
        await runtime.close();
        runtime = make();
        await runtime.start();
      },
      problems: async () => [],
      childReport: async (instanceId, child, report) => {
        const { rejected } = await runtime.sendInternal(instanceId, () => ({ type: 'child-report', at: clock.now(), child, report }));
        await runtime.drain();
        return rejected ? { refused: true, rejection: rejected.rejection } : { refused: false };
      },
      close: async () => {
        await runtime.close();
        const driver = new BullmqQueueDriver(redisUrl(), queuePrefix);
        await driver.obliterate().finally(() => driver.close());
        await database.drop();
      },
    };
  },
};

/**
 * The Temporal runtime's workflows, activities and engine on WorkflowApiDouble (DoubleCluster): no Temporal server.
 * It proves the three work together end to end on this machine; the variant below proves them on Temporal.
 */
export const temporalOnDouble: RuntimeUnderTest = {
  name: 'temporal workflows on the in-process WorkflowApiDouble (no Temporal server)',
  unavailable: () => undefined,
  restartUnsupported: 'the test double keeps no history, so a worker restart (which replays histories) cannot be simulated on it',
  async boot(db, org, start, options) {
    const database = await seeded(db, org, start);
    const clock = new SimulatedClock(start);
    const cluster = new DoubleCluster(createActivities({ dataSource: database.dataSource, registry, ...(options?.effects ? { effects: options.effects } : {}) }));
    const engine = new TemporalEngine({ gateway: cluster, dataSource: database.dataSource, registry, clock, taskQueue: 'double' });
    return {
      dataSource: database.dataSource,
      clock,
      ...portOver(() => engine, org),
      liveState: (id) => engine.liveState(id),
      childWorkflowsOf: async (id) => cluster.childrenOf.get(engine.workflowId(id)) ?? [],
      restart: async () => {
        throw new Error(temporalOnDouble.restartUnsupported);
      },
      problems: async () => cluster.failures.map((f) => `${f.workflowId} failed: ${String((f.error as Error)?.stack ?? f.error)}`),
      childReport: async (instanceId, child, report) => {
        const execution = cluster.executions.get(engine.workflowId(instanceId));
        if (!execution) throw new Error(`no workflow for ${instanceId}`);
        const logged = execution.api.logs.length;
        execution.api.signalIn(childReportSignal, { child, report, at: clock.now(), from: { instanceId: `cell:${child}`, commandId: 'test-child-report' } });
        await cluster.settle();
        const refusal = execution.api.logs.slice(logged).find((l) => l.message === 'child report refused');
        return refusal ? { refused: true, logged: String(refusal.attrs?.['reason']) } : { refused: false };
      },
      close: async () => {
        await cluster.settle();
        await database.drop();
      },
    };
  },
};

let environment: TestWorkflowEnvironment | undefined;
let devServer: DevServerProcess | undefined;
/** The address of the suite's server (set up in setUp). */
let serverAddress: string | undefined;

/** Why a case cannot restart the Temporal server here, or undefined (it needs chibo's dev server, which it starts). */
export function serverRestartUnsupported(): string | undefined {
  const choice = temporalServerChoice();
  if ('unavailable' in choice) return choice.unavailable;
  if ('address' in choice) return 'the server at TEMPORAL_ADDRESS is not ours to restart';
  return choice.devServer ? undefined : 'a server restart on a persisted file needs chibo\'s dev server (npm run build builds it where Go is installed)';
}

/** A dev server of one case's own, on a SQLite file in a fresh directory. */
async function ownDevServer(): Promise<{ server: DevServerProcess; options: Parameters<typeof startDevServer>[0]; port: number; dir: string }> {
  const choice = temporalServerChoice();
  if (!('executable' in choice) || !choice.devServer) throw new Error(serverRestartUnsupported());
  const dir = mkdtempSync(join(tmpdir(), 'chibo-temporal-'));
  const options = { executable: choice.executable, namespace: 'default', dbFilename: join(dir, 'temporal.sqlite'), searchAttributes: Object.values(SEARCH_ATTRIBUTES), readyLine: DEV_SERVER_READY_LINE };
  const server = await startDevServer(options);
  return { server, options, port: Number(server.address.split(':').pop()), dir };
}

/**
 * The real Temporal server the suite runs on, by the engine-selection rule: TEMPORAL_ADDRESS; else chibo's own dev
 * server (apps/temporal-dev-server/bin, built by `npm run build` when Go is installed); else the `temporal` CLI on
 * PATH. (@temporalio/testing's download needs internet, which tests do not have.)
 */
function temporalServerChoice(): { address: string } | { executable: string; devServer: boolean } | { unavailable: string } {
  const address = process.env['TEMPORAL_ADDRESS'];
  if (address) return { address };
  const dev = findDevServer();
  if (dev && DEV_SERVER_OPT_IN && process.env['CHIBO_TEMPORAL_DEV'] !== '1') {
    if (!optInSaid) console.warn(`[chibo] runtime conformance on chibo's Temporal dev server (${dev}) is opt-in: CHIBO_TEMPORAL_DEV=1 runs it; ${DEV_SERVER_OPT_IN}`);
    optInSaid = true;
  } else if (dev) return { executable: dev, devServer: true };
  const cli = findTemporalCli();
  if (cli) return { executable: cli, devServer: false };
  return {
    unavailable: dev
      ? 'no TEMPORAL_ADDRESS and no `temporal` CLI on PATH, and the run on chibo\'s dev server is opt-in (CHIBO_TEMPORAL_DEV=1, see the line above)'
      : `no TEMPORAL_ADDRESS, no chibo dev server built (${DEV_SERVER_RELATIVE_PATH}: \`npm run build\` builds it where Go is installed) and no \`temporal\` CLI on PATH`,
  };
}

/**
 * Why the suite does not run on chibo's dev server unless CHIBO_TEMPORAL_DEV=1, or '' once it passes there (then it
 * runs whenever the dev server is built, in CI too).
 */
const DEV_SERVER_OPT_IN: string = '';
let optInSaid = false;

/**
 * Whether this run must include the real Temporal server: in CI (CI=true) on a machine with Go, where `npm run build`
 * builds chibo's dev server, a suite that does not run on Temporal is a failure, not a skip.
 */
export function temporalRequired(): boolean {
  if (process.env['CI'] !== 'true') return false;
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Why the suite cannot run on Temporal here, or undefined. */
export function temporalUnavailable(): string | undefined {
  const choice = temporalServerChoice();
  return 'unavailable' in choice ? choice.unavailable : undefined;
}

/** The Temporal runtime on a real server (see temporalServerChoice); one line says which. */
export const temporalOnServer: RuntimeUnderTest = {
  name: 'temporal',
  unavailable: temporalUnavailable,
  async setUp() {
    const choice = temporalServerChoice();
    const namespace = process.env['TEMPORAL_NAMESPACE'] || 'default';
    if ('unavailable' in choice) throw new Error(choice.unavailable);
    let address: string;
    if ('address' in choice) {
      address = choice.address;
      serverAddress = address;
      console.warn(`[chibo] runtime conformance on temporal: the server at ${address} (TEMPORAL_ADDRESS), namespace ${namespace}`);
    } else {
      devServer = await startDevServer({ executable: choice.executable, namespace, searchAttributes: Object.values(SEARCH_ATTRIBUTES), ...(choice.devServer ? { readyLine: DEV_SERVER_READY_LINE } : {}) });
      address = devServer.address;
      serverAddress = address;
      console.warn(`[chibo] runtime conformance on temporal: ${choice.devServer ? `chibo's Temporal dev server (${devServer.readyLine.replace(/^temporal-dev-server: /, '')})` : `\`${choice.executable} server start-dev\` at ${address}`}`);
    }
    environment = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace });
  },
  async tearDown() {
    await environment?.teardown();
    environment = undefined;
    await devServer?.stop();
    devServer = undefined;
  },
  async boot(db, org, start, options) {
    if (!environment) throw new Error('the Temporal environment is not set up');
    // A case that restarts the server gets a server of its own, on a SQLite file that outlives its process.
    const own = options?.ownServer ? await ownDevServer() : undefined;
    let env: TestWorkflowEnvironment = own ? await TestWorkflowEnvironment.createFromExistingServer({ address: own.server.address, namespace: 'default' }) : environment;
    const namespace = env.namespace ?? 'default';
    const database = await seeded(db, org, start);
    const clock = new SimulatedClock(start);
    const queuePrefix = uniqueQueuePrefix();
    const { taskQueue, workflowIdPrefix } = temporalNaming(queuePrefix);
    if (options?.workerProcess && options.effects) throw new Error('a worker process runs the effects chibo ships; a case cannot replace them');
    const external = options?.workerProcess ? workerProcess({ address: own?.server.address ?? serverAddress!, namespace, queuePrefix, databaseUrl: database.url }) : undefined;
    const newWorker = () =>
      createChiboWorker({ connection: env.nativeConnection, namespace, taskQueue, dataSource: database.dataSource, registry, ...(options?.effects ? { effects: options.effects } : {}) });
    let worker: Worker | undefined;
    let running: Promise<void> = Promise.resolve();
    const startWorker = async () => {
      if (external) return external.start();
      worker = await newWorker();
      running = worker.run();
    };
    await startWorker();
    const newEngine = async () =>
      new TemporalEngine({
        gateway: temporalGateway(env.client, taskQueue),
        dataSource: database.dataSource,
        registry,
        clock,
        taskQueue,
        workflowIdPrefix,
        searchAttributes: await hasSearchAttributes(env.connection, namespace),
      });
    let engine = await newEngine();
    const stopWorker = async () => {
      if (external) return external.stop();
      worker?.shutdown();
      await running;
    };
    return {
      ...(own
        ? {
            // The server is killed (SIGKILL: no shutdown of its own) and started again on the same file and port; the
            // worker and the engine connect again. Workflows, timers and pending updates come back from the file.
            restartServer: async () => {
              await stopWorker();
              await env.teardown();
              await own.server.kill();
              own.server = await startDevServer({ ...own.options, port: own.port });
              env = await TestWorkflowEnvironment.createFromExistingServer({ address: own.server.address, namespace: 'default' });
              await startWorker();
              engine = await newEngine();
            },
          }
        : {}),
      dataSource: database.dataSource,
      clock,
      // A real server on a loaded 2-core machine: a fan-out of thousands of cells takes minutes, not one. The
      // 2,500-cell case took 186–301 s here at load 1.5–6, so 300 s was its median, not its bound (how fast a fan-out
      // is belongs to the benchmark; these tests say what it does).
      ...portOver(() => engine, org, 600_000),
      liveState: (id) => engine.liveState(id),
      childWorkflowsOf: async (id) => {
        const history = await env.client.workflow.getHandle(engine.workflowId(id)).fetchHistory();
        return (history.events ?? []).flatMap((e) => (e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ? [e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId] : []));
      },
      historySizes: async (id) => {
        const ids = [engine.workflowId(id)];
        const history = await env.client.workflow.getHandle(ids[0]!).fetchHistory();
        for (const e of history.events ?? []) {
          const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
          if (child) ids.push(child);
        }
        return Promise.all(
          ids.map(async (workflowId) => {
            const description = await env.client.workflow.getHandle(workflowId).describe();
            return { workflowId, events: description.historyLength, bytes: description.historySize ?? 0 };
          }),
        );
      },
      // A worker restart: the new worker has no cached workflows and rebuilds each from its history (a replay).
      restart: async () => {
        await stopWorker();
        await startWorker();
      },
      ...(external ? { killWorker: () => external.kill(), startWorker } : {}),
      retriedActivities: async () => {
        const found: string[] = [];
        for await (const execution of env.client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
          const history = await env.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
          const scheduled = new Map<string, string>();
          for (const e of history.events ?? []) {
            const attributes = e.activityTaskScheduledEventAttributes;
            if (attributes) scheduled.set(String(e.eventId), attributes.activityType?.name ?? '?');
            const started = e.activityTaskStartedEventAttributes;
            if (started && (started.attempt ?? 1) > 1) found.push(`${execution.workflowId} ${scheduled.get(String(started.scheduledEventId)) ?? '?'} attempt ${started.attempt}`);
          }
        }
        return found;
      },
      // Workflows of this run that failed (a workflow error, an activity out of retries), from the server itself.
      problems: async () => {
        const found: string[] = [];
        for await (const execution of env.client.workflow.list({ query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Failed"` })) {
          const history = await env.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
          const failed = history.events?.find((e) => e.workflowExecutionFailedEventAttributes)?.workflowExecutionFailedEventAttributes;
          found.push(`${execution.workflowId} failed: ${failed?.failure?.message ?? '(no reason)'}`);
        }
        return found;
      },
      close: async () => {
        // Instances that never end (an overdue cell) would otherwise keep running on a shared server.
        await engine.terminateAll('conformance test finished');
        await stopWorker();
        external?.dispose();
        if (own) {
          await env.teardown();
          await own.server.stop();
          rmSync(own.dir, { recursive: true, force: true });
        }
        await database.drop();
      },
    };
  },
};
