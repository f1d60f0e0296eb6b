import { DocumentEntity, Guidance } from '@chibo/db';
import type { FieldIssue } from '@chibo/procedure';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { localized, translate, type Lang } from '../i18n/i18n';
import { actionOf, errorSummary, issuesByField, type FormBody } from '../forms/form-body';
import { issuesInWords, pluginOfStep } from '../forms/issue-words';
import { buildFields, fieldNames, readForm, type FieldView } from '../forms/schema-form';
import { WEB, seg } from '../web-paths';
import { taskPageContext } from '../plugins/task-page-context';
import { taskFacts, type TaskContext } from './task-context.service';
import { draftBrief, draftVersions, scoredSession } from './draft-view';

/** What the person typed, per kind of page. */
export type TaskValues =
  | { kind: 'page'; values: unknown }
  | { kind: 'generic'; values: Record<string, unknown>; extraRows: Map<string, number> };

/** Builds task pages: their values (defaults, or read from a post), the submission, and the view model. */
@Injectable()
export class TaskPageService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: ProcedureEngine,
  ) {}

  /** What a plugin's page is lent: the instance, the step's parameters, words and form helpers. */
  pageContext(ctx: TaskContext, lang: Lang) {
    return taskPageContext(ctx, this.engine.registry, lang);
  }

  /** The values a task's form opens with. */
  defaults(ctx: TaskContext, lang: Lang): TaskValues {
    if (ctx.page) return { kind: 'page', values: ctx.page.defaults(this.pageContext(ctx, lang)) };
    return { kind: 'generic', values: ctx.form?.prefill ?? {}, extraRows: new Map() };
  }

  /** The values of a posted form, with its add/remove/"all for" button applied. */
  read(ctx: TaskContext, body: FormBody, lang: Lang): TaskValues {
    const action = actionOf(body);
    if (ctx.page) return { kind: 'page', values: ctx.page.read(this.pageContext(ctx, lang), body, action) };
    const schema = ctx.form?.schema ?? {};
    const values = readForm(schema, body);
    const extraRows = new Map<string, number>();
    const [verb, target] = action.split(':') as [string, string | undefined];
    if (verb === 'add' && target) extraRows.set(target, 1);
    if (verb === 'remove' && target) removeRow(values, target);
    return { kind: 'generic', values, extraRows };
  }

  /** What the step receives. */
  input(ctx: TaskContext, values: TaskValues, lang: Lang): Record<string, unknown> {
    if (values.kind === 'generic') return values.values;
    if (!ctx.page) throw new Error(`Task ${ctx.task.id} has no page of its own`);
    return ctx.page.input(this.pageContext(ctx, lang), values.values);
  }

  /** The task page's model: the task, what the procedure knows so far, the form with its errors. */
  async model(ctx: TaskContext, values: TaskValues, issues: readonly FieldIssue[], lang: Lang, message: string | null = null) {
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    let errors = issuesByField(issuesInWords(issues, lang, { plugin: pluginOfStep(ctx.step.kind) }));
    if (values.kind === 'page' && ctx.page?.errorKeys) errors = ctx.page.errorKeys(errors, values.values);
    const facts = taskFacts(ctx.state);
    const members = ctx.roster.map((m) => ({ id: m.id, name: m.name }));
    const now = this.engine.clock.now();
    const form = {
      kind: values.kind,
      action: `${WEB.task}/${seg(ctx.task.id)}`,
      previewAction: `${WEB.task}/${seg(ctx.task.id)}/xem-truoc`,
      generic: null as null | { fields: FieldView[] },
      /** A plugin's page: the partial and its model (`view` inside the partial). */
      page: null as null | { partial: string; view: unknown },
    };
    let names: string[] = [];
    if (values.kind === 'generic') {
      form.generic = { fields: buildFields(ctx.form?.schema ?? {}, values.values, { lang, members, errors, extraRows: values.extraRows }) };
      names = fieldNames(form.generic.fields);
    } else if (ctx.page) {
      const { model, fields } = ctx.page.view(this.pageContext(ctx, lang), values.values, errors);
      form.page = { partial: ctx.page.partial, view: model };
      names = fields;
    }
    const onForm = (name: string) => names.find((n) => n === name) ?? names.find((n) => name.startsWith(`${n}.`)) ?? null;
    const guidance = ctx.state.context.guidance ?? null;
    const documents = await this.ds.manager.find(DocumentEntity, { where: { instanceId: ctx.task.instanceId }, order: { issuedAt: 'ASC' } });
    const guidanceRow = ctx.state.context.guidance
      ? await this.ds.manager.findOne(Guidance, { where: { number: ctx.state.context.guidance.number, issuedOn: ctx.state.context.guidance.issuedOn } })
      : null;
    const title = localized(lang, { vi: ctx.task.titleVi, en: ctx.task.titleEn });
    return {
      title,
      task: {
        id: ctx.task.id,
        title,
        org: { code: ctx.org.code, name: ctx.org.name },
        status: ctx.task.status,
        statusLabel: t(`taskStatus.${ctx.task.status}`),
        open: ctx.task.status === 'open',
        openedAt: ctx.task.openedAt,
        dueAt: ctx.task.dueAt,
        overdue: Boolean(ctx.task.status === 'open' && ctx.task.dueAt && ctx.task.dueAt < now),
        submittedAt: ctx.task.submittedAt,
        submittedBy: ctx.submittedBy,
        stepTitle: localized(lang, this.engine.registry.step(ctx.step.kind).title),
        dossierHref: `${WEB.dossiers}/${seg(ctx.task.instanceId)}`,
      },
      info: {
        guidance: guidance ? { number: guidance.number, issuedOn: guidance.issuedOn, title: guidance.title, sessionBy: guidance.sessionBy ?? null, reportBy: guidance.reportBy ?? null, href: guidanceRow ? `${WEB.guidance}/${seg(guidanceRow.id)}` : null } : null,
        topic: facts.plan?.topic ?? null,
        sessionAt: facts.convened?.sessionAt ?? null,
        place: facts.convened?.place ?? null,
        draftAuthor: facts.draft ? (ctx.roster.find((m) => m.id === facts.draft!.assignee)?.name ?? facts.draft.assignee) : null,
        // Revision requests and the versions matter while the draft is being written and reviewed; once approved,
        // the dossier keeps them (and shows the draft to members once the session is convened).
        revisionNotes: facts.draft && facts.draft.status !== 'approved' ? facts.draft.notes : [],
        draftVersions: facts.draft && facts.draft.status !== 'approved' ? draftVersions(ctx.state) : [],
        draftBrief: facts.draft && facts.draft.status !== 'approved' ? draftBrief(ctx.state) : null,
        scoredSession: this.engine.registry.step(ctx.step.kind).rubricParam ? scoredSession(ctx.state, lang) : null,
      },
      canSubmit: ctx.canSubmit,
      notAssignee: ctx.task.status === 'open' && !ctx.canSubmit,
      errors: errorSummary(errors, onForm),
      message,
      form,
      documents: documents.map((d) => documentLink(d)),
      facts,
      hasErrors: issues.length > 0,
    };
  }
}

/** A document as task pages, dossiers and the audit trace link it. */
export function documentLink(d: Pick<DocumentEntity, 'id' | 'type' | 'number' | 'title' | 'issuedAt' | 'status'>) {
  return {
    id: d.id,
    type: d.type,
    number: d.number,
    title: d.title,
    issuedAt: d.issuedAt,
    cancelled: d.status === 'cancelled',
    href: `${WEB.documents}/${seg(d.id)}`,
  };
}

function removeRow(values: Record<string, unknown>, target: string): void {
  const parts = target.split('.');
  const index = Number(parts.pop());
  let node: unknown = values;
  for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[part];
  if (Array.isArray(node) && Number.isInteger(index)) node.splice(index, 1);
}
