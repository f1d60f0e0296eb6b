/**
 * Patch ids of the procedure workflow (`patched()`), one per change of the commands the workflow issues. Workflows
 * that were running when a change was deployed replay their history without the marker, so `patched()` answers false
 * for them and they keep the old behaviour; new ones record the marker and take the new path. Never reuse an id;
 * when no instance started before a change is still open, replace `patched(id)` by `deprecatePatch(id)` and, after
 * those histories are gone too, remove the old branch (docs/temporal.md, "Versioning running instances").
 */
export const PATCHES = {
  /**
   * The workflow keeps the `ChiboStatus` search attribute current (an UpsertWorkflowSearchAttributes command at each
   * status change). The first procedure workflow only set search attributes when it started; a worker with this
   * change replaying a history recorded without it must not issue the command there.
   */
  statusSearchAttribute: 'chibo-status-search-attribute',
  /**
   * Child reports that arrive while a run is ending (continue-as-new decided, in-flight work finishing) are carried
   * into the next run's input instead of being handled there. Before, each was handled and projected, so a steady
   * stream of reports (thousands of cells reporting at once) kept the run busy and it never ended, its history
   * growing toward Temporal's limits. A history recorded before handled them; replaying it must too.
   */
  carryReportsOnRotation: 'chibo-carry-reports-on-rotation',
  /**
   * Child reports delivered in one workflow activation are handled together (`handleAll`: the guidance's maps copied
   * once, one projection) instead of one `handle` each. Each `handle` copies a guidance's children map, so thousands
   * of reports buffered in one activation of a 10,000-cell guidance took longer than the sandbox's time limit, and the
   * workflow task failed again at every retry. A history recorded before handled each report on its own.
   */
  batchChildReports: 'chibo-batch-child-reports',
  /**
   * A run continues as new once it has received CONTINUE_AS_NEW.maxSignalsPerRun signals. Before, only its history's
   * length and size ended a run, and a guidance to 10,000 cells received so many reports in one run that the server
   * refused the rest ("exceeded workflow execution limit for signal events"). A history recorded before kept its run.
   */
  rotateOnSignalCount: 'chibo-rotate-on-signal-count',
  /**
   * A cell whose report its guidance's run refused for the server's signal limit waits and sends it again (the
   * guidance's next run takes it). Before, every failure to signal was taken for a parent that had ended, and the
   * report was dropped. A history recorded before dropped it; replaying it must too.
   */
  retrySignalLimit: 'chibo-retry-signal-limit',
  /**
   * Projection activities are bounded in bytes as well as in events (nextProjectionSlice): commands first, in as many
   * activities as they need, then events, then the commands they closed. Before, every command and closed command
   * queued at once went with the first 200 events, and a guidance handling 10,000 reports in one task sent 4.9 MB in
   * one activity, which the SDK refused (TMPRL1103), failing the task again at every retry. A history recorded before
   * sliced the old way.
   */
  projectionSlicesInBytes: 'chibo-projection-slices-in-bytes',
  /**
   * A child posts its report to the read side (`postReport`) and signals its parent only when no report was waiting
   * for it before (`reports-waiting`, no payload); the parent takes what waits in pages (`takeReports`), and at the
   * start of each run. Before, every report was a signal to the parent: a guidance to 10,000 cells took 10,000 signals,
   * and under a steady stream of them a run could not end (the server refuses to close a task during which new signals
   * arrived), so one run's history passed Temporal's warning limits. A history recorded before signalled every
   * report (child side) and took none from the read side (parent side); replaying it must too.
   */
  reportsViaInbox: 'chibo-reports-via-inbox',
  /**
   * Projection activities and state reloads are sliced under Temporal's 512 KiB payload warning (160 Ki code units
   * each: PROJECTION_LIMITS_UNDER_WARNING, STATE_CHUNK_UNDER_WARNING) instead of under half its 2 MiB limit. A history
   * recorded before sliced them larger, in fewer activities; replaying it must slice as it did.
   */
  payloadsUnderWarning: 'chibo-payloads-under-warning',
  /**
   * A run counts its progress in bytes as well as events (from when its state was loaded), and continues as new past
   * 8 MiB, under Temporal's 10 MiB warning (shouldContinueAsNewBySize). Before, a run had to grow 1,000 events first,
   * and a guidance taking 10,000 reports in pages reached 14 MiB in 1,023 events. A history recorded before kept its
   * run longer; replaying it must too.
   */
  rotateBySize: 'chibo-rotate-by-size',
} as const;
