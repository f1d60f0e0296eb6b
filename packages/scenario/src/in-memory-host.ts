import {
  composeDefinition,
  recompose,
  handle,
  newCommands,
  type Actor,
  type HandleResult,
  type InstanceState,
  type ProcedureCommand,
  type ProcedureDefinition,
  type ProcedureEvent,
  type ProcedureInput,
  type ProcedureRef,
  type StepRegistry,
  EMPTY_STATE,
  childInstanceId,
  guidanceInstanceId,
} from '@chibo/procedure';
import { compareInstants, formatDocumentNumber, parseLocal, registerKey, termFor } from '@chibo/rules';
import type { OrgTree } from './org-tree';
import type { Scenario } from './scenario.schema';
import { scenarioActor, type ScenarioActor } from './fact-plan';

interface Stored {
  state: InstanceState;
  events: ProcedureEvent[];
}

/** A document the in-memory host issued. */
export interface HostDocument {
  org: string;
  type: string;
  number: string;
  instanceId: string;
  title: string;
  data: unknown;
  /** The template the issuing step named (`thematic:minutes`), if any. */
  template: string | null;
  /** The instant it was issued (the input's time): the date printed on it. */
  issuedAt: string;
}

/**
 * Hosts the pure core in memory: the reference host for tests. It keeps each instance's event log, carries out the
 * commands `decide` yields (effects at once, timers when the simulated clock passes them, children, parent reports),
 * and numbers documents per issuing body, type and term. No clock of its own: time comes from the inputs.
 */
export class InMemoryHost {
  readonly instances = new Map<string, Stored>();
  readonly documents: HostDocument[] = [];
  readonly notifications: Array<{ instanceId: string; input: Record<string, unknown>; at: string }> = [];
  private readonly registers = new Map<string, number>();
  private readonly definitions = new Map<string, ProcedureDefinition>();
  private timers: Array<{ instanceId: string; timerId: string; fireAt: string }> = [];
  private now = '';

  constructor(
    readonly registry: StepRegistry,
    readonly tree: OrgTree,
  ) {}

  /** Registers a composed definition so children can be started from a reference to it. */
  addDefinition(definition: ProcedureDefinition): ProcedureRef {
    const ref = { key: definition.key, version: definition.version, owner: definition.owner };
    this.definitions.set(refKey(ref), definition);
    return ref;
  }

  state(instanceId: string): InstanceState {
    const stored = this.instances.get(instanceId);
    if (!stored) throw new Error(`Unknown instance ${instanceId}`);
    return stored.state;
  }

  events(instanceId: string): ProcedureEvent[] {
    return this.instances.get(instanceId)?.events ?? [];
  }

  /** Sends one input to an instance; on success appends its events and carries out the new commands. */
  send(instanceId: string, input: ProcedureInput): HandleResult {
    const queue: Array<{ instanceId: string; input: ProcedureInput }> = [{ instanceId, input }];
    let first: HandleResult | undefined;
    while (queue.length) {
      const next = queue.shift()!;
      const stored = this.instances.get(next.instanceId) ?? { state: EMPTY_STATE, events: [] };
      const result = handle(stored.state, next.input, this.registry);
      first ??= result;
      if (!result.ok) {
        if (next.instanceId !== instanceId || next.input !== input) throw new Error(`Internal input refused: ${result.rejection.message}`);
        return result;
      }
      const before = stored.state;
      this.instances.set(next.instanceId, { state: result.state, events: [...stored.events, ...result.events] });
      this.rememberAssignments(result.state.context.org.code, result.events);
      for (const command of newCommands(before, result.state)) queue.push(...this.carryOut(next.instanceId, command, next.input.at));
    }
    return first!;
  }

  /**
   * Each member's last topic-draft assignment, by org (what the database hosts read from their assignment rows): an
   * instance started later (the next session of a cell's year) gets it in its context, for the fair rotation.
   */
  private readonly assignments = new Map<string, Record<string, string>>();

  private rememberAssignments(org: string, events: readonly ProcedureEvent[]): void {
    for (const event of events) {
      if (event.type !== 'fact-recorded' || event.name !== 'draft') continue;
      const draft = event.value as { assignee?: string; status?: string };
      if (draft.status !== 'assigned' || !draft.assignee) continue;
      const own = this.assignments.get(org) ?? {};
      if (!own[draft.assignee] || compareInstants(own[draft.assignee]!, event.at) < 0) own[draft.assignee] = event.at;
      this.assignments.set(org, own);
    }
  }

  /** The context an instance of `org` starts with: the tree's, with the rotation history this host has seen. */
  private contextOf(org: string, extra: Parameters<OrgTree['context']>[1] = {}) {
    const last = this.assignments.get(org);
    // In roster order, as the database hosts build it.
    const lastAssigned: Record<string, string> = {};
    for (const m of this.tree.get(org).members) if (last?.[m.id]) lastAssigned[m.id] = last[m.id]!;
    return this.tree.context(org, { ...extra, ...(Object.keys(lastAssigned).length ? { lastAssigned } : {}) });
  }

  /** The simulated clock: the latest instant the host was advanced to. */
  clockNow(): string {
    return this.now;
  }

  /** Advances the simulated clock, firing every timer due up to and including `at`, in time order. */
  advanceTo(at: string): void {
    for (;;) {
      const due = this.timers.filter((t) => compareInstants(t.fireAt, at) <= 0).sort((a, b) => compareInstants(a.fireAt, b.fireAt))[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      // A timer already due when it was scheduled (an instance started after its deadline) fires at once, at the
      // host's present, as the database hosts and Temporal fire it: an instance's events never go back in time.
      const firedAt = this.now && compareInstants(due.fireAt, this.now) < 0 ? this.now : due.fireAt;
      this.send(due.instanceId, { type: 'fire-timer', at: firedAt, timerId: due.timerId });
      if (compareInstants(firedAt, this.now || firedAt) >= 0) this.now = firedAt;
    }
    if (compareInstants(at, this.now || at) >= 0) this.now = at;
  }

  /** Starts the guidance of a scenario: composes the cells' definition and starts the committee's instance. */
  issueGuidance(scenario: Scenario): string {
    const g = scenario.guidance;
    const child = composeDefinition(this.registry.procedure(g.procedure), { addSteps: g.addSteps, ...(g.rubric ? { rubric: g.rubric } : {}), owner: g.issuer }, this.registry);
    const childRef = this.addDefinition(child);
    // A cascade goes to the issuer's direct cells in scope and its directly subordinate committees (DESIGN §5).
    const direct = g.cascade ? this.tree.directChildren(g.issuer) : undefined;
    const inScope = (code: string) => g.cells === 'all' || g.cells.includes(code);
    const cells = direct
      ? direct.cells.filter((c) => inScope(c.code))
      : g.cells === 'all'
        ? this.tree.cellsUnder(g.issuer)
        : g.cells.map((c) => this.tree.get(c));
    const instanceId = guidanceInstanceId(g.issuer, g.number, g.issuedOn);
    const at = parseLocal(g.issuedOn);
    this.advanceTo(at);
    const result = this.send(instanceId, {
      type: 'start',
      at,
      instanceId,
      definition: this.registry.procedure('guidance'),
      context: this.tree.context(g.issuer, {
        guidance: {
          number: g.number,
          issuedOn: g.issuedOn,
          title: g.title,
          issuer: this.tree.ref(g.issuer),
          ...(g.sessionBy ? { sessionBy: g.sessionBy } : {}),
          ...(g.reportBy ? { reportBy: g.reportBy } : {}),
          basedOn: g.basedOn,
        },
        cells: cells.map((c) => this.tree.ref(c.code)),
        ...(direct ? { committees: direct.committees.map((c) => this.tree.ref(c.code)) } : {}),
        childProcedure: childRef,
      }),
    });
    if (!result.ok) throw new Error(result.rejection.message);
    return instanceId;
  }

  /**
   * Starts a top-level instance of a plugin definition for one org unit at the current time, e.g. a cell's year
   * (`cell-year`, instance `year:<cell>:<year>`): the context is the unit's own, with no guidance.
   */
  startInstance(instanceId: string, org: string, definitionKey: string): string {
    const at = this.now;
    const result = this.send(instanceId, { type: 'start', at, instanceId, definition: this.registry.procedure(definitionKey), context: this.contextOf(org) });
    if (!result.ok) throw new Error(result.rejection.message);
    return instanceId;
  }

  /** The actor a scenario person acts as. */
  actor(who: ScenarioActor): Actor {
    return scenarioActor(this.tree, who);
  }

  private carryOut(instanceId: string, command: ProcedureCommand, at: string): Array<{ instanceId: string; input: ProcedureInput }> {
    switch (command.type) {
      case 'start-timer':
        this.timers.push({ instanceId, timerId: command.id.slice('timer:'.length), fireAt: command.fireAt });
        return [];
      case 'run-effect':
        return [{ instanceId, input: { type: 'complete-effect', at, effectId: command.id.slice('effect:'.length), result: this.runEffect(instanceId, command, at) } }];
      case 'start-children': {
        const definition = this.definitionOf(command.procedure);
        const guidance = command.parent.guidance;
        const inputs: Array<{ instanceId: string; input: ProcedureInput }> = command.children.map((child) => {
          const org = this.tree.get(child.org);
          const id = childInstanceId({ org: child.org, kind: org.kind }, guidance);
          return {
            instanceId: id,
            input: {
              type: 'start',
              at,
              instanceId: id,
              definition,
              context: this.contextOf(child.org, { ...(guidance ? { guidance } : {}), ...(org.kind === 'committee' ? this.committeeScope(child.org, child.childProcedure) : {}) }),
              parent: { instanceId: command.parent.instanceId, childKey: child.key },
            },
          };
        });
        inputs.push({ instanceId, input: { type: 'children-started', at, batch: command.batch } });
        return inputs;
      }
      case 'notify-parent':
        return [
          { instanceId: command.parent.instanceId, input: { type: 'child-report', at, child: command.parent.childKey, report: command.report } },
          { instanceId, input: { type: 'parent-notified', at, notificationId: command.id.slice('notify:'.length) } },
        ];
      case 'open-task':
      case 'complete':
        return [];
    }
  }

  /** A definition by reference: a composed one registered here, or a plugin default; recomposed by committees (cascades). */
  private definitionOf(ref: ProcedureRef): ProcedureDefinition {
    const base = this.definitions.get(refKey(ref)) ?? (!ref.owner || ref.owner === 'default' ? this.registry.procedure(ref.key, ref.version) : undefined);
    if (!base) throw new Error(`Unknown definition ${refKey(ref)}`);
    return recompose(base, ref, this.registry);
  }

  /** What a committee receiving a guidance starts with (cascades): every cell of its subtree, its direct cells and committees. */
  private committeeScope(code: string, childProcedure: ProcedureRef | undefined) {
    const direct = this.tree.directChildren(code);
    return {
      cells: this.tree.cellsUnder(code).map((c) => this.tree.ref(c.code)),
      directCells: direct.cells.map((c) => c.code),
      committees: direct.committees.map((c) => this.tree.ref(c.code)),
      ...(childProcedure ? { childProcedure } : {}),
    };
  }

  private runEffect(instanceId: string, command: Extract<ProcedureCommand, { type: 'run-effect' }>, at: string): Record<string, unknown> {
    if (command.name === 'issue-document') {
      const { type, org, title, data, template } = command.input as { type: string; org: string; title: string; data: unknown; template?: string };
      const term = termFor(at, this.tree.terms(org));
      const key = registerKey({ issuer: org, type, termFrom: term?.from ?? '' });
      const seq = (this.registers.get(key) ?? 0) + 1;
      this.registers.set(key, seq);
      const number = formatDocumentNumber(seq, type, this.tree.get(org).abbr);
      this.documents.push({ org, type, number, instanceId, title, data, template: template ?? null, issuedAt: at });
      return { document: { type, number } };
    }
    if (command.name === 'notify') {
      this.notifications.push({ instanceId, input: command.input, at });
      return { delivered: true };
    }
    return { done: true };
  }
}

function refKey(ref: ProcedureRef): string {
  return `${ref.owner ?? 'default'}/${ref.key}@${ref.version}`;
}

