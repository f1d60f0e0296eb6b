/**
 * How often an instance's state snapshot is rewritten: each time its version crosses a multiple of `snapshotInterval`.
 * A cell's state is tens of kilobytes and its whole life about seventy events, so it is replayed from its log on a
 * cold load rather than rewritten as it goes (measured on the embedded runtime: snapshots every 25 events, and at and
 * after completion, wrote ~50 KB of JSON per cell, the largest part of what a submission sent to the database). A
 * guidance's state grows with its cells (megabytes for thousands), so it is rewritten less often the more cells it has.
 * New instances are stored without one: their start events carry the definition and context.
 */
export const SNAPSHOT_EVERY = 100;
/** A guidance rewrites its snapshot at most once per this many events per child instance. */
export const SNAPSHOT_CHILDREN_PER_EVENT = 10;

/** The number of events between two snapshots of an instance with `children` child instances. */
export function snapshotInterval(children: number): number {
  return Math.max(SNAPSHOT_EVERY, Math.ceil(children / SNAPSHOT_CHILDREN_PER_EVENT));
}

/** Whether appending the events that move an instance from `fromVersion` to `toVersion` should rewrite its snapshot. */
export function snapshotDue(fromVersion: number, toVersion: number, children: number): boolean {
  const every = snapshotInterval(children);
  return Math.floor(toVersion / every) > Math.floor(fromVersion / every);
}
