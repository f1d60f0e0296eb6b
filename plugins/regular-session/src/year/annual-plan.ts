import type { FieldIssue, InstanceContext } from '@chibo/procedure';
import { nextAssignee, parseLocal } from '@chibo/rules';
import { dateInWords, invalidDate, isCalendarDate, monthInWords, topicMonth, type PlanTopicInput } from './calendar';

/** A topic of the annual thematic plan as it was planned: its month and who prepares it. */
export interface PlannedTopic extends PlanTopicInput {
  month: string;
  preparer: string;
  /** True when the secretary chose the preparer; false when the rotation did. */
  chosen: boolean;
}

/** The annual plan fact (`annualPlan`). */
export interface AnnualPlanFact {
  year: number;
  topics: PlannedTopic[];
  status: 'submitted' | 'revision' | 'approved';
  submittedAt: string;
  approvedAt?: string;
  notes: string[];
  /** The KH number once issued. */
  number?: string;
}

/** Problems of a plan: a month outside its year, neither or both of month and quarter, a date outside its month or not in the calendar, an unknown preparer. */
export function planIssues(context: InstanceContext, year: number, topics: readonly PlanTopicInput[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  topics.forEach((t, i) => {
    if ((t.month === undefined) === (t.quarter === undefined)) {
      issues.push({ path: `topics.${i}.month`, rule: 'month-or-quarter', message: 'Mỗi chuyên đề ghi tháng hoặc quý tổ chức (một trong hai)' });
      return;
    }
    if (t.month && !t.month.startsWith(`${year}-`)) {
      issues.push({ path: `topics.${i}.month`, rule: 'outside-year', message: `Tháng ${monthInWords(t.month)} không thuộc năm ${year} của kế hoạch`, params: { month: t.month, year } });
      return;
    }
    const month = topicMonth(year, t);
    if (t.date && !t.date.startsWith(`${month}-`)) {
      issues.push({ path: `topics.${i}.date`, rule: 'outside-month', message: `Ngày ${dateInWords(t.date)} không thuộc tháng ${monthInWords(month)}`, params: { date: t.date, month } });
    } else if (t.date && !isCalendarDate(t.date)) {
      // Caught here, not when the chi ủy approves: an impossible date would otherwise fail the year's instance then.
      issues.push(invalidDate(`topics.${i}.date`, t.date));
    }
    if (t.preparer && !context.org.members.some((m) => m.id === t.preparer)) {
      issues.push({ path: `topics.${i}.preparer`, rule: 'unknown-member', message: `Không có đảng viên “${t.preparer}” trong chi bộ`, params: { member: t.preparer } });
    }
  });
  return issues;
}

/**
 * Who prepares each topic: the secretary's choice where given, otherwise the member next in turn (fair rotation:
 * never assigned first, then the longest ago), each assignment counting for the topics after it.
 */
export function assignPreparers(context: InstanceContext, year: number, topics: readonly PlanTopicInput[]): PlannedTopic[] {
  const last: Record<string, string> = { ...(context.lastAssigned ?? {}) };
  const candidates = context.org.members.map((m) => ({ id: m.id, status: m.status }));
  const order = topics.map((t, i) => ({ t, i, month: topicMonth(year, t) })).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.i - b.i));
  const out: PlannedTopic[] = new Array(topics.length);
  for (const { t, i, month } of order) {
    const preparer = t.preparer ?? nextAssignee(candidates, last) ?? context.org.members[0]?.id ?? '';
    last[preparer] = parseLocal(`${month}-01`);
    out[i] = { ...t, month, preparer, chosen: t.preparer !== undefined };
  }
  return out;
}
