import { recordAdminAction } from '@chibo/audit';
import { findOrgUnit, Member, type OrgUnit, ProcedureInstance, SelfCriticismReview, SessionRecord } from '@chibo/db';
import { consecutiveAbsenceFindings, localDate, type ConsecutiveAbsenceFinding } from '@chibo/rules';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { YearRatingsService } from './year-ratings.service';

/** The fact the self-criticism step keeps each member's plan text in (plugins/self-criticism). */
const PLANS_FACT = 'selfCriticismPlans';

/** A member's year: attendance at every session, what they were given to do and presented, their self-criticism plans. */
export interface MemberRecord {
  cell: { code: string; name: string };
  member: { code: string; name: string; status: string };
  year: number;
  attendance: { held: number; present: number; absentExcused: number; absentUnexcused: number };
  sessions: Array<{ instanceId: string; kind: 'regular' | 'thematic'; day: string; heldAt: string; present: boolean; excused: boolean | null; reason: string | null; role: string[] }>;
  assignments: Array<{ instanceId: string; day: string; task: string }>;
  presentations: Array<{ instanceId: string; day: string; topic: string | null }>;
  plans: Array<{ instanceId: string; day: string; flagged: string[]; plan: string; review: { reviewedIn: string | null; reviewedInDay: string | null; note: string | null; at: string } | null }>;
  findings: ConsecutiveAbsenceFinding[];
  /** True when the viewer may mark plans reviewed (the cell's secretary). */
  canReview: boolean;
}

/** A member's own record: visible to the member and to their cell's secretary (and an admin), nobody else. */
@Injectable()
export class MemberRecordService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly years: YearRatingsService,
  ) {}

  /** The cell and member, when the user is that member or may act as secretary on the cell; 404 otherwise. */
  async access(user: AuthUser, cellCode: string, memberCode: string): Promise<{ cell: OrgUnit; member: Member; canReview: boolean }> {
    const notFound = `Không tìm thấy đảng viên ${memberCode} của chi bộ ${cellCode}`;
    const cell = await findOrgUnit(this.ds.manager, { code: cellCode });
    const member = cell ? await this.ds.manager.findOne(Member, { where: { orgId: cell.id, code: memberCode } }) : null;
    if (!cell || !member) throw new NotFoundError(notFound).worded('member-not-found', { member: memberCode, cell: cellCode });
    const self = user.member?.id === member.id;
    const secretary = this.scope.canAct(user, cell.path, ['secretary']) || this.scope.isRootAdmin(user);
    if (!self && !secretary) throw new NotFoundError(notFound).worded('member-not-found', { member: memberCode, cell: cellCode });
    return { cell, member, canReview: secretary && !this.scope.isReadOnly(user) };
  }

  async record(user: AuthUser, cellCode: string, memberCode: string, yearValue: unknown): Promise<MemberRecord> {
    const year = this.years.parseYear(yearValue);
    const { cell, member, canReview } = await this.access(user, cellCode, memberCode);
    const sessions = (await this.years.sessionsOf([cell], year)).get(cell.id) ?? [];
    const rows = sessions.map((s) => {
      const mine = s.attendance.find((a) => a.memberCode === member.code);
      const role = [s.record.chair === member.code ? 'chủ trì' : '', s.record.clerk === member.code ? 'thư ký' : '', s.record.presenter === member.code ? 'trình bày' : ''].filter(Boolean);
      return {
        instanceId: s.record.instanceId,
        kind: s.kind,
        day: dayText(localDate(s.record.heldAt)),
        heldAt: s.record.heldAt,
        present: mine ? mine.present : true,
        excused: mine && !mine.present ? mine.excused : null,
        reason: mine && !mine.present ? mine.reason : null,
        role,
      };
    });
    const assignments = sessions.flatMap((s) => (s.record.assignments ?? []).filter((a) => a.to === member.code).map((a) => ({ instanceId: s.record.instanceId, day: dayText(localDate(s.record.heldAt)), task: a.task })));
    const instances = sessions.length ? await this.ds.manager.find(ProcedureInstance, { where: { id: In(sessions.map((s) => s.record.instanceId)) } }) : [];
    const facts = new Map(instances.map((i) => [i.id, ((i.state as { facts?: Record<string, unknown> } | null)?.facts ?? {}) as Record<string, unknown>]));
    const presentations = sessions
      .filter((s) => s.record.presenter === member.code)
      .map((s) => ({ instanceId: s.record.instanceId, day: dayText(localDate(s.record.heldAt)), topic: ((facts.get(s.record.instanceId)?.['plan'] as { topic?: string } | undefined)?.topic ?? null) }));
    // Drafts the member was assigned to write, in sessions of the year they did not present themselves.
    const drafted = sessions.filter((s) => s.record.presenter !== member.code && (facts.get(s.record.instanceId)?.['draft'] as { assignee?: string } | undefined)?.assignee === member.code);
    for (const s of drafted) presentations.push({ instanceId: s.record.instanceId, day: dayText(localDate(s.record.heldAt)), topic: ((facts.get(s.record.instanceId)?.['plan'] as { topic?: string } | undefined)?.topic ?? null) });

    const reviews = await this.ds.manager.find(SelfCriticismReview, { where: { orgId: cell.id, memberCode: member.code } });
    const dayOf = new Map(sessions.map((s) => [s.record.instanceId, dayText(localDate(s.record.heldAt))]));
    const plans = sessions.flatMap((s) => {
      const plan = (facts.get(s.record.instanceId)?.[PLANS_FACT] as Record<string, { flagged: string[]; plan: string; at: string }> | undefined)?.[member.code];
      if (!plan) return [];
      const review = reviews.find((r) => r.instanceId === s.record.instanceId);
      return [
        {
          instanceId: s.record.instanceId,
          day: dayText(localDate(s.record.heldAt)),
          flagged: plan.flagged,
          plan: plan.plan,
          review: review ? { reviewedIn: review.reviewedIn, reviewedInDay: review.reviewedIn ? (dayOf.get(review.reviewedIn) ?? null) : null, note: review.note, at: review.reviewedAt } : null,
        },
      ];
    });
    const { rule } = await this.years.ruleFor(cell);
    const yearSessions = sessions.map((s) => ({ id: s.record.instanceId, kind: s.kind, heldAt: s.record.heldAt, absent: s.attendance.filter((a) => !a.present).map((a) => a.memberCode) }));
    const findings = consecutiveAbsenceFindings(yearSessions, { maxConsecutiveAbsences: rule.maxConsecutiveAbsences, roster: [{ id: member.code, name: member.name }] }).filter((f) => f.member === member.code);
    const absent = rows.filter((r) => !r.present);
    return {
      cell: { code: cell.code, name: cell.name },
      member: { code: member.code, name: member.name, status: member.status },
      year,
      attendance: { held: rows.length, present: rows.length - absent.length, absentExcused: absent.filter((r) => r.excused).length, absentUnexcused: absent.filter((r) => !r.excused).length },
      sessions: rows,
      assignments,
      presentations,
      plans,
      findings,
      canReview,
    };
  }

  /**
   * The secretary marks a member's plan (written at `instanceId`) as reviewed, at a later session `reviewedIn` when
   * given. 422 naming the field when the plan does not exist or the session is not a later one of the same cell.
   */
  async review(user: AuthUser, input: { cell: string; member: string; instanceId: string; reviewedIn?: string | undefined; note?: string | undefined }, now: string) {
    const { cell, member, canReview } = await this.access(user, input.cell, input.member);
    if (!canReview) throw new NotFoundError(`Không tìm thấy đảng viên ${input.member} của chi bộ ${input.cell}`).worded('member-not-found', { member: input.member, cell: input.cell });
    const session = await this.ds.manager.findOne(SessionRecord, { where: { instanceId: input.instanceId, orgId: cell.id } });
    const instance = session ? await this.ds.manager.findOne(ProcedureInstance, { where: { id: input.instanceId } }) : null;
    const plans = ((instance?.state as { facts?: Record<string, unknown> } | null)?.facts?.[PLANS_FACT] ?? {}) as Record<string, unknown>;
    if (!session || !Object.hasOwn(plans, member.code)) {
      throw new ValidationError([{ path: 'instanceId', rule: 'no-plan', message: `Đồng chí ${member.name} không có kế hoạch khắc phục ở buổi sinh hoạt này`, params: { name: member.name } }]);
    }
    if (input.reviewedIn) {
      const later = await this.ds.manager.findOne(SessionRecord, { where: { instanceId: input.reviewedIn, orgId: cell.id } });
      if (!later || Date.parse(later.heldAt) <= Date.parse(session.heldAt)) {
        throw new ValidationError([{ path: 'reviewedIn', rule: 'later-session', message: 'Việc kiểm điểm kế hoạch khắc phục phải ở một buổi sinh hoạt sau buổi lập kế hoạch, của cùng chi bộ' }]);
      }
    }
    return this.ds.transaction(async (m) => {
      const existing = await m.findOne(SelfCriticismReview, { where: { instanceId: input.instanceId, memberCode: member.code } });
      const values = { reviewedIn: input.reviewedIn ?? null, note: input.note ?? null, reviewedBy: user.id, reviewedAt: now };
      if (existing) await m.update(SelfCriticismReview, { id: existing.id }, values);
      else await m.insert(SelfCriticismReview, { id: crypto.randomUUID(), orgId: cell.id, instanceId: input.instanceId, memberCode: member.code, ...values });
      await recordAdminAction(m, {
        type: 'self-criticism-reviewed',
        org: cell.code,
        actorUserId: user.id,
        memberId: member.id,
        at: now,
        subject: { instanceId: input.instanceId, member: member.code },
        before: existing ? { reviewedIn: existing.reviewedIn, note: existing.note } : null,
        after: { reviewedIn: values.reviewedIn, note: values.note },
      });
      return { instanceId: input.instanceId, member: member.code, ...values };
    });
  }
}

function dayText(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
