import { createRegistry } from '@chibo/catalog';
import { composeDefinition, type InstanceState, type ProcedureEvent, type ProcedureInput } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { cellInstanceId, guidanceInstanceId, loadFixtures, OrgTree, type Scenario, type ScenarioOrg } from '@chibo/scenario';
import type {
  ChildReportArgs,
  CreateChildrenArgs,
  CreatedChild,
  HostSettings,
  LoadStateArgs,
  ProcedureActivities,
  ProcedureWorkflowInput,
  PostReportResult,
  ProjectArgs,
  ReportPage,
  RunEffectArgs,
  StateChunk,
  TakeReportsArgs,
} from '../../src';

export const registry = createRegistry();

export function host(overrides: Partial<HostSettings> = {}): HostSettings {
  return { taskQueue: 'glue-test', workflowIdPrefix: '', clock: 'system', searchAttributes: false, ...overrides };
}

export function scenario(file = 'ai-mo-2022.json'): Scenario {
  const found = loadFixtures().find((f) => f.file === file);
  if (!found) throw new Error(`no fixture ${file}`);
  return found.scenario;
}

/** A committee with `count` cells of three members each (secretary, two official members). */
export function wideOrg(count: number): ScenarioOrg {
  const cells: ScenarioOrg[] = Array.from({ length: count }, (_, i) => {
    const code = `CB-${String(i + 1).padStart(5, '0')}`;
    return {
      code,
      name: `Chi bộ ${i + 1}`,
      kind: 'cell',
      abbr: 'CB',
      members: [
        { id: 'bt', name: 'Bí thư', status: 'official', roles: ['secretary'] },
        { id: 'm1', name: 'Đảng viên 1', status: 'official', roles: [] },
        { id: 'm2', name: 'Đảng viên 2', status: 'official', roles: [] },
      ],
      children: [],
    };
  });
  return { code: 'DU-WIDE', name: 'Đảng ủy thử nghiệm', kind: 'committee', abbr: 'ĐU', term: { from: '2020-08-01' }, members: [], children: cells };
}

/** The start input of a scenario's guidance instance (as the host composes it) and its cells' definition. */
export function guidanceStart(s: Scenario, hostSettings: HostSettings = host()): Extract<ProcedureWorkflowInput, { kind: 'start' }> {
  const g = s.guidance;
  const tree = new OrgTree(s.org);
  const child = composeDefinition(registry.procedure(g.procedure), { addSteps: g.addSteps, ...(g.rubric ? { rubric: g.rubric } : {}), owner: g.issuer }, registry);
  const cells = g.cells === 'all' ? tree.cellsUnder(g.issuer) : g.cells.map((c) => tree.get(c));
  const instanceId = guidanceInstanceId(g.issuer, g.number, g.issuedOn);
  return {
    kind: 'start',
    host: hostSettings,
    target: { instanceId, orgId: `org:${g.issuer}`, guidanceId: 'guidance-1' },
    start: {
      type: 'start',
      at: parseLocal(g.issuedOn),
      instanceId,
      definition: registry.procedure('guidance'),
      context: tree.context(g.issuer, {
        guidance: guidanceRef(s),
        cells: cells.map((c) => tree.ref(c.code)),
        childProcedure: { key: child.key, version: child.version, owner: child.owner },
      }),
    },
  };
}

/** The start input of one cell's instance under the scenario's guidance. */
export function cellStart(s: Scenario, cell: string, hostSettings: HostSettings = host()): Extract<ProcedureWorkflowInput, { kind: 'start' }> {
  const g = s.guidance;
  const tree = new OrgTree(s.org);
  const definition = composeDefinition(registry.procedure(g.procedure), { addSteps: g.addSteps, ...(g.rubric ? { rubric: g.rubric } : {}), owner: g.issuer }, registry);
  const instanceId = cellInstanceId(cell, g.number, g.issuedOn);
  return {
    kind: 'start',
    host: hostSettings,
    target: { instanceId, orgId: `org:${cell}`, guidanceId: 'guidance-1' },
    start: {
      type: 'start',
      at: parseLocal(g.issuedOn),
      instanceId,
      definition,
      context: tree.context(cell, { guidance: guidanceRef(s) }),
      parent: { instanceId: guidanceInstanceId(g.issuer, g.number, g.issuedOn), childKey: cell },
    },
  };
}

function guidanceRef(s: Scenario) {
  const g = s.guidance;
  const tree = new OrgTree(s.org);
  return {
    number: g.number,
    issuedOn: g.issuedOn,
    title: g.title,
    issuer: tree.ref(g.issuer),
    ...(g.sessionBy ? { sessionBy: g.sessionBy } : {}),
    ...(g.reportBy ? { reportBy: g.reportBy } : {}),
    basedOn: g.basedOn,
  };
}

/**
 * An in-memory stand-in for the Node-side activities: a read side that checks every projection continues the log
 * (fromSeq = events so far + 1, a retry of the same slice is ignored), an outbox of command states, numbered documents,
 * and states served in small slices. It records the order of everything it is asked to do.
 */
export class FakeReadSide {
  readonly events = new Map<string, ProcedureEvent[]>();
  readonly outbox = new Map<string, 'dispatched' | 'taken' | 'notified' | 'done'>();
  readonly log: string[] = [];
  readonly effects: RunEffectArgs[] = [];
  readonly states = new Map<string, InstanceState>();
  /** Starts stored in the read side (`stored-start` inputs), as JSON. */
  readonly starts = new Map<string, string>();
  private readonly registers = new Map<string, number>();
  /** Reports posted for parents (the report inbox), and the parents that have ended (they take no more). */
  readonly inbox: Array<{ parent: string; args: ChildReportArgs; takenBy: string | null }> = [];
  readonly endedParents = new Set<string>();
  /** Largest slice `loadState` returns, whatever was asked (forces several slices). */
  sliceLimit = Number.POSITIVE_INFINITY;
  /** How long each projection takes (it is logged when it ends): shows what waits for it. */
  projectionDelayMs = 0;

  activities(overrides: Partial<ProcedureActivities> = {}): Partial<ProcedureActivities> {
    return {
      project: async (args) => {
        if (this.projectionDelayMs) await new Promise((resolve) => setTimeout(resolve, this.projectionDelayMs));
        return this.project(args);
      },
      runEffect: async (args) => this.runEffect(args),
      createChildren: async (args) => this.createChildren(args),
      loadState: async (args) => this.loadState(args),
      loadStart: async (args) => {
        const json = this.starts.get(args.instanceId);
        if (json === undefined) throw new Error(`no stored start of ${args.instanceId}`);
        this.log.push(`load-start ${args.instanceId} @${args.offset}`);
        return { total: json.length, chunk: json.slice(args.offset, args.offset + Math.min(args.length, this.sliceLimit)) };
      },
      sealReport: async (args) => {
        this.log.push(`seal ${args.instanceId}`);
        return { ...args.report, sealed: true };
      },
      postReport: async (args) => this.post(args.parentInstanceId, args.args),
      takeReports: async (args) => this.take(args),
      ...overrides,
    };
  }

  /** Posts a report for a parent, as the postReport activity does (tests post for cells they do not run). */
  post(parent: string, args: ChildReportArgs): PostReportResult {
    if (this.endedParents.has(parent)) return { wake: false, parentEnded: true };
    const existing = this.inbox.find((r) => r.args.from.instanceId === args.from.instanceId && r.args.from.commandId === args.from.commandId);
    if (existing) return { wake: existing.takenBy === null };
    const waiting = this.inbox.filter((r) => r.parent === parent && r.takenBy === null).length;
    this.inbox.push({ parent, args: structuredClone(args), takenBy: null });
    this.log.push(`post ${parent} ${args.child}`);
    return { wake: waiting === 0 };
  }

  private take(args: TakeReportsArgs): ReportPage {
    this.log.push(`take ${args.instanceId} ${args.page}`);
    const mine = this.inbox.filter((r) => r.parent === args.instanceId);
    let page = mine.filter((r) => r.takenBy === args.page);
    if (!page.length) {
      page = [];
      let units = 0;
      for (const row of mine.filter((r) => r.takenBy === null)) {
        const size = JSON.stringify(row.args).length;
        if (page.length && units + size > args.maxUnits) break;
        page.push(row);
        units += size;
      }
      for (const row of page) row.takenBy = args.page;
    }
    return { reports: page.map((r) => structuredClone(r.args)), more: mine.some((r) => r.takenBy === null) };
  }

  eventsOf(instanceId: string): ProcedureEvent[] {
    return this.events.get(instanceId) ?? [];
  }

  outboxOf(instanceId: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, status] of this.outbox) {
      const [id, command] = key.split('|') as [string, string];
      if (id === instanceId) out[command] = status;
    }
    return out;
  }

  private async project(args: ProjectArgs): Promise<void> {
    if (args.contextFromStoredStart) {
      // As the activity does: the start's context comes from the stored start, not from the workflow.
      const [started, ...rest] = args.events;
      const stored = JSON.parse(this.starts.get(args.target.instanceId)!) as { context: unknown };
      args = { ...args, events: [{ ...started, context: stored.context } as ProcedureEvent, ...rest] };
    }
    const log = this.events.get(args.target.instanceId) ?? [];
    if (args.events.length && args.fromSeq <= log.length) return; // a retried slice: already applied
    if (args.events.length && args.fromSeq !== log.length + 1) throw new Error(`gap in the log of ${args.target.instanceId}: ${args.fromSeq} after ${log.length}`);
    this.events.set(args.target.instanceId, [...log, ...args.events]);
    for (const c of args.commands) this.outbox.set(`${args.target.instanceId}|${c.id}`, this.outbox.get(`${args.target.instanceId}|${c.id}`) ?? 'dispatched');
    for (const d of args.done) {
      // A report closes in two halves, the parent's (`taken`) and the child's (`notified`): done once both are in.
      const key = `${d.instanceId}|${d.commandId}`;
      const was = this.outbox.get(key);
      this.outbox.set(key, !d.half || was === 'done' || (was !== undefined && was !== 'dispatched' && was !== d.half) ? 'done' : d.half);
    }
    this.log.push(`project ${args.target.instanceId} ${args.fromSeq}..${args.fromSeq + args.events.length - 1} ${args.events.map((e) => e.type).join(',')}`);
  }

  private async runEffect(args: RunEffectArgs): Promise<Record<string, unknown>> {
    this.effects.push(args);
    this.log.push(`effect ${args.idempotencyKey}`);
    if (args.name === 'issue-document') {
      const { type, org } = args.input as { type: string; org: string };
      const seq = (this.registers.get(`${org}/${type}`) ?? 0) + 1;
      this.registers.set(`${org}/${type}`, seq);
      return { document: { type, number: `Số ${String(seq).padStart(2, '0')}-${type}/CB` } };
    }
    return { delivered: true, at: args.at };
  }

  private async createChildren(args: CreateChildrenArgs): Promise<CreatedChild[]> {
    this.log.push(`create ${args.batch} (${args.children.length})`);
    return args.children.map((c) => ({
      key: c.key,
      target: { instanceId: `cell:${c.org}:${args.guidance?.number ?? ''}:${args.guidance?.issuedOn ?? ''}`, orgId: `org:${c.org}`, guidanceId: args.guidanceId },
      version: 5,
    }));
  }

  private async loadState(args: LoadStateArgs): Promise<StateChunk> {
    const state = this.states.get(args.instanceId);
    if (!state || state.version !== args.version) throw new Error(`no state of ${args.instanceId} at ${args.version}`);
    const json = JSON.stringify(state);
    this.log.push(`load ${args.instanceId} @${args.offset}`);
    return { total: json.length, chunk: json.slice(args.offset, args.offset + Math.min(args.length, this.sliceLimit)) };
  }
}

/** The core input of the scenario's first action for a step (used to find realistic submissions). */
export type CoreInput = ProcedureInput;
