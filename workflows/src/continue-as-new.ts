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
  /**
   * Continue as new once a run has received this many signals, whatever its history's length: the server refuses
   * every signal past 10,000 in one run (`history.maximumSignalsPerExecution`), and every cell's report is a signal
   * to its guidance. Half the limit leaves room for the reports that still arrive while the run finishes its work.
   */
  maxSignalsPerRun: 5_000,
  /**
   * PATCHES.rotateBySize: a run also counts as having made progress once its history grew this many bytes since its
   * state was loaded. With reports taken in pages a run handles thousands of them in a few hundred events, each page
   * about half a megabyte, so a floor in events alone let one run grow to 14 MiB.
   */
  minBytesPerRun: 2 * 1024 * 1024,
  /** PATCHES.rotateBySize: continue as new past this many bytes, under Temporal's 10 MiB warning. */
  maxBytesUnderWarning: 8 * 1024 * 1024,
} as const;

/** The limits above, as numbers (tests lower them). */
export type ContinueAsNewLimits = { readonly [K in keyof typeof CONTINUE_AS_NEW]: number };

/**
 * Whether a run should now continue as new (PATCHES.rotateBySize): once it has made progress — events or bytes since
 * its state was loaded (`start`) — when the server suggests it, or past the event limit, or past 8 MiB. Pure.
 */
export function shouldContinueAsNewBySize(info: HistoryInfo, start: { length: number; size: number }, limits: ContinueAsNewLimits = CONTINUE_AS_NEW): boolean {
  const progressed = info.historyLength - start.length >= limits.minEventsPerRun || info.historySize - start.size >= limits.minBytesPerRun;
  if (!progressed) return false;
  return info.continueAsNewSuggested || info.historyLength >= limits.maxEvents || info.historySize >= limits.maxBytesUnderWarning;
}

/** Whether the run that began at `startLength` events should now continue as new (a history recorded before PATCHES.rotateBySize). Pure. */
export function shouldContinueAsNew(info: HistoryInfo, startLength: number, limits: ContinueAsNewLimits = CONTINUE_AS_NEW): boolean {
  if (info.historyLength - startLength < limits.minEventsPerRun) return false;
  return info.continueAsNewSuggested || info.historyLength >= limits.maxEvents || info.historySize >= limits.maxBytes;
}

/**
 * Temporal's payload limits are in bytes (2 MiB per payload, a warning past 512 KiB); a JavaScript string's length
 * counts UTF-16 code units. Serialised, one code unit takes at most 3 bytes (a character of the Basic Multilingual
 * Plane; a pair of surrogates takes 4 bytes for 2 units), and JSON escaping inside a payload at most doubles the ASCII
 * that needs it — so a string of n units is at most 3n bytes in a payload. The limits below are set from that bound.
 */
export const MAX_BYTES_PER_UNIT = 3;

/** States up to this many code units of JSON travel inline in the next run's input: at most 480 KiB, under the warning. */
export const INLINE_STATE_LIMIT = 160 * 1024;

/** Slice size when a large state is reloaded from the read side (each slice is one activity result): at most 1.5 MiB. */
export const STATE_CHUNK = 512 * 1024;

/** The same under Temporal's 512 KiB payload warning (PATCHES.payloadsUnderWarning): at most 480 KiB. */
export const STATE_CHUNK_UNDER_WARNING = 160 * 1024;

/**
 * Child reports carried into the next run, at most this many code units of JSON (at most 480 KiB; with an inline
 * state at most 960 KiB in all, under MAX_PAYLOAD_BYTES). Past it, a report arriving while the run ends is handled in
 * the ending run as before (which delays its end, not its correctness).
 */
export const CARRIED_REPORTS_LIMIT = 160 * 1024;

/** The largest payload chibo lets itself send: three quarters of Temporal's 2 MiB limit. */
export const MAX_PAYLOAD_BYTES = 1.5 * 1024 * 1024;

/**
 * A page of reports taken from the read side (PATCHES.reportsViaInbox), at most this many code units of JSON: at
 * most 480 KiB in the activity's result, under the warning. About 1,000 ordinary cell reports.
 */
export const REPORT_PAGE_UNITS = 160 * 1024;

/**
 * A start whose workflow input would be larger than this travels by reference (the `stored-start` input): the host
 * stores it in the read side and the workflow reads it back in slices of START_CHUNK code
 * units. 384 KiB keeps every payload of a start under Temporal's 512 KiB warning.
 */
export const START_INLINE_BYTES = 384 * 1024;

/** Slices a stored start is read back in: at most 480 KiB in an activity's result, under the warning. */
export const START_CHUNK = 160 * 1024;

/**
 * The largest start a guidance may have, in bytes of JSON: 8 MiB, about 90,000 cells of ordinary names in one
 * guidance. Past it a committee issues through its sub-committees (a cascade).
 */
export const MAX_STORED_START_BYTES = 8 * 1024 * 1024;
