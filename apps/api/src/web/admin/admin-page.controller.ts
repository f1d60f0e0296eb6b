import { LongText } from '../../common/input/long-text.decorator';
import { OrgUnit } from '@chibo/db';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { GRANT_ROLES, type AuthUser, type GrantRole } from '../../auth/auth-user';
import { Public } from '../../auth/public.decorator';
import { ScopeService } from '../../auth/scope.service';
import { DomainError, ValidationError } from '../../common/errors';
import { parseWithIssues } from '../../common/zod-issues';
import { MembersService } from '../../members/members.service';
import { MEMBER_CSV_COLUMNS, type MemberCsvRowReport } from '../../members/member-csv';
import { QUEUES_PATH } from '../../queues/bull-board';
import { addRoleSchema, createUserSchema } from '../../users/dto/user.dto';
import { UsersService } from '../../users/users.service';
import { translate, type Lang } from '../i18n/i18n';
import { errorSummary, issuesByField, one, type FormBody } from '../forms/form-body';
import { errorInWords, issuesInWords, type IssueLike } from '../forms/issue-words';
import { makeField } from '../forms/schema-form';
import { renderPage } from '../render';
import { hasRole, WebAuthGuard } from '../session/web-auth.guard';
import { WebExceptionFilter } from '../session/web-exception.filter';
import { WebRoles, type WebRequest } from '../session/web-request';
import { redirectAfterPost } from '../session/web-session';
import { WEB, seg } from '../web-paths';

type Issue = IssueLike;

/**
 * Administration: accounts and their role scopes (admins, and committees within their subtree — the same rules as
 * the API's /users), member import for a cell (its secretary, a committee above, an admin), and bull-board for admins.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('committee', 'secretary')
@Controller(WEB.admin.slice(1))
export class AdminPageController {
  constructor(
    private readonly users: UsersService,
    private readonly members: MembersService,
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  async index(@Req() req: WebRequest, @Res() res: Response, @Query('xong') done?: string) {
    return this.page(req, res, { issues: [], values: {}, status: 200, done: done ?? null });
  }

  @Post('tai-khoan')
  @WebRoles('committee')
  async createUser(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const values = { login: one(body, 'login') ?? '', displayName: one(body, 'displayName') ?? '', memberOrg: one(body, 'memberOrg') ?? '', memberCode: one(body, 'memberCode') ?? '', role: one(body, 'role') ?? '', org: one(body, 'org') ?? '' };
    const input = {
      login: values.login,
      password: one(body, 'password') ?? '',
      displayName: values.displayName,
      ...(values.memberOrg || values.memberCode ? { member: { org: values.memberOrg, code: values.memberCode } } : {}),
      grants: values.role || values.org ? [{ role: values.role, org: values.org }] : [],
    };
    const parsed = parseWithIssues(createUserSchema, input);
    if (!parsed.success) return this.page(req, res, { issues: parsed.issues.map(flatGrant), values, status: 422, done: null });
    try {
      const created = await this.users.create(req.user!, parsed.data);
      return redirectAfterPost(req, res, `${WEB.admin}?xong=${seg(created.login)}`);
    } catch (error) {
      if (error instanceof DomainError && error.statusCode < 500) return this.page(req, res, { issues: issuesOf(error, 'login', req.web!.lang), values, status: error.statusCode, done: null });
      throw error;
    }
  }

  @Post('tai-khoan/:id/quyen')
  @WebRoles('committee')
  async addGrant(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody) {
    const parsed = parseWithIssues(addRoleSchema, { role: one(body, 'role') ?? '', org: one(body, 'org') ?? '' });
    if (!parsed.success) return this.page(req, res, { issues: parsed.issues.map((i) => ({ ...i, path: `grant-${id}` })), values: {}, status: 422, done: null });
    try {
      await this.users.addRole(req.user!, id, parsed.data);
    } catch (error) {
      if (error instanceof DomainError && error.statusCode < 500) return this.page(req, res, { issues: issuesOf(error, `grant-${id}`, req.web!.lang), values: {}, status: error.statusCode, done: null });
      throw error;
    }
    return redirectAfterPost(req, res, WEB.admin);
  }

  @Post('tai-khoan/:id/quyen/:grant/xoa')
  @WebRoles('committee')
  async removeGrant(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string, @Param('grant') grant: string) {
    try {
      await this.users.removeRole(req.user!, id, grant);
    } catch (error) {
      if (error instanceof DomainError && error.statusCode < 500) return this.page(req, res, { issues: issuesOf(error, `grant-${id}`, req.web!.lang), values: {}, status: error.statusCode, done: null });
      throw error;
    }
    return redirectAfterPost(req, res, WEB.admin);
  }

  @Get('nhap-dang-vien')
  async importForm(@Req() req: WebRequest, @Res() res: Response) {
    return this.importPage(req, res, { cell: '', csv: '', issues: [], rows: [], result: null, status: 200 });
  }

  @Post('nhap-dang-vien')
  @LongText(Number.MAX_SAFE_INTEGER)
  async importMembers(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const cell = one(body, 'cell') ?? '';
    const csv = one(body, 'csv') ?? '';
    if (!csv.trim()) return this.importPage(req, res, { cell, csv, issues: [{ path: 'csv', message: translate(req.web!.lang, 'import.empty') }], rows: [], result: null, status: 422 });
    try {
      const result = await this.members.import(req.user!, cell, csv);
      return this.importPage(req, res, { cell, csv: '', issues: [], rows: [], result, status: 200 });
    } catch (error) {
      if (error instanceof ValidationError) {
        const rows = (error.details['rows'] as MemberCsvRowReport[] | undefined) ?? [];
        return this.importPage(req, res, { cell, csv, issues: rows.length ? [{ path: 'csv', rule: 'rows-failed', message: error.message, params: { rows: rows.filter((r) => !r.ok).length } }] : issuesOf(error, 'cell', req.web!.lang), rows: rows.filter((r) => !r.ok), result: null, status: 422 });
      }
      if (error instanceof DomainError && error.statusCode < 500) return this.importPage(req, res, { cell, csv, issues: issuesOf(error, 'cell', req.web!.lang), rows: [], result: null, status: error.statusCode });
      throw error;
    }
  }

  private async page(req: WebRequest, res: Response, state: { issues: Issue[]; values: Record<string, string>; status: number; done: string | null }) {
    const lang = req.web!.lang;
    const user = req.user!;
    const manages = hasRole(user, ['committee']);
    const accounts = manages ? await this.users.list(user) : [];
    const errors = issuesByField(issuesInWords(state.issues, lang));
    const roleOptions = GRANT_ROLES.filter((r) => r !== 'admin' || this.scope.isRootAdmin(user) || user.grants.some((g) => g.role === 'admin')).map((r) => ({ value: r, label: translate(lang, `role.${r}`) }));
    const v = (k: string) => state.values[k] ?? '';
    renderPage(
      req,
      res,
      'admin/index',
      {
        title: translate(lang, 'admin.title'),
        manages,
        done: state.done,
        queuesHref: req.web!.isAdmin ? QUEUES_PATH : null,
        errors: errorSummary(errors, (name) => (['login', 'password', 'displayName', 'memberOrg', 'memberCode', 'role', 'org'].includes(name) ? name : null)),
        create: {
          login: makeField({ name: 'login', label: translate(lang, 'admin.login'), widget: 'text', value: v('login'), required: true, hint: translate(lang, 'hint.login') }, errors),
          displayName: makeField({ name: 'displayName', label: translate(lang, 'admin.displayName'), widget: 'text', value: v('displayName'), required: true }, errors),
          password: makeField({ name: 'password', label: translate(lang, 'admin.password'), widget: 'text', value: '', required: true, hint: translate(lang, 'hint.password') }, errors),
          memberOrg: makeField({ name: 'memberOrg', label: translate(lang, 'admin.memberOrg'), widget: 'text', value: v('memberOrg') }, errors),
          memberCode: makeField({ name: 'memberCode', label: translate(lang, 'admin.memberCode'), widget: 'text', value: v('memberCode') }, errors),
          role: makeField({ name: 'role', label: translate(lang, 'admin.role'), widget: 'select', value: v('role'), options: [{ value: '', label: '—' }, ...roleOptions] }, errors),
          org: makeField({ name: 'org', label: translate(lang, 'admin.org'), widget: 'text', value: v('org'), hint: translate(lang, 'hint.grantOrg') }, errors),
        },
        roleOptions,
        accounts: accounts.map((a) => ({
          ...a,
          memberLabel: a.member ? `${a.member.name} (${a.member.orgCode}/${a.member.code})` : null,
          grants: a.grants.map((g) => ({ ...g, label: `${translate(lang, `role.${g.role}`)} — ${g.orgCode}`, removeAction: `${WEB.admin}/tai-khoan/${seg(a.id)}/quyen/${seg(g.id)}/xoa` })),
          addAction: `${WEB.admin}/tai-khoan/${seg(a.id)}/quyen`,
          grantError: errors.get(`grant-${a.id}`)?.join(' ') ?? null,
          roleId: `role-${a.id}`,
          orgId: `org-${a.id}`,
        })),
      },
      { status: state.status },
    );
  }

  private async importPage(req: WebRequest, res: Response, state: { cell: string; csv: string; issues: Issue[]; rows: MemberCsvRowReport[]; result: { created: number; updated: number; unchanged: number } | null; status: number }) {
    const lang: Lang = req.web!.lang;
    const errors = issuesByField(issuesInWords(state.issues, lang, { plugin: 'import' }));
    const cells = await this.editableCells(req.user!);
    renderPage(
      req,
      res,
      'admin/import',
      {
        title: translate(lang, 'import.title'),
        errors: errorSummary(errors, (name) => (name === 'cell' || name === 'csv' ? name : null)),
        cell: makeField({ name: 'cell', label: translate(lang, 'import.cell'), widget: 'select', value: state.cell, required: true, options: cells.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })) }, errors),
        csv: makeField({ name: 'csv', label: translate(lang, 'import.csv'), widget: 'textarea', value: state.csv, required: true, hint: translate(lang, 'hint.csv') }, errors),
        rows: state.rows.map((r) => ({ row: r.row, code: r.code ?? '—', issues: issuesInWords(r.issues, lang, { plugin: 'import' }).map((i) => `${isCsvColumn(i.path) ? `${i.path}: ` : ''}${i.message}`).join('; ') })),
        result: state.result,
      },
      { status: state.status },
    );
  }

  /** Cells whose members the user may change (secretary of the cell, committee above, admin). */
  private async editableCells(user: AuthUser): Promise<OrgUnit[]> {
    const paths = this.scope.actingOrgPaths(user, ['secretary', 'committee'] satisfies GrantRole[]);
    if (!paths.length) return [];
    const filter = this.scope.subtreeFilter(user, 'o.path', paths);
    return this.ds.manager.createQueryBuilder(OrgUnit, 'o').where(filter.where, filter.params).andWhere("o.kind = 'cell'").orderBy('o.path').limit(500).getMany();
  }
}

/** `grants[0].role` → `role`: the form has one grant's fields. */
function flatGrant(issue: Issue): Issue {
  const path = issue.path.replace(/^grants\[0\]\./, '');
  return { ...issue, path: path === 'member.org' ? 'memberOrg' : path === 'member.code' ? 'memberCode' : path };
}

function issuesOf(error: DomainError, fallbackPath: string, lang: Lang): Issue[] {
  if (error instanceof ValidationError && error.issues.length) return error.issues.map((i) => flatGrant({ path: i.path || fallbackPath, message: i.message, ...(i.rule ? { rule: i.rule } : {}), ...(i.params ? { params: i.params } : {}) }));
  // A 404 or 409 (a login taken, an unknown unit) in the page's language (ADR 0034): worded here, so without the rule
  // the page's own wording would look up again.
  return [{ path: fallbackPath, message: errorInWords(error, lang) }];
}

/** A row issue's path that is a column of the CSV the user wrote (`code`), shown before its message; not `row`. */
function isCsvColumn(path: string): boolean {
  return (MEMBER_CSV_COLUMNS as readonly string[]).includes(path);
}
