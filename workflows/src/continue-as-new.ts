/** What the workflow knows about its own history (workflowInfo()). */
export interface HistoryInfo {
  historyLength: number;
  historySize: number;
  continueAsNewSuggested: boolean;
}

/**
 * When a run continues as new. Temporal refuses histories beyond 50,000 events or 50 MB and suggests continuing as new
 * well before (by default at 4,096 events or 4 MB). A run must also have made progress since it began: a guidance to
 * thousands of cells reloads a state of several megabytes at the start of each run, and without this floor it would
 * continue as new again at once.
 */
export const CONTINUE_AS_NEW = {
  /** Continue as new past this many events even if the server did not suggest it. */
  maxEvents: 10_000,
  /** …or past this many bytes of history. */
  maxBytes: 20 * 1024 * 1024,
  /** …but only after this many events in the current run. */
  minEventsPerRun: 1_000,
} as const;

/** Whether the run that began at `startLength` events should now continue as new. Pure; unit-tested. */
export function shouldContinueAsNew(info: HistoryInfo, startLength: number, limits: typeof CONTINUE_AS_NEW = CONTINUE_AS_NEW): boolean {
  if (info.historyLength - startLength < limits.minEventsPerRun) return false;
  return info.continueAsNewSuggested || info.historyLength >= limits.maxEvents || info.historySize >= limits.maxBytes;
}

/** States up to this many characters of JSON travel inline in the next run's input; larger ones are reloaded. */
export const INLINE_STATE_LIMIT = 256 * 1024;

/** Slice size when a large state is reloaded from the read side (each slice is one activity result). */
export const STATE_CHUNK = 1024 * 1024;
