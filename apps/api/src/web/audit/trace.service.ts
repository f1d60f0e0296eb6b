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
import { entryMatches, TRACE_PARAMS, type TraceQuery } from './trace-query';
import { findingInWords, resolutionInWords } from '../findings/finding-words';

/** One line of a timeline: when, who, what; the document or finding it is about. */
export interface TimelineEntry {
  /** The event's number in its instance's log. */
  seq: number;
  at: string;
  recordedAt: string;
  who: string;
  /** The account that did it (a submission), or null for what the system did. */
  actorId: string | null;
  /** The step the event belongs to (a task's, a timer's, an effect's step), or null for the procedure as a whole. */
  stepId: string | null;
  step: string;
  text: string;
  kind: 'task' | 'submission' | 'document' | 'finding' | 'resolved' | 'deadline' | 'result' | 'milestone';
  document: { number: string; href: string | null } | null;
  finding: string | null;
  /** The audit-log entry that chains this event (hash-linked, signed checkpoints): its number and hash. */
  audit: { id: number; hash: string; documentAltered: boolean } | null;
}

/** One unit of the trace (the issuing committee's side, or a cell) with the entries the filters keep. */
export interface UnitTrace {
  side: 'committee' | 'cell';
  code: string;
  name: string;
  instanceId: string;
  href: string | null;
  status: string;
  findings: ReturnType<typeof findingView>[];
  documents: ReturnType<typeof documentLink>[];
  timeline: TimelineEntry[];
  /** Step titles of this unit's procedure, by step id. */
  steps: ReadonlyMap<string, string>;
}

type AuditRef = NonNullable<TimelineEntry['audit']>;
type Option = { value: string; label: string };

const MAX_CHAIN_DEPTH = 10;

/**
 * The compliance trace of a guidance for auditors: the guidance and the higher guidance it implements (its basedOn
 * chain, as far as those documents are in chibo), then the issuing committee's and every cell's procedure — plan,
 * draft versions, session, score, vote, resolution, report — as a timeline of who did what when, every finding (also
 * those later resolved), and the documents issued. Built from the instances' event logs: the append-only record, not
 * a summary of it. Filters: the cell (or the committee), the cells with a finding, the person who acted, the step and
 * the days; paging is the caller's (`pageTrace`), and the audit-log references are added for the entries shown.
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

  async trace(user: AuthUser, lang: Lang, id: string, query: TraceQuery) {
    const { guidance, issuer } = await this.guidance.visible(user, id);
    const chain = await this.chain(user, guidance.basedOn, new Set([guidance.id]), 0);
    const issues = [...query.issues];
    const rows = await this.ds.manager
      .createQueryBuilder(ProcedureInstance, 'i')
      .innerJoin(OrgUnit, 'o', 'o.id = i.org_id')
      .where('i.guidance_id = :g', { g: guidance.id })
      .andWhere('i.parent_instance_id IS NOT NULL')
      .select('i.id', 'id')
      .addSelect('i.status', 'status')
      .addSelect('o.code', 'code')
      .addSelect('o.name', 'name')
      .addSelect('o.path', 'path')
      .orderBy('o.code', 'ASC')
      .getRawMany<{ id: string; status: string; code: string; name: string; path: string }>();
    const cells = rows.filter((c) => this.scope.canSee(user, c.path));
    const unitOptions: Option[] = [
      ...(guidance.instanceId ? [{ value: issuer.code, label: translate(lang, 'audit.unitCommittee', { name: issuer.name }) }] : []),
      ...cells.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
    ];
    const unit = query.unit && unitOptions.some((o) => o.value === query.unit) ? query.unit : undefined;
    if (query.unit && !unit) issues.push({ path: TRACE_PARAMS.unit, rule: 'unit', message: translate(lang, 'audit.err.unit', { value: query.unit }) });

    // Auditors filter by any finding ever recorded (a late session stays a fact after it was held); it chooses cells.
    let withFinding: Set<string> | null = null;
    if (query.finding && cells.length) {
      const found = await this.ds.manager
        .createQueryBuilder(ProcedureInstance, 'i')
        .select('i.id', 'id')
        .where('i.guidance_id = :g', { g: guidance.id })
        .andWhere('EXISTS (SELECT 1 FROM findings f WHERE f.instance_id = i.id AND f.code = :finding)', { finding: query.finding })
        .getRawMany<{ id: string }>();
      withFinding = new Set(found.map((r) => r.id));
    }
    const chosen: Array<{ side: 'committee' | 'cell'; instanceId: string; code: string; name: string; status: string | null }> = [
      ...(guidance.instanceId && (!unit || unit === issuer.code) ? [{ side: 'committee' as const, instanceId: guidance.instanceId, code: issuer.code, name: issuer.name, status: null }] : []),
      ...cells.filter((c) => (!unit || c.code === unit) && (!withFinding || withFinding.has(c.id))).map((c) => ({ side: 'cell' as const, instanceId: c.id, code: c.code, name: c.name, status: c.status })),
    ];

    const logs = new Map<string, { state: InstanceState; events: Awaited<ReturnType<ProcedureEngine['events']>> }>();
    for (const c of chosen) logs.set(c.instanceId, { state: await this.engine.state(c.instanceId), events: await this.engine.events(c.instanceId) });
    const stepOptions = await this.stepOptions(lang, guidance.id, [...logs.values()].map((l) => l.state));
    if (query.step && !stepOptions.some((o) => o.value === query.step)) issues.push({ path: TRACE_PARAMS.step, rule: 'step', message: translate(lang, 'audit.err.step', { value: query.step }) });

    const userIds = [...logs.values()].flatMap(({ events }) => events.flatMap(({ event }) => (event.type === 'task-submitted' ? [event.by.userId] : [])));
    if (query.person) userIds.push(query.person);
    const users = userIds.length ? await this.ds.manager.find(User, { where: { id: In([...new Set(userIds)]) } }) : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    if (query.person && !names.has(query.person)) issues.push({ path: TRACE_PARAMS.person, rule: 'person', message: translate(lang, 'audit.err.person', { value: query.person }) });

    const documents = chosen.length ? await this.ds.manager.find(DocumentEntity, { where: { instanceId: In(chosen.map((c) => c.instanceId)) }, order: { issuedAt: 'ASC', seq: 'ASC' } }) : [];
    const actors = new Map<string, string>();
    const units: UnitTrace[] = chosen.map((c) => {
      const { state, events } = logs.get(c.instanceId)!;
      const docs = documents.filter((d) => d.instanceId === c.instanceId);
      const timeline = this.timeline(state, events, docs, names, lang);
      for (const e of timeline) if (e.actorId) actors.set(e.actorId, e.who);
      return {
        side: c.side,
        code: c.code,
        name: c.name,
        instanceId: c.instanceId,
        href: c.side === 'cell' ? `${WEB.dossiers}/${seg(c.instanceId)}` : null,
        status: translate(lang, `instanceStatus.${c.status ?? state.status}`),
        findings: state.findings.map((f) => findingView(lang, f)),
        documents: docs.map(documentLink),
        timeline: issues.length ? [] : timeline.filter((e) => entryMatches(e, query)),
        steps: this.stepTitles(lang, state),
      };
    });
    const people: Option[] = [...actors].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'vi'));
    if (query.person && !actors.has(query.person) && names.has(query.person)) people.push({ value: query.person, label: names.get(query.person)! });
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
      issues,
      options: { units: unitOptions, steps: stepOptions, people },
      /** Units with at least one entry left by the filters (none when a filter is wrong). */
      units: units.filter((u) => u.timeline.length > 0),
      /** Cells the unit and finding filters chose (before the entry filters). */
      cellCount: chosen.filter((c) => c.side === 'cell').length,
    };
  }

  /** Adds the audit-log entry of each event shown (one query per instance on the page, not per instance traced). */
  async withAudit(user: AuthUser, sections: ReadonlyArray<{ instanceId: string; entries: TimelineEntry[] }>): Promise<void> {
    const byInstance = new Map<string, TimelineEntry[]>();
    for (const s of sections) byInstance.set(s.instanceId, [...(byInstance.get(s.instanceId) ?? []), ...s.entries]);
    for (const [instanceId, entries] of byInstance) {
      const refs = await this.auditEntries(user, instanceId);
      for (const e of entries) e.audit = refs.get(e.seq) ?? null;
    }
  }

  /** The steps of the procedures the guidance's instances run, in order (one instance read per procedure version). */
  private async stepOptions(lang: Lang, guidanceId: string, loaded: InstanceState[]): Promise<Option[]> {
    const seen = new Set(loaded.map((s) => `${s.definition.key}@${s.definition.version}`));
    const others = await this.ds.manager
      .createQueryBuilder(ProcedureInstance, 'i')
      .where('i.guidance_id = :g', { g: guidanceId })
      .select('i.definition_key', 'key')
      .addSelect('i.definition_version', 'version')
      .addSelect('MIN(i.id)', 'id')
      .groupBy('i.definition_key')
      .addGroupBy('i.definition_version')
      .getRawMany<{ key: string; version: number | string; id: string }>();
    const states = [...loaded];
    for (const o of others) if (!seen.has(`${o.key}@${Number(o.version)}`)) states.push(await this.engine.state(o.id));
    const options = new Map<string, string>();
    for (const state of states) for (const [id, title] of this.stepTitles(lang, state)) if (!options.has(id)) options.set(id, title);
    return [...options].map(([value, label]) => ({ value, label }));
  }

  /** Each step's title in a procedure, by step id (the plugin's title; the id when the step is unknown here). */
  private stepTitles(lang: Lang, state: InstanceState): Map<string, string> {
    return new Map(state.definition.steps.map((ref) => [ref.id, this.engine.registry.hasStep(ref.kind) ? localized(lang, this.engine.registry.step(ref.kind).title) : ref.id]));
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
    const timers = new Map<string, { key: string; stepId: string }>();
    const effects = new Map<string, string>();
    const drafts = { versions: 0 };
    const out: TimelineEntry[] = [];
    let current: AuditRef | null = null;
    type Line = Omit<TimelineEntry, 'document' | 'finding' | 'audit' | 'actorId' | 'stepId' | 'step' | 'seq'> & Partial<Pick<TimelineEntry, 'document' | 'finding' | 'actorId'>> & { stepId?: string | null };
    let seqNow = 0;
    const push = ({ stepId = null, ...e }: Line) => out.push({ seq: seqNow, actorId: null, document: null, finding: null, audit: current, stepId, step: stepId ? stepTitle(stepId) : '', ...e });
    for (const { seq, event, recordedAt } of events) {
      current = audit.get(seq) ?? null;
      seqNow = seq;
      const base = { at: event.at, recordedAt };
      switch (event.type) {
        case 'instance-started':
          push({ ...base, who: system, kind: 'milestone', text: t('trace.started', { procedure: event.definition.title, version: `${event.definition.key}@${event.definition.version}` }) });
          break;
        case 'task-opened': {
          const title = localized(lang, event.title);
          tasks.set(event.taskId, { stepId: event.stepId, title, task: event.task });
          push({ ...base, who: system, stepId: event.stepId, kind: 'task', text: t('trace.taskOpened', { title, assignee: 'member' in event.assignee ? member(event.assignee.member) : t(`role.${event.assignee.role}`) }) });
          break;
        }
        case 'task-submitted': {
          const task = tasks.get(event.taskId);
          const who = names.get(event.by.userId) ?? (event.by.member ? member(event.by.member.id) : event.by.userId);
          push({ ...base, who, actorId: event.by.userId, stepId: task?.stepId ?? null, kind: 'submission', text: `${t('trace.submitted', { title: task?.title ?? event.taskId })}${this.summary(task, event.input, member, drafts, lang)}` });
          break;
        }
        case 'timer-scheduled':
          timers.set(event.timerId, { key: event.key, stepId: event.stepId });
          break;
        case 'effect-requested':
          effects.set(event.effectId, event.stepId);
          break;
        case 'timer-fired': {
          const timer = timers.get(event.timerId);
          push({ ...base, who: system, stepId: timer?.stepId ?? null, kind: 'deadline', text: t('trace.timer', { what: translateTimer(lang, timer?.key ?? event.timerId) }) });
          break;
        }
        case 'effect-completed': {
          const doc = (event.result as { document?: { id?: string; type?: string; number?: string } }).document;
          if (doc?.number) {
            const entity = documents.find((d) => (doc.id && d.id === doc.id) || d.number === doc.number);
            push({ ...base, who: system, stepId: effects.get(event.effectId) ?? null, kind: 'document', text: t('trace.document', { number: doc.number, type: doc.type ? t(`docType.${doc.type}`) : '' }), document: { number: doc.number, href: entity ? `${WEB.documents}/${seg(entity.id)}` : null } });
          }
          break;
        }
        case 'fact-recorded':
          this.factLine(event.name, event.value, lang, (text) => push({ ...base, who: system, stepId: event.stepId, kind: 'result', text }));
          break;
        case 'finding-recorded':
          push({ ...base, who: system, stepId: event.stepId, kind: 'finding', finding: event.code, text: t('trace.finding', { code: event.code, label: isFindingCode(event.code) ? FINDINGS[event.code][lang] : event.code }) + inParentheses(findingInWords(event, lang)) });
          break;
        case 'finding-resolved':
          push({ ...base, who: system, stepId: event.stepId, kind: 'resolved', finding: event.code, text: t('trace.findingResolved', { code: event.code, reason: resolutionInWords(event.code, event, lang) }) });
          break;
        case 'children-started':
          push({ ...base, who: system, stepId: state.batches[event.batch]?.stepId ?? null, kind: 'milestone', text: t('trace.childrenStarted', { n: state.batches[event.batch]?.children.length ?? '?' }) });
          break;
        case 'child-reported':
          push({ ...base, who: system, kind: 'milestone', text: t('trace.childReported', { cell: event.child, when: event.report['onTime'] ? t('dossier.onTime') : t('dossier.late') }) });
          break;
        case 'step-completed':
          if (event.goto) push({ ...base, who: system, stepId: event.stepId, kind: 'milestone', text: t('trace.loopBack', { step: stepTitle(event.goto) }) });
          break;
        case 'instance-completed':
          push({ ...base, who: system, kind: 'milestone', text: t('trace.completed') });
          break;
        case 'instance-failed':
          push({ ...base, who: system, kind: 'milestone', text: t('trace.failed', { reason: event.reason }) });
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

/** ` (what the finding says)` after a finding's line, or nothing. */
function inParentheses(text: string | null): string {
  return text ? ` (${text})` : '';
}

function translateTimer(lang: Lang, key: string): string {
  const known = ['session-deadline', 'report-deadline', 'report-reminder', 'deadline', 'reminder-before', 'reminder-after'];
  return known.includes(key) ? translate(lang, `timer.${key}`) : key;
}
