import { isDraftTimely, isWithinDeadline, VN_TIME_ZONE, compareInstants } from './time';

/** Every compliance finding an auditor can see on a cell, in display order. */
export const FINDING_CODES = [
  'draft-not-approved',
  'draft-late',
  'session-late',
  'session-missing',
  'session-short',
  'attendance-low',
  'absence-unexcused',
  'absence-consecutive',
  'self-criticism-missing',
  'resolution-rejected',
  'report-late',
  'report-missing',
  'plan-missing',
  'implementation-missing',
] as const;

/** A compliance finding code (used by the API, the UI and scenarios). */
export type FindingCode = (typeof FINDING_CODES)[number];

/** How serious a finding is: a `violation` breaks a rule outright, a `warning` lowers quality or is late. */
export type FindingSeverity = 'warning' | 'violation';

/** One-sentence description of each finding in Vietnamese (UI, documents) and English (logs), with its severity. */
export const FINDINGS: Readonly<Record<FindingCode, Readonly<{ vi: string; en: string; severity: FindingSeverity }>>> = Object.freeze({
  'draft-not-approved': {
    vi: 'Buổi sinh hoạt được tổ chức khi dự thảo chưa được chi ủy hoặc bí thư duyệt.',
    en: 'The session was held without a draft approved by the cell committee or the secretary.',
    severity: 'violation',
  },
  'draft-late': {
    vi: 'Dự thảo được duyệt quá sát buổi sinh hoạt: chưa đủ thời gian tối thiểu quy trình yêu cầu (24 giờ, nếu cấp ủy không quy định khác).',
    en: 'The draft was approved too close to the session: less than the minimum the procedure requires (24 hours unless the committee set another).',
    severity: 'warning',
  },
  'session-late': {
    vi: 'Buổi sinh hoạt được tổ chức sau thời hạn trong hướng dẫn của cấp ủy cấp trên.',
    en: "The session was held after the deadline in the superior committee's guidance.",
    severity: 'warning',
  },
  'session-missing': {
    vi: 'Đã quá thời hạn sinh hoạt nhưng chi bộ chưa tổ chức buổi sinh hoạt.',
    en: 'The session deadline has passed and the cell has not held the session.',
    severity: 'violation',
  },
  'session-short': {
    vi: 'Thời gian sinh hoạt dưới 90 phút (dưới 120 phút khi kết hợp sinh hoạt thường kỳ với chuyên đề).',
    en: 'The session lasted less than 90 minutes (less than 120 when a regular and a thematic session are combined).',
    severity: 'warning',
  },
  'attendance-low': {
    vi: 'Tỷ lệ đảng viên dự sinh hoạt không vượt quá 85% (không tính đảng viên miễn sinh hoạt, bị đình chỉ).',
    en: 'Attendance was 85% or less (exempt and suspended members not counted).',
    severity: 'warning',
  },
  'absence-unexcused': {
    vi: 'Có đảng viên vắng mặt không có lý do được chấp nhận.',
    en: 'At least one member was absent without an accepted reason.',
    severity: 'warning',
  },
  'absence-consecutive': {
    vi: 'Có đảng viên vắng mặt (kể cả có lý do) quá số lần liên tiếp cho phép trong năm (quá 3 buổi, nếu cấp ủy không quy định khác).',
    en: 'A member was absent (even with a reason) from more consecutive sessions of the year than allowed (more than 3 unless the committee set another).',
    severity: 'warning',
  },
  'self-criticism-missing': {
    vi: 'Có đảng viên có mặt tại buổi sinh hoạt nhưng không nộp bản tự soi, tự sửa trước khi chi ủy kết thúc bước này.',
    en: 'A member present at the session did not submit a self-assessment before the cell committee closed that step.',
    severity: 'warning',
  },
  'resolution-rejected': {
    vi: 'Nghị quyết không được thông qua vì số phiếu tán thành không quá một nửa số đảng viên được tính.',
    en: 'The resolution was not adopted: votes for did not exceed half of the members counted.',
    severity: 'warning',
  },
  'report-late': {
    vi: 'Báo cáo được gửi lên cấp ủy cấp trên sau thời hạn.',
    en: 'The report was submitted to the superior committee after the deadline.',
    severity: 'warning',
  },
  'report-missing': {
    vi: 'Đã quá thời hạn nhưng chi bộ chưa gửi báo cáo lên cấp ủy cấp trên.',
    en: 'The deadline has passed and the cell has not submitted its report.',
    severity: 'violation',
  },
  'plan-missing': {
    vi: 'Đã quá ngày cấp ủy quy định nhưng chi bộ chưa có kế hoạch sinh hoạt chuyên đề năm được chi ủy duyệt.',
    en: 'The date the committee set has passed and the cell has no annual thematic plan approved by its cell committee.',
    severity: 'violation',
  },
  'implementation-missing': {
    vi: 'Đã quá thời hạn tổ chức sinh hoạt của cấp trên nhưng cấp ủy chưa ban hành hướng dẫn thực hiện.',
    en: 'The superior’s session deadline has passed and the committee has not issued its implementing guidance.',
    severity: 'violation',
  },
});

const CODES: ReadonlySet<string> = new Set(FINDING_CODES);

/** Type guard: true when `x` is one of {@link FINDING_CODES}. */
export function isFindingCode(x: unknown): x is FindingCode {
  return typeof x === 'string' && CODES.has(x);
}

/** Sorts finding codes into {@link FINDING_CODES} order and removes repeats, so results compare stably. */
export function sortFindings(codes: Iterable<FindingCode>): FindingCode[] {
  const present = new Set(codes);
  return FINDING_CODES.filter((code) => present.has(code));
}

/** Input of {@link sessionTimingFindings}: instants are ISO strings with an offset, `sessionBy` a local deadline date. */
export interface SessionTimingInput {
  heldAt: string;
  sessionBy?: string;
  draftApprovedAt?: string | null;
  draftRequired: boolean;
  /** Minimum hours between draft approval and the session; default 24 (Bình Thuận, HD 42/2025: at least 1 day). */
  minDraftHours?: number;
  /** Zone of the deadline date; default {@link VN_TIME_ZONE}. */
  zone?: string;
}

// `session-late` when held after the `sessionBy` date (the whole local day counts). With a draft required:
// `draft-not-approved` when there is no approval or it came at/after the start (the session was then held without
// an approved draft), `draft-late` when it came less than `minDraftHours` before the start.
/** Timing findings of a held session (deadline and draft approval). */
export function sessionTimingFindings(input: SessionTimingInput): FindingCode[] {
  const { heldAt, sessionBy, draftApprovedAt, draftRequired, minDraftHours = 24, zone = VN_TIME_ZONE } = input;
  const findings: FindingCode[] = [];
  if (draftRequired) {
    if (draftApprovedAt === undefined || draftApprovedAt === null || compareInstants(draftApprovedAt, heldAt) >= 0) {
      findings.push('draft-not-approved');
    } else if (!isDraftTimely(draftApprovedAt, heldAt, minDraftHours)) {
      findings.push('draft-late');
    }
  }
  if (sessionBy !== undefined && !isWithinDeadline(heldAt, sessionBy, zone)) {
    findings.push('session-late');
  }
  return sortFindings(findings);
}

/** `report-late` when the report was submitted after the `reportBy` date (the whole local day counts), otherwise null. */
export function reportTimingFinding(reportedAt: string, reportBy: string, zone: string = VN_TIME_ZONE): 'report-late' | null {
  return isWithinDeadline(reportedAt, reportBy, zone) ? null : 'report-late';
}
