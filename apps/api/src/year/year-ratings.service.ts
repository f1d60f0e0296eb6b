import {
  CommitteeSetting,
  DocumentEntity,
  findOrgUnit,
  Member,
  OrgUnit,
  ProcedureInstance,
  Score,
  SessionAttendance,
  SessionOpinion,
  SessionRecord,
} from '@chibo/db';
import {
  assessSessionQuality,
  computeAttendance,
  consecutiveAbsenceCounts,
  consecutiveAbsenceFindings,
  DEFAULT_YEAR_RULE,
  localDate,
  RATINGS,
  rateYear,
  resolveYearRule,
  yearRuleSaveIssues,
  YearRuleError,
  type ConsecutiveAbsenceFinding,
  type MemberStatus,
  type Rating,
  type YearRating,
  type YearReason,
  type YearRule,
  type YearSession,
} from '@chibo/rules';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { unknownCell, unknownOrg, ValidationError } from '../common/errors';

/** The key of a committee's year rule in `committee_settings`. */
export const YEAR_RULE_KEY = 'year-rule';

/** One HD 12 criterion of a session, met or not, and why (figures a secretary can check). */
export interface SessionCriterion {
  id: string;
  label: string;
  met: boolean;
  why: string;
  /** The label's numbers (the rules' `params`), for a page to word it by `id` (ADR 0034). */
  params?: Readonly<Record<string, string | number>>;
  /** `why` as data: which case (`none`, `some`…), its numbers and names, one entry per member it names. */
  because: CriterionBecause;
}

/** Why a criterion is met or not, as data: `year.because.<criterion>.<case>` words it, each item by `….item`. */
export interface CriterionBecause {
  case: string;
  params: Readonly<Record<string, string | number>>;
  items?: ReadonlyArray<Readonly<Record<string, string | number>>>;
}

/** A session of the year as pages show it: what it was, its rating, who was absent, its HD 12 criteria. */
export interface YearSessionView {
  instanceId: string;
  kind: 'regular' | 'thematic';
  heldAt: string;
  day: string;
  minutes: number;
  rating: Rating | null;
  total: number | null;
  absent: Array<{ member: string; name: string; excused: boolean; reason: string | null }>;
  criteria: SessionCriterion[];
  counted: boolean;
  decisive: boolean;
}

/** A cell's year: the rating with its reasons and the sessions it came from, and the consecutive-absence findings. */
export interface CellYear {
  cell: { code: string; name: string };
  year: number;
  rule: YearRule;
  /** The unit whose rule applies (null: the default, Phú Thọ). */
  ruleFrom: string | null;
  rating: Rating;
  counts: Record<Rating, number>;
  /** The rating's reasons in Vietnamese (the API's), and as data for a page to word them (ADR 0034). */
  reasons: string[];
  grounds: YearReason[];
  sessions: YearSessionView[];
  findings: ConsecutiveAbsenceFinding[];
}

/** One row of a committee's overview: a cell and its year rating (null with the reason when it cannot be rated). */
export interface OverviewRow {
  code: string;
  name: string;
  sessions: number;
  regular: number;
  thematic: number;
  rating: Rating | null;
  counts: Record<Rating, number>;
  /** The reasons after the counts, or why the year has no rating, in Vietnamese (the API's and the CSV's). */
  note: string;
  /** The note as data, for a page to word it in its language (ADR 0034). */
  grounds: OverviewGround[];
  absenceFindings: number;
}

/** A ground of an overview's note: one of the rating's, or why there is none (`no-sessions`, or the rule's code). */
export type OverviewGround = Omit<YearReason, 'code'> & { code: string };

interface LoadedSession {
  record: SessionRecord;
  kind: 'regular' | 'thematic';
  score: Score | null;
  attendance: SessionAttendance[];
  opinions: number;
  minutesIssued: string | null;
}

const YEAR_MIN = 2000;
const YEAR_MAX = 2100;

/** Year ratings: per cell from its sessions by the committee's rule, a committee's overview, the rule itself. */
@Injectable()
export class YearRatingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  /** The year asked for, written with its four digits ("2021"; not "0x7e5", "2e3" or " 2021"), or 422 naming `year`. */
  parseYear(value: unknown): number {
    const year = typeof value === 'number' ? value : typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX) {
      throw new ValidationError([{ path: 'year', rule: 'year-range', message: `Năm phải là số nguyên từ ${YEAR_MIN} đến ${YEAR_MAX}`, params: { min: YEAR_MIN, max: YEAR_MAX } }]);
    }
    return year;
  }

  /** A cell the user may see (404 otherwise, and for a unit that is not a cell). */
  async visibleCell(user: AuthUser, code: string): Promise<OrgUnit> {
    const org = await findOrgUnit(this.ds.manager, { code });
    this.scope.requireVisible(user, org, unknownCell(code));
    if (org!.kind !== 'cell') throw unknownCell(code);
    return org!;
  }

  /** The year rule of the nearest unit up from `org` that set one, else the default. */
  async ruleFor(org: OrgUnit): Promise<{ rule: YearRule; from: string | null }> {
    return (await this.rulesFor([org])).get(org.id)!;
  }

  /** The rule in force for each unit, from two queries whatever the number of units (the settings are few). */
  async rulesFor(orgs: readonly OrgUnit[]): Promise<Map<string, { rule: YearRule; from: string | null }>> {
    const settings = await this.ds.manager.find(CommitteeSetting, { where: { key: YEAR_RULE_KEY } });
    const setters = settings.length ? await this.ds.manager.find(OrgUnit, { where: { id: In(settings.map((s) => s.orgId)) } }) : [];
    const byOrg = new Map(settings.map((s) => [s.orgId, s]));
    const result = new Map<string, { rule: YearRule; from: string | null }>();
    for (const org of orgs) {
      const nearest = setters.filter((u) => org.path.startsWith(u.path)).sort((a, b) => b.path.length - a.path.length)[0];
      result.set(org.id, nearest ? { rule: resolveYearRule(byOrg.get(nearest.id)!.value as Partial<YearRule>), from: nearest.code } : { rule: { ...DEFAULT_YEAR_RULE }, from: null });
    }
    return result;
  }

  /** A cell's year rating with the sessions it came from; 422 (`sessions`, `year-without-sessions`) for an empty year. */
  async cellYear(user: AuthUser, cellCode: string, yearValue: unknown): Promise<CellYear> {
    const year = this.parseYear(yearValue);
    const cell = await this.visibleCell(user, cellCode);
    const { rule, from } = await this.ruleFor(cell);
    const loaded = await this.sessionsOf([cell], year);
    const sessions = loaded.get(cell.id) ?? [];
    const members = await this.ds.manager.find(Member, { where: { orgId: cell.id } });
    const yearSessions = sessions.map((s) => toYearSession(s, members));
    let rated: YearRating;
    try {
      rated = rateYear(yearSessions, rule);
    } catch (error) {
      if (error instanceof YearRuleError) {
        throw new ValidationError(
          error.issues.map((i) => (i.rule === 'year-without-sessions' ? { ...i, message: `Chi bộ ${cell.name} không có buổi sinh hoạt nào trong năm ${year} nên không thể xếp loại năm`, params: { cell: cell.name, year } } : i)),
        );
      }
      throw error;
    }
    const byId = new Map(rated.sessions.map((s) => [s.id, s]));
    const roster = members.map((m) => ({ id: m.code, name: m.name }));
    const views = yearSessions.map((ys, i) => {
      const s = sessions[i]!;
      const counts = consecutiveAbsenceCounts(yearSessions.slice(0, i + 1));
      const r = byId.get(ys.id)!;
      return { ...sessionView(s, members, counts, rule), counted: r.counted, decisive: r.decisive };
    });
    return {
      cell: { code: cell.code, name: cell.name },
      year,
      rule,
      ruleFrom: from,
      rating: rated.rating,
      counts: rated.counts,
      reasons: rated.reasons,
      grounds: rated.grounds,
      sessions: views.sort((a, b) => a.heldAt.localeCompare(b.heldAt)),
      findings: consecutiveAbsenceFindings(yearSessions, { maxConsecutiveAbsences: rule.maxConsecutiveAbsences, roster }),
    };
  }

  /**
   * The HD 12 criteria of one held session (met or not, and why), the consecutive absences counted over the cell's
   * sessions of that year up to it; null when the instance has no session recorded. The caller checked visibility.
   */
  async criteriaOf(instanceId: string): Promise<SessionCriterion[] | null> {
    const record = await this.ds.manager.findOne(SessionRecord, { where: { instanceId } });
    const cell = record ? await findOrgUnit(this.ds.manager, { id: record.orgId }) : null;
    if (!record || !cell) return null;
    const year = Number(localDate(record.heldAt).slice(0, 4));
    const sessions = ((await this.sessionsOf([cell], year)).get(cell.id) ?? []).filter((s) => Date.parse(s.record.heldAt) <= Date.parse(record.heldAt));
    const members = await this.ds.manager.find(Member, { where: { orgId: cell.id } });
    const { rule } = await this.ruleFor(cell);
    const self = sessions.find((s) => s.record.instanceId === instanceId);
    if (!self) return null;
    const runs = consecutiveAbsenceCounts(sessions.map((s) => toYearSession(s, members)));
    return sessionView(self, members, runs, rule).criteria;
  }

  /** Every cell under a committee the user may see, with its year rating (or why it has none). */
  async overview(user: AuthUser, committeeCode: string, yearValue: unknown): Promise<{ committee: { code: string; name: string }; year: number; rule: YearRule; ruleFrom: string | null; rows: OverviewRow[] }> {
    const year = this.parseYear(yearValue);
    const committee = await findOrgUnit(this.ds.manager, { code: committeeCode });
    this.scope.requireVisible(user, committee, unknownOrg(committeeCode));
    const under = `${committee!.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const cells = (await this.ds.manager.createQueryBuilder(OrgUnit, 'o').where(`o.path LIKE :under ESCAPE '\\'`, { under }).andWhere("o.kind = 'cell'").orderBy('o.path').getMany()).filter((c) =>
      this.scope.canSee(user, c.path),
    );
    const loaded = await this.sessionsOf(cells, year);
    const members = cells.length ? await this.ds.manager.find(Member, { where: { orgId: In(cells.map((c) => c.id)) } }) : [];
    const { rule, from } = await this.ruleFor(committee!);
    const rules = await this.rulesFor(cells);
    const rows: OverviewRow[] = [];
    for (const cell of cells) {
      const sessions = loaded.get(cell.id) ?? [];
      const cellRule = rules.get(cell.id)!.rule;
      const yearSessions = sessions.map((s) => toYearSession(s, members.filter((m) => m.orgId === cell.id)));
      const base = {
        code: cell.code,
        name: cell.name,
        sessions: sessions.length,
        regular: sessions.filter((s) => s.kind === 'regular').length,
        thematic: sessions.filter((s) => s.kind === 'thematic').length,
        absenceFindings: consecutiveAbsenceFindings(yearSessions, { maxConsecutiveAbsences: cellRule.maxConsecutiveAbsences }).length,
      };
      try {
        const rated = rateYear(yearSessions, cellRule);
        const grounds = rated.grounds.slice(1);
        rows.push({ ...base, rating: rated.rating, counts: rated.counts, note: grounds.map((g) => g.message).join('; '), grounds });
      } catch (error) {
        if (!(error instanceof YearRuleError)) throw error;
        const issue = error.issues[0];
        const grounds: OverviewGround[] = !issue
          ? []
          : issue.rule === 'year-without-sessions'
            ? [{ code: 'no-sessions', params: {}, message: 'Không có buổi sinh hoạt nào trong năm' }]
            : [{ code: issue.rule, params: issue.params ?? {}, message: issue.message }];
        rows.push({ ...base, rating: null, counts: emptyCounts(), note: grounds.map((g) => g.message).join('; '), grounds });
      }
    }
    return { committee: { code: committee!.code, name: committee!.name }, year, rule, ruleFrom: from, rows };
  }

  /** The overview as CSV (UTF-8 with BOM, so spreadsheet programs read the Vietnamese letters). */
  overviewCsv(rows: readonly OverviewRow[]): string {
    const header = ['Mã chi bộ', 'Chi bộ', 'Số buổi', 'Thường kỳ', 'Chuyên đề', ...RATINGS.map((r) => `Số buổi ${r}`), 'Xếp loại năm', 'Vắng liên tiếp', 'Ghi chú'];
    const lines = rows.map((r) => [r.code, r.name, r.sessions, r.regular, r.thematic, ...RATINGS.map((x) => r.counts[x]), r.rating ?? '', r.absenceFindings, r.note]);
    return `\uFEFF${[header, ...lines].map((cols) => cols.map(csvCell).join(',')).join('\r\n')}\r\n`;
  }

  /** Sets a unit's year rule (422 naming the field for a rule that makes no sense); returns the rule now in force. */
  async setRule(user: AuthUser, org: OrgUnit, value: Partial<YearRule>, now: string): Promise<YearRule> {
    let rule: YearRule;
    try {
      rule = resolveYearRule(value);
    } catch (error) {
      if (error instanceof YearRuleError) throw new ValidationError(error.issues);
      throw error;
    }
    const unsaveable = yearRuleSaveIssues(rule);
    if (unsaveable.length) throw new ValidationError(unsaveable);
    await this.ds.transaction(async (m) => {
      const existing = await m.findOne(CommitteeSetting, { where: { orgId: org.id, key: YEAR_RULE_KEY } });
      if (existing) await m.update(CommitteeSetting, { id: existing.id }, { value: rule, updatedBy: user.id, updatedAt: now });
      else await m.insert(CommitteeSetting, { id: crypto.randomUUID(), orgId: org.id, key: YEAR_RULE_KEY, value: rule, updatedBy: user.id, updatedAt: now });
    });
    return rule;
  }

  /** Each cell's sessions held in `year` (local time), in order, with kind, score, roll call, opinions and minutes. */
  async sessionsOf(cells: readonly OrgUnit[], year: number): Promise<Map<string, LoadedSession[]>> {
    const result = new Map<string, LoadedSession[]>();
    if (cells.length === 0) return result;
    const m = this.ds.manager;
    const records = (await m.find(SessionRecord, { where: { orgId: In(cells.map((c) => c.id)) } })).filter((r) => localDate(r.heldAt).startsWith(`${year}-`));
    if (records.length === 0) return result;
    const instanceIds = records.map((r) => r.instanceId);
    const [instances, scores, attendance, opinions, minutes] = await Promise.all([
      m.find(ProcedureInstance, { select: { id: true, definitionKey: true }, where: { id: In(instanceIds) } }),
      m.find(Score, { where: { instanceId: In(instanceIds) } }),
      m.find(SessionAttendance, { where: { sessionId: In(records.map((r) => r.id)) } }),
      m.find(SessionOpinion, { select: { id: true, sessionId: true }, where: { sessionId: In(records.map((r) => r.id)) } }),
      m.find(DocumentEntity, { select: { id: true, instanceId: true, number: true, type: true }, where: { instanceId: In(instanceIds), type: 'BB' } }),
    ]);
    const kindOf = new Map(instances.map((i) => [i.id, i.definitionKey.startsWith('regular') ? ('regular' as const) : ('thematic' as const)]));
    for (const record of records.sort((a, b) => Date.parse(a.heldAt) - Date.parse(b.heldAt))) {
      const list = result.get(record.orgId) ?? [];
      list.push({
        record,
        kind: kindOf.get(record.instanceId) ?? 'thematic',
        score: scores.find((s) => s.instanceId === record.instanceId) ?? null,
        attendance: attendance.filter((a) => a.sessionId === record.id),
        opinions: opinions.filter((o) => o.sessionId === record.id).length,
        minutesIssued: minutes.find((d) => d.instanceId === record.instanceId)?.number ?? null,
      });
      result.set(record.orgId, list);
    }
    return result;
  }
}

/** Exempt and suspended members (as the roster has them now) are not expected at a session: absent, they are skipped. */
function toYearSession(s: LoadedSession, members: readonly Member[]): YearSession {
  const status = new Map(members.map((m) => [m.code, m.status]));
  const absent = s.attendance.filter((a) => !a.present).map((a) => a.memberCode);
  const notExpected = absent.filter((code) => isNotExpected(status.get(code)));
  return {
    id: s.record.instanceId,
    kind: s.kind,
    heldAt: s.record.heldAt,
    rating: s.score && (RATINGS as readonly string[]).includes(s.score.rating) ? (s.score.rating as Rating) : null,
    absent,
    notExpected,
    title: `${s.kind === 'regular' ? 'Thường kỳ' : 'Chuyên đề'} ${dayText(localDate(s.record.heldAt))}`,
  };
}

function isNotExpected(status: MemberStatus | undefined): boolean {
  return status === 'exempt' || status === 'suspended';
}

/** The HD 12 criteria of one session from what was recorded, each with the figures behind it. */
function sessionView(s: LoadedSession, members: readonly Member[], runs: Record<string, number>, rule: YearRule): Omit<YearSessionView, 'counted' | 'decisive'> {
  const status = new Map(members.map((m) => [m.code, m.status]));
  const names = new Map(s.attendance.map((a) => [a.memberCode, a.memberName]));
  const roster = s.attendance.map((a) => ({ id: a.memberCode, name: a.memberName, status: status.get(a.memberCode) ?? ('official' as MemberStatus) }));
  const absences = s.attendance.filter((a) => !a.present).map((a) => ({ member: a.memberCode, excused: a.excused, ...(a.reason ? { reason: a.reason } : {}) }));
  const attendance = computeAttendance(roster, absences);
  const quality = assessSessionQuality(
    { attendance, minutes: s.record.minutes, combined: s.record.combined, opinions: s.opinions, minutesComplete: s.minutesIssued !== null, consecutiveAbsences: runs },
    { maxConsecutiveAbsences: rule.maxConsecutiveAbsences },
  );
  const over = Object.entries(runs).filter(([, n]) => n > rule.maxConsecutiveAbsences);
  const why: Record<string, string> = {
    attendance: `${attendance.presentEligible}/${attendance.eligible} đảng viên dự (${Math.round(attendance.rate * 1000) / 10}%)`.replace('.', ','),
    'no-unexcused-absence': attendance.absentUnexcused.length ? `Vắng không lý do: ${attendance.absentUnexcused.map((c) => names.get(c) ?? c).join(', ')}` : 'Không có ai vắng không lý do',
    'consecutive-absences': over.length ? over.map(([c, n]) => `${names.get(c) ?? c} vắng ${n} buổi liên tiếp`).join('; ') : `Không ai vắng quá ${rule.maxConsecutiveAbsences} buổi liên tiếp`,
    duration: `${s.record.minutes} phút`,
    participation: `${s.opinions} ý kiến phát biểu`,
    'minutes-complete': s.minutesIssued ? `Đã ban hành biên bản số ${s.minutesIssued}` : 'Chưa có biên bản',
  };
  // The same as data, for the pages' words (names as recorded, numbers as numbers).
  const because: Record<string, CriterionBecause> = {
    attendance: { case: 'rate', params: { present: attendance.presentEligible, eligible: attendance.eligible, rate: Math.round(attendance.rate * 1000) / 10 } },
    'no-unexcused-absence': attendance.absentUnexcused.length
      ? { case: 'some', params: { names: attendance.absentUnexcused.map((c) => names.get(c) ?? c).join(', ') } }
      : { case: 'none', params: {} },
    'consecutive-absences': over.length ? { case: 'some', params: {}, items: over.map(([c, n]) => ({ name: names.get(c) ?? c, count: n })) } : { case: 'none', params: { max: rule.maxConsecutiveAbsences } },
    duration: { case: 'minutes', params: { minutes: s.record.minutes } },
    participation: { case: 'opinions', params: { opinions: s.opinions } },
    'minutes-complete': s.minutesIssued ? { case: 'issued', params: { number: s.minutesIssued } } : { case: 'none', params: {} },
  };
  return {
    instanceId: s.record.instanceId,
    kind: s.kind,
    heldAt: s.record.heldAt,
    day: dayText(localDate(s.record.heldAt)),
    minutes: s.record.minutes,
    rating: s.score && (RATINGS as readonly string[]).includes(s.score.rating) ? (s.score.rating as Rating) : null,
    total: s.score?.total ?? null,
    absent: s.attendance.filter((a) => !a.present).map((a) => ({ member: a.memberCode, name: a.memberName, excused: a.excused, reason: a.reason })),
    criteria: quality.criteria.map((c) => ({ ...c, why: why[c.id] ?? '', because: because[c.id] ?? { case: 'none', params: {} } })),
  };
}

function emptyCounts(): Record<Rating, number> {
  return Object.fromEntries(RATINGS.map((r) => [r, 0])) as Record<Rating, number>;
}

/** "27/05/2022" from "2022-05-27". */
function dayText(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function csvCell(value: unknown): string {
  const text = String(value ?? '');
  // A cell starting with = + - @ would be a formula in a spreadsheet: prefix it so it stays text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
