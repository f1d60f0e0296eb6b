import { type MemberStatus } from './attendance';
import { toInstant } from './parse-time';

/** A member who could be assigned a task in turn (e.g. preparing a topic draft). */
export interface RotationCandidate {
  id: string;
  status: MemberStatus;
}

// Members never assigned come first, in roster order; then the oldest last assignment (an ISO instant with an
// offset, else RangeError); ties keep roster order. Exempt and suspended members and `exclude` are skipped.
/** Picks the next member in turn ("lần lượt phân công"), or undefined when nobody is left. */
export function nextAssignee(
  candidates: ReadonlyArray<RotationCandidate>,
  lastAssigned: Readonly<Record<string, string | undefined>>,
  exclude: readonly string[] = [],
): string | undefined {
  const skipped = new Set(exclude);
  const ranked = candidates
    .filter((candidate) => candidate.status !== 'exempt' && candidate.status !== 'suspended' && !skipped.has(candidate.id))
    .map((candidate, position) => {
      const last = Object.hasOwn(lastAssigned, candidate.id) ? lastAssigned[candidate.id] : undefined;
      const at = last === undefined ? -Infinity : toInstant(last, `last assignment of ${candidate.id}`).toMillis();
      return { id: candidate.id, at, position };
    });
  // Never assigned sorts as -Infinity, i.e. first; position breaks ties so the roster order decides.
  ranked.sort((a, b) => (a.at === b.at ? a.position - b.position : a.at < b.at ? -1 : 1));
  return ranked[0]?.id;
}
