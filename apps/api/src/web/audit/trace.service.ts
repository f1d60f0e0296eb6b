import { DocumentEntity, Guidance, OrgUnit, ProcedureInstance, User } from '@chibo/db';
import { type InstanceState, type ProcedureEvent } from '@chibo/procedure';
import { FINDINGS, isFindingCode } from '@chibo/rules';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { ScopeService } from '../../auth/scope.service';
import { AuditTraceService } from '../../audit/audit-trace.service';
import { MAX_TRACE_LIMIT, traceQuerySchema } from '../../audit/dto/audit-query.dto';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { GuidanceService } from '../committee/guidance.service';
import { findingView } from '../dossier/dossier.service';
import { localized, translate, type Lang } from '../i18n/i18n';
import { documentLink } from '../tasks/task-page.service';
import { formatDateTime, formatMonth } from '../view/format';
import { WEB, seg } from '../web-paths';

/** One line of a timeline: when, who, what; the document or finding it is about. */
export interface TimelineEntry {
  at: string;
  recordedAt: string;
  who: string;
  step: string;
  text: string;
  kind: 'task' | 'submission' | 'document' | 'finding' | 'resolved' | 'deadline' | 'result' | 'milestone';
  document: { number: string; href: string | null } | null;
  finding: string | null;
  /** The audit-log entry that chains this event (hash-linked, signed checkpoints): its number and hash. */
  audit: { id: number; hash: string; documentAltered: boolean } | null;
}

/** One cell of the trace. */
export interface CellTrace {
  code: string;
  name: string;
  instanceId: string;
  href: string;
  status: string;
  findings: ReturnType<typeof findingView>[];
  documents: ReturnType<typeof documentLink>[];
  timeline: TimelineEntry[];
}

type AuditRef = NonNullable<TimelineEntry['audit']>;

export const TRACE_PAGE_SIZE = 20;
const MAX_CHAIN_DEPTH = 10;

/**
 * The compliance trace of a guidance for auditors: the guidance and the higher guidance it implements (its basedOn
 * chain, as far as those documents are in chibo), then every cell's procedure — plan, draft versions, session, score,
 * vote, resolution, report — as a timeline of who did what when, every finding (also those later resolved), and the
 * documents issued. Built from the instances' event logs: the append-only record, not a summary of it.
 */
@Injectable()
export class TraceService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly guidance: GuidanceService,
    private readonly audit: AuditTraceService,
  ) {}

  async trace(user: AuthUser, lang: Lang, id: string, options: { finding?: string; page?: number; all?: boolean }) {
    const { guidance, issuer } = await this.guidance.visible(user, id);
    const chain = await this.chain(user, guidance.basedOn, new Set([guidance.id]), 0);
    const qb = this.ds.manager
      .createQueryBuilder(ProcedureInstance, 'i')
      .innerJoin(OrgUnit, 'o', 'o.id = i.org_id')
      .where('i.guidance_id = :g', { g: guidance.id })
      .andWhere('i.parent_instance_id IS NOT NULL')
      .select(['i.id', 'i.status'])
      .addSelect('o.code', 'org_code')
      .addSelect('o.name', 'org_name')
      .addSelect('o.path', 'org_path');
    // Auditors filter by any finding ever recorded (a late session stays a fact after it was held).
    if (options.finding) qb.andWhere('EXISTS (SELECT 1 FROM findings f WHERE f.instance_id = i.id AND f.code = :finding)', { finding: options.finding });
    const total = await qb.getCount();
    const page = Math.max(1, options.page ?? 1);
    qb.orderBy('o.code', 'ASC');
    if (!options.all) qb.offset((page - 1) * TRACE_PAGE_SIZE).limit(TRACE_PAGE_SIZE);
    const { entities, raw } = await qb.getRawAndEntities();
    const visible = entities.map((i, n) => ({ instance: i, code: raw[n].org_code as string, name: raw[n].org_name as string, path: raw[n].org_path as string })).filter((c) => this.scope.canSee(user, c.path));

    const ids = [guidance.instanceId, ...visible.map((c) => c.instance.id)].filter((x): x is string => Boolean(x));
    const documents = ids.length ? await this.ds.manager.find(DocumentEntity, { where: { instanceId: In(ids) }, order: { issuedAt: 'ASC', seq: 'ASC' } }) : [];
    const logs = new Map<string, { state: InstanceState; events: Awaited<ReturnType<ProcedureEngine['events']>>; audit: Map<number, AuditRef> }>();
    for (const instanceId of ids) {
      logs.set(instanceId, { state: await this.engine.state(instanceId), events: await this.engine.events(instanceId), audit: await this.auditEntries(user, instanceId) });
    }
    const userIds = [...logs.values()].flatMap(({ events }) => events.flatMap(({ event }) => (event.type === 'task-submitted' ? [event.by.userId] : [])));
    const users = userIds.length ? await this.ds.manager.find(User, { where: { id: In([...new Set(userIds)]) } }) : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));

    const timelineOf = (instanceId: string) => {
      const log = logs.get(instanceId)!;
      return this.timeline(log.state, log.events, documents.filter((d) => d.instanceId === instanceId), names, lang, log.audit);
    };
    const cells: CellTrace[] = visible.map((c) => {
      const log = logs.get(c.instance.id)!;
      return {
        code: c.code,
        name: c.name,
        instanceId: c.instance.id,
        href: `${WEB.dossiers}/${seg(c.instance.id)}`,
        status: translate(lang, `instanceStatus.${c.instance.status}`),
        findings: log.state.findings.map((f) => findingView(lang, f)),
        documents: documents.filter((d) => d.instanceId === c.instance.id).map(documentLink),
        timeline: timelineOf(c.instance.id),
      };
    });
    return {
      guidance: {
        id: guidance.id,
        number: guidance.number,
        issuedOn: guidance.issuedOn,
        title: guidance.title,
        issuer: { code: issuer.code, name: issuer.name },
        sessionBy: guidance.sessionBy,
        reportBy: guidance.reportBy,
        href: `${WEB.guidance}/${seg(guidance.id)}`,
      },
      chain,
      committee: guidance.instanceId
        ? { timeline: timelineOf(guidance.instanceId), documents: documents.filter((d) => d.instanceId === guidance.instanceId).map(documentLink), findings: logs.get(guidance.instanceId)!.state.findings.map((f) => findingView(lang, f)) }
        : null,
      cells,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / TRACE_PAGE_SIZE)),
    };
  }

    /** The audit-log entries of one instance's events, by event sequence number (empty when the log has none). */
  private async auditEntries(user: AuthUser, instanceId: string): Promise<Map<number, AuditRef>> {
    const { items } = await this.audit.trace(user, traceQuerySchema.parse({ instance: instanceId, limit: MAX_TRACE_LIMIT }));
    const map = new Map<number, AuditRef>();
    for (const entry of items) {
      if (entry.event?.seq === null || entry.event?.seq === undefined) continue;
      map.set(entry.event.seq, {
        id: entry.id,
        hash: entry.hash.slice(0, 12),
        documentAltered: Boolean(entry.document && entry.document.checksum !== null && entry.document.currentChecksum !== entry.document.checksum),
      });
    }
    return map;
  }

  /** Recomputes the audit log's hashes and checks its signed checkpoints and documents, for the issuer's subtree. */
  async verify(user: AuthUser, id: string) {
    const { guidance, issuer } = await this.guidance.visible(user, id);
    const report = await this.audit.verify(user, { org: issuer.code });
    return { guidance: { id: guidance.id, number: guidance.number, issuedOn: guidance.issuedOn, issuer: issuer.name }, report };
  }

  /** The higher guidance this one implements, and theirs, as far as chibo knows them (others are listed by number). */
  private async chain(user: AuthUser, refs: ReadonlyArray<{ number: string; issuedOn: string }>, seen: Set<string>, depth: number): Promise<Array<{ number: string; issuedOn: string; title: string | null; issuer: string | null; href: string | null; depth: number }>> {
    const out: Array<{ number: string; issuedOn: string; title: string | null; issuer: string | null; href: string | null; depth: number }> = [];
    for (const ref of refs) {
      const row = await this.ds.manager.findOne(Guidance, { where: { number: ref.number, issuedOn: ref.issuedOn } });
      const issuer = row ? await this.ds.manager.findOne(OrgUnit, { where: { id: row.issuerOrgId } }) : null;
      const known = row && issuer && this.scope.canSee(user, issuer.path) && !seen.has(row.id);
      out.push({ number: ref.number, issuedOn: ref.issuedOn, title: known ? row.title : null, issuer: known ? issuer.name : null, href: known ? `${WEB.audit}/${seg(row.id)}` : null, depth });
      if (known && depth < MAX_CHAIN_DEPTH) {
        seen.add(row.id);
        out.push(...(await this.chain(user, row.basedOn, seen, depth + 1)));
      }
    }
    return out;
  }

  /** The events of one instance as readable lines (bookkeeping events — timers scheduled, state changes — left out). */
  timeline(
    state: InstanceState,
    events: Array<{ seq: number; event: ProcedureEvent; recordedAt: string }>,
    documents: DocumentEntity[],
    names: ReadonlyMap<string, string>,
    lang: Lang,
    audit: ReadonlyMap<number, AuditRef> = new Map(),
  ): TimelineEntry[] {
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    const system = t('trace.system');
    const stepTitle = (stepId: string) => {
      const ref = state.definition.steps.find((s) => s.id === stepId);
      return ref && this.engine.registry.hasStep(ref.kind) ? localized(lang, this.engine.registry.step(ref.kind).title) : stepId;
    };
    const member = (id: unknown) => state.context.org.members.find((m) => m.id === id)?.name ?? String(id ?? '');
    const tasks = new Map<string, { stepId: string; title: string; task: string }>();
    const timers = new Map<string, string>();
    const drafts = { versions: 0 };
    const out: TimelineEntry[] = [];
    let current: AuditRef | null = null;
    const push = (e: Omit<TimelineEntry, 'document' | 'finding' | 'audit'> & Partial<Pick<TimelineEntry, 'document' | 'finding'>>) => out.push({ document: null, finding: null, audit: current, ...e });
    for (const { seq, event, recordedAt } of events) {
      current = audit.get(seq) ?? null;
      const base = { at: event.at, recordedAt };
      switch (event.type) {
        case 'instance-started':
          push({ ...base, who: system, step: '', kind: 'milestone', text: t('trace.started', { procedure: event.definition.title, version: `${event.definition.key}@${event.definition.version}` }) });
          break;
        case 'task-opened': {
          const title = localized(lang, event.title);
          tasks.set(event.taskId, { stepId: event.stepId, title, task: event.task });
          push({ ...base, who: system, step: stepTitle(event.stepId), kind: 'task', text: t('trace.taskOpened', { title, assignee: 'member' in event.assignee ? member(event.assignee.member) : t(`role.${event.assignee.role}`) }) });
          break;
        }
        case 'task-submitted': {
          const task = tasks.get(event.taskId);
          const who = names.get(event.by.userId) ?? (event.by.member ? member(event.by.member.id) : event.by.userId);
          push({ ...base, who, step: task ? stepTitle(task.stepId) : '', kind: 'submission', text: `${t('trace.submitted', { title: task?.title ?? event.taskId })}${this.summary(task, event.input, member, drafts, lang)}` });
          break;
        }
        case 'timer-scheduled':
          timers.set(event.timerId, event.key);
          break;
        case 'timer-fired': {
          const key = timers.get(event.timerId) ?? event.timerId;
          push({ ...base, who: system, step: '', kind: 'deadline', text: t('trace.timer', { what: translateTimer(lang, key) }) });
          break;
        }
        case 'effect-completed': {
          const doc = (event.result as { document?: { id?: string; type?: string; number?: string } }).document;
          if (doc?.number) {
            const entity = documents.find((d) => (doc.id && d.id === doc.id) || d.number === doc.number);
            push({ ...base, who: system, step: '', kind: 'document', text: t('trace.document', { number: doc.number, type: doc.type ? t(`docType.${doc.type}`) : '' }), document: { number: doc.number, href: entity ? `${WEB.documents}/${seg(entity.id)}` : null } });
          }
          break;
        }
        case 'fact-recorded':
          this.factLine(event.name, event.value, lang, (text) => push({ ...base, who: system, step: stepTitle(event.stepId), kind: 'result', text }));
          break;
        case 'finding-recorded':
          push({ ...base, who: system, step: stepTitle(event.stepId), kind: 'finding', finding: event.code, text: t('trace.finding', { code: event.code, label: isFindingCode(event.code) ? FINDINGS[event.code][lang] : event.code }) + (event.detail ? ` (${event.detail})` : '') });
          break;
        case 'finding-resolved':
          push({ ...base, who: system, step: stepTitle(event.stepId), kind: 'resolved', finding: event.code, text: t('trace.findingResolved', { code: event.code, reason: event.reason }) });
          break;
        case 'children-started':
          push({ ...base, who: system, step: '', kind: 'milestone', text: t('trace.childrenStarted', { n: state.batches[event.batch]?.children.length ?? '?' }) });
          break;
        case 'child-reported':
          push({ ...base, who: system, step: '', kind: 'milestone', text: t('trace.childReported', { cell: event.child, when: event.report['onTime'] ? t('dossier.onTime') : t('dossier.late') }) });
          break;
        case 'step-completed':
          if (event.goto) push({ ...base, who: system, step: stepTitle(event.stepId), kind: 'milestone', text: t('trace.loopBack', { step: stepTitle(event.goto) }) });
          break;
        case 'instance-completed':
          push({ ...base, who: system, step: '', kind: 'milestone', text: t('trace.completed') });
          break;
        case 'instance-failed':
          push({ ...base, who: system, step: '', kind: 'milestone', text: t('trace.failed', { reason: event.reason }) });
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** What a submission said, in a few words (the full input stays in the event log and the dossier). */
  private summary(task: { stepId: string; task: string } | undefined, input: unknown, member: (id: unknown) => string, drafts: { versions: number }, lang: Lang): string {
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    const i = (input ?? {}) as Record<string, unknown>;
    switch (task?.task) {
      case 'plan':
        return ` — ${t('trace.sumPlan', { topic: String(i['topic'] ?? ''), month: formatMonth(String(i['month'] ?? ''), lang) })}`;
      case 'assign':
        return ` — ${t('trace.sumAssign', { name: member(i['assignee']) })}`;
      case 'submit':
        drafts.versions++;
        return ` — ${t('trace.sumDraft', { version: drafts.versions, title: String(i['title'] ?? '') })}`;
      case 'review':
      case 'approve':
        return ` — ${i['decision'] === 'approve' ? t('trace.sumApproved') : t('trace.sumRevise', { note: String(i['note'] ?? '') })}`;
      case 'convene':
        return ` — ${t('trace.sumConvene', { at: formatDateTime(String(i['sessionAt'] ?? ''), lang), place: String(i['place'] ?? '') })}`;
      case 'record': {
        const absent = Array.isArray(i['absent']) ? (i['absent'] as Array<{ member: string; reason: string; excused: boolean }>) : [];
        const opinions = Array.isArray(i['opinions']) ? i['opinions'].length : 0;
        const absentText = absent.map((a) => `${member(a.member)} (${a.reason}${a.excused ? `, ${t('dossier.excused')}` : `, ${t('dossier.unexcused')}`})`).join('; ');
        return ` — ${t('trace.sumSession', { at: formatDateTime(String(i['heldAt'] ?? ''), lang), minutes: String(i['minutes'] ?? ''), clerk: member(i['clerk']), opinions, absent: absentText || '—' })}`;
      }
      case 'assess': {
        const flagged = Array.isArray(i['flagged']) ? (i['flagged'] as string[]) : [];
        return ` — ${flagged.length ? t('trace.sumFlagged', { codes: flagged.join(', ') }) : t('trace.sumNoFlags')}`;
      }
      case 'vote': {
        const vote = (i['vote'] ?? {}) as Record<string, unknown>;
        const n = (v: unknown) => (Array.isArray(v) ? v.length : Number(v ?? 0));
        return ` — ${t('vote.detail', { for: n(vote['for']), against: n(vote['against']), abstain: n(vote['abstain']), notVoted: '—' })}`;
      }
      default:
        return '';
    }
  }

  /** Results worth a line of their own: the score and rating, the vote's outcome, the report's timeliness. */
  private factLine(name: string, value: unknown, lang: Lang, push: (text: string) => void): void {
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    const v = (value ?? {}) as Record<string, unknown>;
    if (name === 'score') push(t('trace.factScore', { total: v['total'] === null || v['total'] === undefined ? '—' : String(v['total']), rating: String(v['rating'] ?? '') }));
    if (name === 'resolution') push(t('trace.factResolution', { for: String(v['for']), denominator: String(v['denominator']), outcome: t(v['adopted'] ? 'vote.adopted' : 'vote.rejected') }));
    if (name === 'report') push(t('trace.factReport', { when: v['onTime'] ? t('dossier.onTime') : t('dossier.late') }));
    if (name === 'attendance') push(t('trace.factAttendance', { present: String(v['present']), total: String(v['total']) }));
  }
}

function translateTimer(lang: Lang, key: string): string {
  const known = ['session-deadline', 'report-deadline', 'report-reminder', 'deadline', 'reminder-before', 'reminder-after'];
  return known.includes(key) ? translate(lang, `timer.${key}`) : key;
}
