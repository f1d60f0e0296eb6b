import { DocumentEntity, Guidance, OrgUnit, ProcedureInstance, Task } from '@chibo/db';
import { manifestationName } from '../view/names';
import {
  fact,
  FACTS,
  pinnedRubricOf,
  type AttendanceFact,
  type DraftFact,
  type InstanceState,
  type PlanFact,
  type ReportFact,
  type ResolutionFact,
  type ScoreFact,
  type SessionFact,
} from '@chibo/procedure';
import { FINDINGS, isFindingCode } from '@chibo/rules';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { ScopeService } from '../../auth/scope.service';
import { visibleInstance } from '../../engine/org-access';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { YearRatingsService } from '../../year/year-ratings.service';
import { criterionInWords } from '../../year/year-words';
import { localized, translate, type Lang } from '../i18n/i18n';
import { documentLink } from '../tasks/task-page.service';
import { formatNumber, formatPercent } from '../view/format';
import { WEB, seg } from '../web-paths';
import { draftVersions } from '../tasks/draft-view';
import { findingInWords, resolutionInWords } from '../findings/finding-words';

/** One finding as pages show it: code, what it means, when, and whether a later fact resolved it. */
export function findingView(
  lang: Lang,
  f: { code: string; detail?: string | null; params?: Readonly<Record<string, unknown>> | null; at: string; resolved?: { at: string; reason: string; params?: Readonly<Record<string, unknown>> } | null },
) {
  return {
    code: f.code,
    label: isFindingCode(f.code) ? FINDINGS[f.code][lang] : f.code,
    severity: isFindingCode(f.code) ? FINDINGS[f.code].severity : 'warning',
    detail: findingInWords(f, lang),
    at: f.at,
    resolved: f.resolved ? { at: f.resolved.at, reason: resolutionInWords(f.code, f.resolved, lang) } : null,
  };
}

/**
 * A cell's dossier ("hồ sơ"): what its procedure has recorded so far — plan, draft, session (roll call, opinions),
 * self-criticism, score sheet, vote, report — with the findings and documents. Read from the instance's state, i.e.
 * exactly what the steps recorded.
 */
@Injectable()
export class DossierService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  async list(user: AuthUser, lang: Lang, query: { cell?: string; page: number }) {
    const size = 50;
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const qb = this.ds.manager
      .createQueryBuilder(ProcedureInstance, 'i')
      .innerJoin(OrgUnit, 'o', 'o.id = i.org_id')
      .leftJoin(Guidance, 'g', 'g.id = i.guidance_id')
      .where(filter.where, filter.params)
      .andWhere("o.kind = 'cell'")
      .select(['i.id', 'i.definitionKey', 'i.definitionVersion', 'i.status', 'i.updatedAt', 'i.createdAt'])
      .addSelect('o.code', 'org_code')
      .addSelect('o.name', 'org_name')
      .addSelect('g.number', 'g_number');
    if (query.cell) qb.andWhere('o.code = :cell', { cell: query.cell });
    const total = await qb.getCount();
    const { entities, raw } = await qb.orderBy('i.updated_at', 'DESC').addOrderBy('i.id', 'ASC').offset((query.page - 1) * size).limit(size).getRawAndEntities();
    return {
      total,
      page: query.page,
      pages: Math.max(1, Math.ceil(total / size)),
      items: entities.map((i, n) => ({
        href: `${WEB.dossiers}/${seg(i.id)}`,
        org: raw[n].org_name as string,
        orgCode: raw[n].org_code as string,
        guidance: (raw[n].g_number as string | null) ?? null,
        procedure: `${i.definitionKey}@${i.definitionVersion}`,
        status: translate(lang, `instanceStatus.${i.status}`),
        updatedAt: i.updatedAt,
      })),
    };
  }

  async dossier(user: AuthUser, lang: Lang, id: string) {
    const { instance, org } = await visibleInstance(this.ds, this.scope, user, id);
    const state = await this.engine.state(id);
    const [tasks, documents, guidance] = await Promise.all([
      this.ds.manager.find(Task, { where: { instanceId: id }, order: { openedAt: 'ASC' } }),
      this.ds.manager.find(DocumentEntity, { where: { instanceId: id }, order: { issuedAt: 'ASC', seq: 'ASC' } }),
      instance.guidanceId ? this.ds.manager.findOne(Guidance, { where: { id: instance.guidanceId } }) : null,
    ]);
    const now = this.engine.clock.now();
    // The HD 12 criteria of the session, where the session is (met or not, and why), not only as findings.
    const criteria = await new YearRatingsService(this.ds, this.scope).criteriaOf(id);
    return {
      title: `${org.name} — ${state.definition.title}`,
      criteria: criteria ? criteria.map((c) => ({ ...c, ...criterionInWords(c, lang), status: translate(lang, c.met ? 'year.met' : 'year.notMet') })) : null,
      instance: {
        id,
        org: { code: org.code, name: org.name, kind: org.kind },
        procedure: state.definition.title,
        version: `${state.definition.key}@${state.definition.version}`,
        status: translate(lang, `instanceStatus.${state.status}`),
        failure: state.status === 'failed' ? (state.failure ?? null) : null,
        overdue: state.facts[FACTS.status] === 'overdue',
        startedAt: state.startedAt,
        updatedAt: state.updatedAt,
        guidance: guidance ? { number: guidance.number, issuedOn: guidance.issuedOn, title: guidance.title, href: `${WEB.guidance}/${seg(guidance.id)}`, traceHref: `${WEB.audit}/${seg(guidance.id)}` } : null,
      },
      steps: state.definition.steps.map((s, i) => ({
        title: localized(lang, this.engine.registry.hasStep(s.kind) ? this.engine.registry.step(s.kind).title : s.id),
        done: Boolean(state.completedSteps[s.id]),
        current: i === state.cursor && state.status === 'running',
      })),
      openTasks: tasks
        .filter((t) => t.status === 'open')
        .map((t) => ({ title: localized(lang, { vi: t.titleVi, en: t.titleEn }), href: `${WEB.task}/${seg(t.id)}`, dueAt: t.dueAt, overdue: Boolean(t.dueAt && t.dueAt < now) })),
      ...this.facts(state, lang),
      findings: state.findings.map((f) => findingView(lang, f)),
      documents: documents.map(documentLink),
    };
  }

  /** The recorded facts, with member ids turned into names. */
  facts(state: InstanceState, lang: Lang) {
    const name = (id: string | undefined) => (id ? (state.context.org.members.find((m) => m.id === id)?.name ?? id) : null);
    const plan = fact<PlanFact>(state.facts, FACTS.plan);
    const draft = fact<DraftFact>(state.facts, FACTS.draft);
    const session = fact<SessionFact>(state.facts, FACTS.session);
    const attendance = fact<AttendanceFact>(state.facts, FACTS.attendance);
    const selfCriticism = fact<{ members: number; flaggedMembers: number; byCode: Record<string, number> }>(state.facts, FACTS.selfCriticism);
    const score = fact<ScoreFact>(state.facts, FACTS.score);
    const resolution = fact<ResolutionFact>(state.facts, FACTS.resolution);
    const report = fact<ReportFact>(state.facts, FACTS.report);
    const rubric = score ? (pinnedRubricOf(state.definition, this.engine.registry, score.rubric) ?? (this.engine.registry.hasRubric(score.rubric) ? this.engine.registry.rubric(score.rubric) : undefined)) : undefined;
    return {
      plan: plan ? { topic: plan.topic, month: plan.month, preparer: name(plan.preparer) } : null,
      draft: draft
        ? {
            author: name(draft.assignee),
            versions: draft.versions,
            status: translate(lang, `draftStatus.${draft.status}`),
            approvedAt: draft.approvedAt ?? null,
            notes: draft.notes,
            // What the notice asks members to study: readable here once the session is convened.
            texts: state.facts[FACTS.convened] ? draftVersions(state) : [],
          }
        : null,
      session: session
        ? {
            heldAt: session.heldAt,
            minutes: session.minutes,
            place: session.place ?? null,
            online: session.online,
            chair: name(session.chair),
            clerk: name(session.clerk),
            presenter: name(session.presenter),
            present: attendance?.present ?? null,
            total: attendance?.total ?? null,
            rate: attendance ? formatPercent(attendance.rate, lang) : null,
            absent: session.absent.map((a) => ({ name: name(a.member), reason: a.reason, excused: a.excused })),
            guests: session.guests,
            opinions: session.opinions.map((o) => ({ speaker: o.guest ? o.by : name(o.by), guest: o.guest, text: o.text })),
            agenda: session.agenda ?? null,
            conclusion: session.conclusion,
            assignments: session.assignments.map((a) => ({ to: name(a.to), task: a.task })),
          }
        : null,
      selfCriticism: selfCriticism ? { members: selfCriticism.members, flaggedMembers: selfCriticism.flaggedMembers, byCode: Object.entries(selfCriticism.byCode).map(([code, n]) => ({ code, name: manifestationName(code), n })) } : null,
      score: score
        ? {
            rubric: rubric ? localized(lang, rubric.title) : score.rubric,
            criteria: (rubric?.criteria ?? []).map((c) => ({ label: c.label, max: formatNumber(c.max, lang), mark: formatNumber(score.marks?.[c.id] ?? null, lang) })),
            total: formatNumber(score.total, lang),
            max: rubric?.criteria?.length ? formatNumber(rubric.criteria.reduce((s, c) => s + c.max, 0), lang) : null,
            rating: score.rating,
            capped: score.capped,
            // Each min-marks condition of the sheet that lowered the rating (ADR 0036), in the page's language.
            capReasons: (score.cappedBy ?? []).map((cap) => {
              const criterion = rubric?.criteria?.find((c) => c.id === cap.criterion);
              return translate(lang, 'dossier.cappedMin', { criterion: criterion?.label ?? cap.criterion, mark: formatNumber(cap.mark, lang), max: formatNumber(criterion?.max ?? null, lang), min: formatNumber(cap.min, lang), rating: cap.rating });
            }),
          }
        : null,
      resolution: resolution
        ? {
            ...resolution,
            methodLabel: translate(lang, `option.method.${resolution.method}`),
            headline: `${resolution.for}/${resolution.denominator} — ${translate(lang, resolution.adopted ? 'vote.adopted' : 'vote.rejected')}`,
          }
        : null,
      report: report ? { at: report.at, onTime: report.onTime, summary: report.summary ?? null } : null,
    };
  }
}
