import { OrgUnit, type InstanceEvent, type Member, type OutboxEntry, type ProcedureInstance } from '@chibo/db';
import { childInstanceId, EMPTY_STATE, handle, newCommands, type InstanceState, type ParentRef, type ChildSpec, type InstanceContext, type ProcedureCommand, type ProcedureInput, type ProcedureRef, type StepRegistry } from '@chibo/procedure';
import type { EntityManager } from 'typeorm';
import { buildContexts, orgRef } from '../context/context-builder';
import { loadDefinition } from '../definitions/definitions';
import { NotFoundError, RejectedError } from '../errors';
import { projectInto, type ProjectionSink } from '../read-side/projector';
import type { AppendedEvents } from './appended-events';
import { eventRows, outboxRows } from './log-rows';

/** An instance to create: its id, where it belongs, and its start input. */
export interface NewInstance {
  instanceId: string;
  orgId: string;
  guidanceId: string | null;
  parent: ParentRef | null;
  input: Extract<ProcedureInput, { type: 'start' }>;
  /** The org's roster, when the caller has read it (spares the projection a query per instance). */
  roster?: Member[];
}

/** What a `start-children` command asks for, with where the children belong. */
export interface ChildrenRequest {
  procedure: ProcedureRef;
  children: ReadonlyArray<ChildSpec>;
  guidance?: NonNullable<Extract<ProcedureCommand, { type: 'start-children' }>['parent']['guidance']>;
  parentInstanceId: string;
  guidanceId: string | null;
  at: string;
}

/**
 * The instances a fan-out batch creates: the cells' definition, each cell's context and roster (a few queries for the
 * whole batch), and each child's business key and start input. Unknown cells are a `NotFoundError`.
 */
export async function prepareChildren(manager: EntityManager, registry: StepRegistry, request: ChildrenRequest): Promise<Array<NewInstance & { key: string }>> {
  const definition = await loadDefinition(manager, registry, request.procedure);
  const guidance = request.guidance;
  const contexts = await buildContexts(manager, request.children.map((c) => c.org), guidance ? { guidance } : {});
  const scopes = await committeeScopes(manager, [...contexts.values()].filter((c) => c.org.kind === 'committee').map((c) => c.org));
  return request.children.map((child) => {
    const built = contexts.get(child.org);
    if (!built) throw new NotFoundError(`Không tìm thấy chi bộ ${child.org}`, { rule: 'unknown-cell', params: { cell: child.org } });
    const instanceId = childInstanceId({ org: child.org, kind: built.org.kind }, guidance);
    // A committee receiving a guidance (cascades) starts with its subtree's cells and sub-committees.
    const scope = scopes.get(built.org.id);
    if (scope) built.context = { ...built.context, ...scope, ...(child.childProcedure ? { childProcedure: child.childProcedure } : {}) };
    return {
      key: child.key,
      instanceId,
      orgId: built.org.id,
      guidanceId: request.guidanceId,
      parent: { instanceId: request.parentInstanceId, childKey: child.key },
      input: { type: 'start' as const, at: request.at, instanceId, definition, context: built.context },
      roster: built.members,
    };
  });
}

/**
 * What each committee receiving a guidance starts with (cascades, DESIGN §5): every cell of its subtree, the codes of
 * its direct cells, and its directly subordinate committees — a handful of queries per batch of committees.
 */
async function committeeScopes(manager: EntityManager, committees: readonly OrgUnit[]): Promise<Map<string, Pick<InstanceContext, 'cells' | 'directCells' | 'committees'>>> {
  const out = new Map<string, Pick<InstanceContext, 'cells' | 'directCells' | 'committees'>>();
  for (const committee of committees) {
    const below = await manager
      .createQueryBuilder(OrgUnit, 'o')
      // Escaped: "_" and "%" in a code are literal.
      .where("o.path LIKE :prefix ESCAPE '\\'", { prefix: `${committee.path.replace(/[\\%_]/g, (char) => `\\${char}`)}%` })
      .andWhere('o.id != :id', { id: committee.id })
      .orderBy('o.path', 'ASC')
      .getMany();
    const cells = below.filter((o) => o.kind === 'cell');
    out.set(committee.id, {
      cells: cells.map(orgRef),
      directCells: cells.filter((o) => o.parentId === committee.id).map((o) => o.code),
      committees: below.filter((o) => o.kind === 'committee' && o.parentId === committee.id).map(orgRef),
    });
  }
  return out;
}

/** The head of an instance as a write needs it (everything but the state). */
export type InstanceHead = Pick<ProcedureInstance, 'id' | 'orgId' | 'guidanceId' | 'parentInstanceId' | 'version' | 'status'>;

/** The rows that create instances, their projection already in the sink; the caller inserts them its own way. */
export interface StartedInstances {
  instances: Array<Partial<ProcedureInstance>>;
  events: Array<Partial<InstanceEvent>>;
  outbox: Array<Partial<OutboxEntry>>;
  /** Each new instance's head and state (the caller may keep them in a cache). */
  made: Array<{ head: InstanceHead; state: InstanceState }>;
  /** The events written per instance, for the audit hook. */
  appended: AppendedEvents[];
}

/**
 * Starts instances with the core and turns each into rows: the instance (no snapshot: its start events carry the
 * definition and context, so a load replays a handful of events and a fan-out does not serialise thousands of states
 * nobody has read), its first events, the outbox rows of its first commands, and its read-side projection (into
 * `sink`). Instances in `existing` are skipped (creation is idempotent). A start the core refuses is a `RejectedError`.
 */
export async function startInstances(
  sink: ProjectionSink,
  registry: StepRegistry,
  items: readonly NewInstance[],
  options: { now: string; existing: ReadonlySet<string>; outboxStatus?: 'pending' | 'dispatched' },
): Promise<StartedInstances> {
  const out: StartedInstances = { instances: [], events: [], outbox: [], made: [], appended: [] };
  const { now } = options;
  for (const item of items) {
    if (options.existing.has(item.instanceId)) continue;
    const result = handle(EMPTY_STATE, { ...item.input, ...(item.parent ? { parent: item.parent } : {}) }, registry);
    if (!result.ok) throw new RejectedError(result.rejection);
    const head: InstanceHead = {
      id: item.instanceId,
      orgId: item.orgId,
      guidanceId: item.guidanceId,
      parentInstanceId: item.parent?.instanceId ?? null,
      version: result.events.length,
      status: result.state.status,
    };
    out.instances.push({
      ...head,
      businessKey: item.instanceId,
      definitionKey: item.input.definition.key,
      definitionVersion: item.input.definition.version,
      state: null,
      createdAt: now,
      updatedAt: now,
    });
    out.events.push(...eventRows(item.instanceId, 0, result.events, now));
    out.outbox.push(...outboxRows(item.instanceId, newCommands(EMPTY_STATE, result.state), now, options.outboxStatus));
    sink.knowOrg(item.input.context.org.code, item.orgId);
    const target = { instanceId: item.instanceId, orgId: item.orgId, guidanceId: item.guidanceId };
    await projectInto(sink, target, result.events, { ...(item.roster ? { roster: item.roster } : {}), priorFacts: {} });
    out.made.push({ head, state: result.state });
    out.appended.push({ ...target, orgCode: item.input.context.org.code, fromSeq: 1, events: result.events, recordedAt: now });
  }
  return out;
}
