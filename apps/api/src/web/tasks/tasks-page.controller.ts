import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { ConflictError, ForbiddenError, ValidationError } from '../../common/errors';
import { toDomainError } from '../../engine/engine-errors.interceptor';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { TasksService } from '../../tasks/tasks.service';
import { localized, translate } from '../i18n/i18n';
import { actionOf, type FormBody } from '../forms/form-body';
import { nulIssues } from '../forms/nul-issues';
import { errorInWords } from '../forms/issue-words';
import { renderPage } from '../render';
import { WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import type { WebRequest } from '../session/web-request';
import { isHtmx, redirectAfterPost } from '../session/web-session';
import { WEB, seg } from '../web-paths';
import { TaskContextService } from './task-context.service';
import { TaskPageService } from './task-page.service';
import { FILE_FIELD } from '../uploads/multipart';
import { UploadsService } from '../uploads/uploads.service';

/**
 * "Việc của tôi" and the task pages. A task's form is generated from its step's schema — or is the page the step's
 * plugin contributes (the session record, the score sheet, the vote, self-criticism; ADR 0023) — and submitted to the engine in-process; the
 * engine's field issues come back next to the fields. Every button is a plain submit button: without JavaScript each
 * is a full-page post; with htmx the form swaps itself.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class TasksPageController {
  constructor(
    private readonly tasks: TasksService,
    private readonly contexts: TaskContextService,
    private readonly pages: TaskPageService,
    private readonly engine: ProcedureEngine,
    private readonly uploads: UploadsService,
  ) {}

  @Get(WEB.tasks.slice(1))
  async inbox(@Req() req: WebRequest, @Res() res: Response, @Query('xong') done?: string) {
    const lang = req.web!.lang;
    const now = this.engine.clock.now();
    const open = await this.tasks.inbox(req.user!);
    const doneTask = done ? await this.contexts.load(req.user!, done).catch(() => null) : null;
    renderPage(req, res, 'tasks/inbox', {
      title: translate(lang, 'tasks.title'),
      done: doneTask ? { title: localized(lang, { vi: doneTask.task.titleVi, en: doneTask.task.titleEn }), dossierHref: `${WEB.dossiers}/${seg(doneTask.task.instanceId)}` } : null,
      tasks: open.map((task) => ({
        href: `${WEB.task}/${seg(task.id)}`,
        title: localized(lang, task.title),
        org: task.org.name,
        openedAt: task.openedAt,
        dueAt: task.dueAt,
        overdue: Boolean(task.dueAt && task.dueAt < now),
      })),
    });
  }

  @Get(`${WEB.task.slice(1)}/:id`)
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    const lang = req.web!.lang;
    const ctx = await this.contexts.load(req.user!, id);
    renderPage(req, res, 'tasks/task', await this.pages.model(ctx, this.pages.defaults(ctx, lang), [], lang));
  }

  /** Live parts (tally, score, attendance) computed on the server from the form as it stands. */
  @Post(`${WEB.task.slice(1)}/:id/xem-truoc`)
  async preview(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Query('phan') part: string, @Body() body: FormBody) {
    const lang = req.web!.lang;
    const ctx = await this.contexts.load(req.user!, id);
    const model = await this.pages.model(ctx, this.pages.read(ctx, body, lang), [], lang);
    const { form } = model;
    // A live part (tally, score, attendance) renders from its own piece of the page's model; without htmx, the page.
    const live = ctx.page?.live?.[part];
    if (isHtmx(req) && live && form.page) return renderPage(req, res, 'tasks/task', live.model(form.page.view), { fragment: live.partial });
    renderPage(req, res, 'tasks/task', model);
  }

  /**
   * The form's buttons: add/remove a row, "all for", "update" show the form again with what was typed; "submit"
   * sends it to the engine — accepted: on to "Việc của tôi"; refused: the form again (422) with each issue at its field.
   */
  @Post(`${WEB.task.slice(1)}/:id`)
  async submit(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody) {
    const lang = req.web!.lang;
    const ctx = await this.contexts.load(req.user!, id);
    const values = this.pages.read(ctx, body, lang);
    const action = actionOf(body);
    const show = async (issues: Parameters<TaskPageService['model']>[2], status: number, message: string | null = null) =>
      renderPage(req, res, 'tasks/task', await this.pages.model(ctx, values, issues, lang, message), { status: isHtmx(req) && status === 409 ? 200 : status, fragment: 'task/form' });
    if (action !== 'submit') return show([], 200);
    // A task no longer open was submitted first by someone else (a lost race) or closed meanwhile: a conflict with
    // what the task is now, like the engine's own refusal below, not a question of rights (issue 18: it was 403).
    if (ctx.task.status !== 'open') throw new ConflictError(translate(lang, 'task.notOpen'), 'task-not-open');
    if (!ctx.canSubmit) throw new ForbiddenError(translate(lang, 'task.notYours'));
    const input = this.pages.input(ctx, values, lang);
    const unstorable = nulIssues(input, translate(lang, 'form.controlCharacters'));
    if (unstorable.length) return show(unstorable, 422);
    // The draft's file (a multipart form): checked and stored first; the step's input names it `tep:<id>`.
    const upload = await this.uploads.accept(req, { orgId: ctx.org.id, instanceId: ctx.task.instanceId, taskId: ctx.task.id, userId: req.user!.id, now: this.engine.clock.now() }, lang);
    if (upload.kind === 'refused') return show([upload.issue], 422);
    if (upload.kind === 'stored') input[FILE_FIELD] = upload.ref;
    try {
      await this.engine.submit(ctx.task.instanceId, ctx.task.taskId, input, ctx.actor);
    } catch (error) {
      // A refused form keeps nothing it brought: its file goes too.
      if (upload.kind === 'stored') await this.uploads.discard(upload.id);
      const mapped = toDomainError(error);
      if (mapped instanceof ValidationError) return show(mapped.issues, 422);
      if (mapped instanceof ConflictError) return show([], 409, errorInWords(mapped, lang));
      throw mapped;
    }
    return redirectAfterPost(req, res, `${WEB.tasks}?xong=${seg(ctx.task.id)}`);
  }
}
