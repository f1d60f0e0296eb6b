import { findOrgUnit, type OrgUnit, Task } from '@chibo/db';
import { formatPath, taskForm, type FieldIssue } from '@chibo/procedure';
import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ScopeService } from '../auth/scope.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { ActorService } from '../engine/actor.service';
import { ProcedureEngine } from '../engine/procedure-engine';
import { FILE_FIELD, INPUT_FIELD, isMultipart, type MultipartRequest } from '../web/uploads/multipart';
import { UploadsService } from '../web/uploads/uploads.service';
import { TasksService, type TaskLocation } from './tasks.service';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
    private readonly actors: ActorService,
    private readonly tasks: TasksService,
    private readonly uploads: UploadsService,
  ) {}

  @Get('inbox')
  @ApiOperation({ summary: 'Việc của tôi: the open tasks assigned to me (as a member, or through a role I hold)' })
  inbox(@CurrentUser() user: AuthUser) {
    return this.tasks.inbox(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A task, with its form as JSON Schema and the values it starts with' })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const { task, org } = await this.visibleTask(user, id);
    const state = await this.engine.state(task.instanceId);
    const form = task.status === 'open' ? taskForm(state, this.engine.registry, task.taskId) : undefined;
    return { ...this.tasks.view(task, org), form: form ?? null };
  }

  @Post(':id/submit')
  @ApiOperation({
    summary: 'Submit a task. 422 names each invalid field and rule; 409 when someone else submitted it first',
    description:
      'JSON, or multipart/form-data with the input as JSON text in the part `input` and a file (PDF or DOCX, at most 10 MB, checked by its content) in the part `attachment`: the file is stored with its SHA-256 and the input’s `attachment` names it (`tep:<id>`); a refused submission keeps no file. 422 at `attachment`: file-too-large, file-type, file-unreadable; at `input`: required, json.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description: 'The task’s input: an object whose fields are those of the JSON Schema in the task’s `form.schema` (GET /tasks/{id}); each step defines its own.',
    schema: { type: 'object', additionalProperties: true, example: { topic: 'Học tập và làm theo Bác', month: '2022-04' } },
  })
  async submit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown, @Req() req: MultipartRequest) {
    const multipart = isMultipart(req);
    if (multipart && req.inputError === 'missing') throw new ValidationError([{ path: INPUT_FIELD, rule: 'required', message: 'Thiếu phần “input”: nội dung nộp dạng JSON' }]);
    if (multipart && req.inputError === 'json') throw new ValidationError([{ path: INPUT_FIELD, rule: 'json', message: 'Phần “input” phải là một đối tượng JSON' }]);
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ValidationError([{ path: '', rule: 'invalid_type', message: 'Nội dung nộp phải là một đối tượng JSON' }]);
    }
    const unstorable = nulCharacterIssues(body);
    if (unstorable.length) throw new ValidationError(unstorable);
    const { task, org } = await this.locateVisible(user, id);
    const actor = this.actors.actorFor(user, org);
    if (!multipart) return this.submitted(id, task, org, await this.engine.submit(task.instanceId, task.taskId, body, actor));
    // The draft's file, as the task page takes it (ADR 0035): checked and stored first, named in the input, and
    // removed again when the engine refuses the submission, so a 4xx leaves nothing behind.
    const upload = await this.uploads.accept(req, { orgId: org.id, instanceId: task.instanceId, taskId: task.id, userId: user.id, now: this.engine.clock.now() }, 'vi');
    if (upload.kind === 'refused') throw new ValidationError([upload.issue]);
    const input: Record<string, unknown> = upload.kind === 'stored' ? { ...body, [FILE_FIELD]: upload.ref } : { ...body };
    try {
      return this.submitted(id, task, org, await this.engine.submit(task.instanceId, task.taskId, input, actor));
    } catch (error) {
      if (upload.kind === 'stored') await this.uploads.discard(upload.id);
      throw error;
    }
  }

  /** What a submission answers: the task, the instance as it now is, and what is open next. */
  private async submitted(id: string, task: TaskLocation, org: OrgUnit, state: Awaited<ReturnType<ProcedureEngine['submit']>>) {
    // What is open now in this procedure, so the person (or a UI) can go straight to the next step: from the state the
    // submission returned when the rows are known here, else read.
    const open = this.tasks.openFromState(state, org) ?? (await this.tasks.openTasks(task.instanceId)).map((t) => this.tasks.view(t, org));
    return {
      task: { id, status: 'submitted' },
      instance: { id: state.instanceId, status: state.status, version: state.version },
      openTasks: open,
    };
  }

  /** Where a task sits (instance, task id, cell), for a user allowed to see it; 404 otherwise. */
  private async locateVisible(user: AuthUser, id: string): Promise<{ task: TaskLocation; org: OrgUnit }> {
    const task = await this.tasks.locate(id);
    const org = task ? await findOrgUnit(this.ds.manager, { id: task.orgId }) : null;
    if (!task || !org || !this.scope.canSee(user, org.path)) throw new NotFoundError(`Không tìm thấy nhiệm vụ ${id}`).worded('task-not-found', { task: id });
    return { task, org };
  }

  private async visibleTask(user: AuthUser, id: string): Promise<{ task: Task; org: OrgUnit }> {
    const task = await this.ds.manager.findOne(Task, { where: { id } });
    const org = task ? await findOrgUnit(this.ds.manager, { id: task.orgId }) : null;
    if (!task || !org || !this.scope.canSee(user, org.path)) throw new NotFoundError(`Không tìm thấy nhiệm vụ ${id}`).worded('task-not-found', { task: id });
    return { task, org };
  }
}

/**
 * Issues for every string (or key) of a submission that contains NUL: Postgres cannot store it in the text columns
 * the read side projects into (opinions, titles…), so it is refused here, on every database, naming the field.
 * Iterative, so a deeply nested body cannot exhaust the stack.
 */
function nulCharacterIssues(body: object): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value: body, path: [] }];
  while (pending.length && issues.length < 20) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) issues.push({ path: formatPath(path), rule: 'control-characters', message: 'Không được chứa ký tự điều khiển (NUL)' });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push({ value: item, path: [...path, i] }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) issues.push({ path: formatPath([...path, key]), rule: 'control-characters', message: 'Tên trường không được chứa ký tự điều khiển (NUL)' });
        else pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return issues.sort((a, b) => a.path.localeCompare(b.path));
}
