import type { InstanceState } from '@chibo/procedure';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ChildReportArgs, FireTimerArgs, OpenTasks, ProcedureProgress, SubmitArgs, SubmitResult } from './contract';

/**
 * A person submits a task. The update's validator runs the core's validation, so the caller learns synchronously
 * whether the submission was accepted (a rejection is an ApplicationFailure of type REJECTED_FAILURE_TYPE carrying
 * the field issues, and records nothing). The handler returns once the events are in the read side.
 */
export const submitUpdate = defineUpdate<SubmitResult, [SubmitArgs]>('submit');

/** Simulated clock only: fire one due timer and return once its consequences are in the read side. */
export const fireTimerUpdate = defineUpdate<SubmitResult, [FireTimerArgs]>('fire-timer');

/** Returns once every event recorded so far is in the read side (read-your-writes after a start). */
export const settleUpdate = defineUpdate<SubmitResult, []>('settle');

/** A child instance's report (an external fact for the parent). */
export const childReportSignal = defineSignal<[ChildReportArgs]>('child-report');

/**
 * Reports wait for this instance in the read side (PATCHES.reportsViaInbox): take them (`takeReports`). Sent by the
 * child whose post found none waiting, so a flood of reports costs one signal per page taken, not one per report.
 */
export const reportsWaitingSignal = defineSignal<[]>('reports-waiting');

/** The instance's state as the core holds it. */
export const stateQuery = defineQuery<InstanceState>('state');

/** The open tasks, in the order they were opened. */
export const openTasksQuery = defineQuery<OpenTasks>('open-tasks');

/** Versions (recorded and projected) and work under way. */
export const progressQuery = defineQuery<ProcedureProgress>('progress');
