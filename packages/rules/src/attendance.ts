import { indexAbsences } from './absence-index';
import { ruleIssue, type RuleIssue } from './issue';

/** A member's standing in the cell: only official members vote; exempt and suspended members are not expected to attend. */
export type MemberStatus = 'official' | 'probationary' | 'exempt' | 'suspended';

/** One member on the cell's roster; `attendingElsewhere` marks temporary attendance at another cell (sinh hoạt tạm thời). */
export interface RosterMember {
  id: string;
  status: MemberStatus;
  /** The member's name, used in messages ("Đồng chí Nguyễn Văn An"); the id is quoted when absent. */
  name?: string;
  attendingElsewhere?: boolean;
}

/** An absentee as reported at the session, with the reason and whether the cell accepted it. */
export interface Absence {
  member: string;
  reason?: string;
  excused: boolean;
}

/** Attendance figures of one session, as reported in the minutes and used by the HD 12 criteria. */
export interface AttendanceResult {
  total: number;
  eligible: number;
  present: number;
  presentEligible: number;
  presentOfficial: number;
  presentProbationary: number;
  absentExcused: string[];
  absentUnexcused: string[];
  rate: number;
}

/** True for members the attendance rate counts: everyone except exempt and suspended members. */
function isAttendanceEligible(status: MemberStatus): boolean {
  return status !== 'exempt' && status !== 'suspended';
}

// present = roster minus absentees (every status, probationary included); eligible = neither exempt nor suspended;
// rate = present eligible / eligible, 1 when nobody is eligible. Absentee lists keep the order they were reported in.
/** Computes a session's attendance figures (HD 12 definition: exempt and suspended members are not eligible). */
export function computeAttendance(roster: readonly RosterMember[], absences: readonly Absence[]): AttendanceResult {
  const absent = indexAbsences(roster, absences);
  const presentMembers = roster.filter((member) => !absent.has(member.id));
  const eligible = roster.filter((member) => isAttendanceEligible(member.status)).length;
  const presentEligible = presentMembers.filter((member) => isAttendanceEligible(member.status)).length;
  const reported = [...absent.values()];
  return {
    total: roster.length,
    eligible,
    present: presentMembers.length,
    presentEligible,
    presentOfficial: presentMembers.filter((member) => member.status === 'official').length,
    presentProbationary: presentMembers.filter((member) => member.status === 'probationary').length,
    absentExcused: reported.filter((absence) => absence.excused).map((absence) => absence.member),
    absentUnexcused: reported.filter((absence) => !absence.excused).map((absence) => absence.member),
    rate: eligible === 0 ? 1 : presentEligible / eligible,
  };
}

/** How a message names a member: "Đồng chí Nguyễn Văn An", or "Đảng viên “m07”" when the roster has no name. */
export function memberLabel(member: Pick<RosterMember, 'id' | 'name'>): string {
  return member.name ? `Đồng chí ${member.name}` : `Đảng viên “${member.id}”`;
}

/** Checks an absentee list against the roster: unknown members ("unknown-member") and repeated members ("duplicate"). */
export function validateAbsences(roster: readonly RosterMember[], absences: readonly Absence[]): RuleIssue[] {
  const known = new Map(roster.map((member) => [member.id, member]));
  const seen = new Set<string>();
  const issues: RuleIssue[] = [];
  absences.forEach((absence, i) => {
    const path = `absent[${i}].member`;
    const member = known.get(absence.member);
    if (!member) {
      issues.push(ruleIssue(path, 'unknown-member', `Không tìm thấy đảng viên “${absence.member}” trong danh sách chi bộ`));
    } else if (seen.has(absence.member)) {
      issues.push(ruleIssue(path, 'duplicate', `${memberLabel(member)} được ghi vắng mặt nhiều lần`));
    }
    seen.add(absence.member);
  });
  return issues;
}
