import { type AttendanceResult } from './attendance';
import { sortFindings, type FindingCode } from './findings';

/** Thresholds of the HD 12-HD/BTCTW (2018) session criteria; committees may override any of them. */
export interface QualityConfig {
  /** Attendance criterion is met when the rate is strictly above this share (0..1). Default 0.85. */
  attendanceThreshold: number;
  /** Minimum session length in minutes. Default 90. */
  minMinutes: number;
  /** Minimum length in minutes when a regular and a thematic session are held together. Default 120. */
  minMinutesCombined: number;
  /** A member absent (even excused) more than this many sessions in a row in the year is flagged. Default 3. */
  maxConsecutiveAbsences: number;
}

/** HD 12 defaults: attendance above 85%, at least 90 minutes (120 combined), at most 3 absences in a row. */
export const DEFAULT_QUALITY_CONFIG: Readonly<QualityConfig> = Object.freeze({
  attendanceThreshold: 0.85,
  minMinutes: 90,
  minMinutesCombined: 120,
  maxConsecutiveAbsences: 3,
});

/** What {@link assessSessionQuality} needs to know about one session. */
export interface SessionQualityInput {
  attendance: AttendanceResult;
  /** Length of the session in minutes. */
  minutes: number;
  /** True when a regular and a thematic session were held together (longer minimum). */
  combined?: boolean;
  /** Number of opinions recorded in the minutes. */
  opinions: number;
  /** Whether the minutes are complete; not confirmed (undefined) counts as not met. */
  minutesComplete?: boolean;
  /** Consecutive absences so far this year per member, this session included; missing means none known. */
  consecutiveAbsences?: Record<string, number>;
}

/** One HD 12 criterion as shown to the chi ủy: a stable id, whether it is met, and a Vietnamese label. */
export interface QualityCriterion {
  id: string;
  met: boolean;
  label: string;
  /**
   * The label's numbers, for a page to word it by `id` in its language (ADR 0034): `threshold` (a percentage, 85),
   * `max` (absences in a row), `minutes` and `combined: 1`.
   */
  params?: Readonly<Record<string, string | number>>;
}

/** Findings and HD 12 criteria of one session. */
export interface SessionQuality {
  findings: FindingCode[];
  criteria: QualityCriterion[];
}

// Criteria: attendance, no unexcused absence, consecutive absences, duration, participation (≥ 1 opinion), complete
// minutes. Findings: `session-short`, `attendance-low` (rate ≤ threshold), `absence-unexcused`. Preparation, order
// and principles need a human judgement and are left to the rubric.
/** Assesses a session against the measurable HD 12 criteria and returns its findings. */
export function assessSessionQuality(input: SessionQualityInput, config: Partial<QualityConfig> = {}): SessionQuality {
  const cfg = resolveQualityConfig(config);
  const { attendance, minutes, combined = false, opinions, minutesComplete = false, consecutiveAbsences = {} } = input;
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Invalid session length ${minutes}: expected a non-negative number of minutes`);
  }
  if (!Number.isInteger(opinions) || opinions < 0) {
    throw new RangeError(`Invalid number of opinions ${opinions}: expected a non-negative integer`);
  }
  const minimum = combined ? cfg.minMinutesCombined : cfg.minMinutes;
  const attendanceMet = attendance.rate > cfg.attendanceThreshold;
  const noUnexcused = attendance.absentUnexcused.length === 0;
  const durationMet = minutes >= minimum;
  const overLimit = Object.values(consecutiveAbsences).some((count) => count > cfg.maxConsecutiveAbsences);

  const findings: FindingCode[] = [];
  if (!durationMet) findings.push('session-short');
  if (!attendanceMet) findings.push('attendance-low');
  if (!noUnexcused) findings.push('absence-unexcused');

  return {
    findings: sortFindings(findings),
    criteria: [
      {
        id: 'attendance',
        met: attendanceMet,
        label: `Số đảng viên dự sinh hoạt đạt trên ${formatPercent(cfg.attendanceThreshold)} (không tính đảng viên miễn sinh hoạt, bị đình chỉ)`,
        params: { threshold: Math.round(cfg.attendanceThreshold * 1000) / 10 },
      },
      { id: 'no-unexcused-absence', met: noUnexcused, label: 'Không có đảng viên vắng mặt không lý do' },
      { id: 'consecutive-absences', met: !overLimit, label: `Không có đảng viên vắng mặt quá ${cfg.maxConsecutiveAbsences} lần liên tiếp trong năm`, params: { max: cfg.maxConsecutiveAbsences } },
      {
        id: 'duration',
        met: durationMet,
        label: combined
          ? `Thời gian sinh hoạt ít nhất ${minimum} phút (sinh hoạt thường kỳ kết hợp chuyên đề)`
          : `Thời gian sinh hoạt ít nhất ${minimum} phút`,
        params: combined ? { minutes: minimum, combined: 1 } : { minutes: minimum },
      },
      { id: 'participation', met: opinions >= 1, label: 'Có đảng viên phát biểu, đóng góp ý kiến' },
      { id: 'minutes-complete', met: minutesComplete, label: 'Biên bản ghi chép đầy đủ, đúng quy định' },
    ],
  };
}

/** Merges overrides into {@link DEFAULT_QUALITY_CONFIG}; throws instead of guessing when a value makes no sense. */
function resolveQualityConfig(config: Partial<QualityConfig>): QualityConfig {
  const cfg: QualityConfig = { ...DEFAULT_QUALITY_CONFIG, ...stripUndefined(config) };
  if (!(cfg.attendanceThreshold >= 0 && cfg.attendanceThreshold <= 1)) {
    throw new RangeError(`Invalid attendanceThreshold ${cfg.attendanceThreshold}: expected a share between 0 and 1`);
  }
  for (const key of ['minMinutes', 'minMinutesCombined'] as const) {
    if (!Number.isFinite(cfg[key]) || cfg[key] < 0) {
      throw new RangeError(`Invalid ${key} ${cfg[key]}: expected a non-negative number of minutes`);
    }
  }
  if (!Number.isInteger(cfg.maxConsecutiveAbsences) || cfg.maxConsecutiveAbsences < 0) {
    throw new RangeError(`Invalid maxConsecutiveAbsences ${cfg.maxConsecutiveAbsences}: expected a non-negative integer`);
  }
  return cfg;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** 0.85 → "85%", 0.875 → "87,5%" (Vietnamese decimal comma). */
function formatPercent(share: number): string {
  const percent = Math.round(share * 1000) / 10;
  return `${String(percent).replace('.', ',')}%`;
}
