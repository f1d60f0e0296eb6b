import type { ProcedureEvent } from './events';
import { childReportSummary, reportedChildren, type InstanceState } from './state';

/** The state before `instance-started`; only useful as the seed of a fold. */
export const EMPTY_STATE: InstanceState = Object.freeze({
  instanceId: '',
  definition: { key: 'none', version: 1, owner: '', title: '', steps: [] },
  context: { org: { code: '', name: '', abbr: '', kind: 'cell', members: [] } },
  status: 'running',
  cursor: -1,
  visits: {},
  stepStates: {},
  completedSteps: {},
  facts: {},
  tasks: {},
  timers: {},
  effects: {},
  documents: [],
  findings: [],
  batches: {},
  children: {},
  notifications: {},
  startedAt: '',
  updatedAt: '',
  version: 0,
}) as InstanceState;

/**
 * Applies one event. Pure: returns a new state and never mutates its input; only the maps an event touches are copied.
 * Unknown ids (a timer that does not exist, say) leave the state as it is: the decision to record an event was made
 * by `handle`, which checks them.
 *
 * `owned` is for folds of many events (`replay`, `handleAll`): maps the fold itself made may be changed in place
 * instead of copied again, so that the reports of thousands of cells cost one copy of the guidance's children rather
 * than one each. The states in between then share those maps; only the fold's last state is to be used.
 */
export function evolve(state: InstanceState, event: ProcedureEvent, owned?: WeakSet<object>): InstanceState {
  const next: InstanceState = { ...state, version: state.version + 1, updatedAt: event.at };
  switch (event.type) {
    case 'instance-started':
      return {
        ...EMPTY_STATE,
        instanceId: event.instanceId,
        definition: event.definition,
        context: event.context,
        ...(event.parent ? { parent: event.parent } : {}),
        startedAt: event.at,
        updatedAt: event.at,
        version: state.version + 1,
        visits: {},
        stepStates: {},
      };
    case 'step-entered': {
      const index = next.definition.steps.findIndex((s) => s.id === event.stepId);
      next.cursor = index;
      next.visits = { ...state.visits, [event.stepId]: event.visit };
      const { [event.stepId]: _done, ...rest } = state.completedSteps;
      next.completedSteps = rest;
      return next;
    }
    case 'step-state-changed':
      next.stepStates = { ...state.stepStates, [event.stepId]: event.state };
      return next;
    case 'fact-recorded':
      next.facts = { ...state.facts, [event.name]: event.value };
      return next;
    case 'task-opened':
      next.tasks = {
        ...state.tasks,
        [event.taskId]: {
          id: event.taskId,
          stepId: event.stepId,
          key: event.key,
          task: event.task,
          assignee: event.assignee,
          title: event.title,
          status: 'open',
          openedAt: event.at,
          ...(event.dueAt ? { dueAt: event.dueAt } : {}),
          ...(event.prefill ? { prefill: event.prefill } : {}),
          ...(event.standing ? { standing: true as const } : {}),
        },
      };
      return next;
    case 'task-submitted': {
      const task = state.tasks[event.taskId];
      if (!task) return next;
      next.tasks = {
        ...state.tasks,
        [event.taskId]: { ...task, status: 'submitted', submittedAt: event.at, submittedBy: event.by, input: event.input },
      };
      return next;
    }
    case 'task-cancelled': {
      const task = state.tasks[event.taskId];
      if (!task) return next;
      next.tasks = { ...state.tasks, [event.taskId]: { ...task, status: 'cancelled' } };
      return next;
    }
    case 'timer-scheduled':
      next.timers = {
        ...state.timers,
        [event.timerId]: {
          id: event.timerId,
          stepId: event.stepId,
          key: event.key,
          fireAt: event.fireAt,
          status: 'scheduled',
          ...(event.payload ? { payload: event.payload } : {}),
        },
      };
      return next;
    case 'timer-fired':
    case 'timer-cancelled': {
      const timer = state.timers[event.timerId];
      if (!timer) return next;
      next.timers = { ...state.timers, [event.timerId]: { ...timer, status: event.type === 'timer-fired' ? 'fired' : 'cancelled' } };
      return next;
    }
    case 'effect-requested':
      next.effects = {
        ...state.effects,
        [event.effectId]: { id: event.effectId, stepId: event.stepId, name: event.name, input: event.input, status: 'requested' },
      };
      return next;
    case 'effect-completed': {
      const effect = state.effects[event.effectId];
      if (!effect) return next;
      next.effects = { ...state.effects, [event.effectId]: { ...effect, status: 'completed', result: event.result } };
      const doc = event.result['document'] as { type?: unknown; number?: unknown } | undefined;
      if (doc && typeof doc.type === 'string' && typeof doc.number === 'string') {
        next.documents = [...state.documents, { effectId: event.effectId, type: doc.type, number: doc.number }];
      }
      return next;
    }
    case 'finding-recorded':
      next.findings = [
        ...state.findings,
        { code: event.code, stepId: event.stepId, at: event.at, ...(event.detail ? { detail: event.detail } : {}), ...(event.params ? { params: event.params } : {}) },
      ];
      return next;
    case 'finding-resolved':
      next.findings = state.findings.map((f) =>
        f.code === event.code && !f.resolved ? { ...f, resolved: { at: event.at, reason: event.reason, ...(event.params ? { params: event.params } : {}) } } : f,
      );
      return next;
    case 'children-requested': {
      next.batches = {
        ...state.batches,
        [event.batch]: {
          stepId: event.stepId,
          started: false,
          procedure: event.procedure,
          children: event.children.map((c) => c.key),
          ...(event.guidance ? { guidance: event.guidance } : {}),
        },
      };
      const children = { ...state.children };
      for (const child of event.children) {
        children[child.key] = { key: child.key, org: child.org, ...(child.childProcedure ? { childProcedure: child.childProcedure } : {}), batch: event.batch, started: false };
      }
      next.children = children;
      return next;
    }
    case 'children-started': {
      const batch = state.batches[event.batch];
      if (!batch) return next;
      next.batches = { ...state.batches, [event.batch]: { ...batch, started: true } };
      const children = { ...state.children };
      for (const key of batch.children) {
        const child = children[key];
        if (child) children[key] = { ...child, started: true };
      }
      next.children = children;
      return next;
    }
    case 'child-reported': {
      const child = state.children[event.child];
      if (!child) return next;
      const children = owned?.has(state.children) ? state.children : { ...state.children };
      owned?.add(children);
      children[event.child] = { ...child, report: childReportSummary(event.report, state.parent !== undefined), reportedAt: event.at };
      next.children = children;
      next.childrenReported = reportedChildren(state) + (child.report ? 0 : 1);
      return next;
    }
    case 'parent-notification-requested':
      next.notifications = { ...state.notifications, [event.notificationId]: { report: event.report, delivered: false } };
      return next;
    case 'parent-notified': {
      const n = state.notifications[event.notificationId];
      if (!n) return next;
      next.notifications = { ...state.notifications, [event.notificationId]: { ...n, delivered: true } };
      return next;
    }
    case 'step-completed':
      next.completedSteps = { ...state.completedSteps, [event.stepId]: { at: event.at, ...(event.output !== undefined ? { output: event.output } : {}) } };
      next.cursor = -1;
      return next;
    case 'instance-completed':
      next.status = 'completed';
      next.completedAt = event.at;
      next.cursor = -1;
      return next;
    case 'instance-failed':
      next.status = 'failed';
      next.failure = event.reason;
      next.cursor = -1;
      return next;
  }
}

/** Folds a whole event log into a state. */
export function replay(events: readonly ProcedureEvent[], from: InstanceState = EMPTY_STATE): InstanceState {
  const owned = new WeakSet<object>();
  let state = from;
  for (const event of events) state = evolve(state, event, owned);
  return state;
}
