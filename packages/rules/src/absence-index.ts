// Internal helper shared by attendance and vote rules; not part of the public API.
import { type Absence, type RosterMember } from './attendance';

// Unknown or repeated entries are validation errors (see `validateAbsences`), not something to guess about here.
/** Indexes absences by member, keeping only roster members and the first report of each. */
export function indexAbsences(roster: readonly RosterMember[], absences: readonly Absence[]): Map<string, Absence> {
  const known = new Set(roster.map((member) => member.id));
  const index = new Map<string, Absence>();
  for (const absence of absences) {
    if (known.has(absence.member) && !index.has(absence.member)) {
      index.set(absence.member, absence);
    }
  }
  return index;
}
