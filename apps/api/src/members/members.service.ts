import { type AdminAction, recordAdminAction, recordAdminActions } from '@chibo/audit';
import { Member, OrgUnit, isUniqueViolation } from '@chibo/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser, GrantRole } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors';
import { orgNotFound } from '../orgs/org-units';
import type { CreateMemberInput, MemberImportResult, MemberView, UpdateMemberInput } from './dto/member.dto';
import { type MemberCsvRow, parseMemberCsv } from './member-csv';

/** Who may change a cell's members: its secretary, a committee above it, an admin. */
const MEMBER_EDITORS: readonly GrantRole[] = ['secretary', 'committee'];
const CELL = 'chi bộ';

@Injectable()
export class MembersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  async list(user: AuthUser, orgCode: string): Promise<MemberView[]> {
    const cell = await this.visibleCell(user, orgCode, this.dataSource.manager);
    const members = await this.dataSource
      .getRepository(Member)
      .find({ where: { orgId: cell.id }, order: { createdAt: 'ASC', code: 'ASC' } });
    return members.map(toMemberView);
  }

  async create(user: AuthUser, orgCode: string, input: CreateMemberInput): Promise<MemberView> {
    return this.dataSource.transaction(async (manager) => {
      const cell = await this.editableCell(user, orgCode, manager);
      const repository = manager.getRepository(Member);
      if (await repository.existsBy({ orgId: cell.id, code: input.code })) throw memberCodeTaken(input.code, orgCode);
      try {
        const member = await repository.save(
          repository.create({ orgId: cell.id, code: input.code, name: input.name, status: input.status, roles: input.roles }),
        );
        await auditMemberChange(manager, cell, member, null, user.id);
        return toMemberView(member);
      } catch (error) {
        if (isUniqueViolation(error)) throw memberCodeTaken(input.code, orgCode);
        throw error;
      }
    });
  }

  async update(user: AuthUser, orgCode: string, memberCode: string, patch: UpdateMemberInput): Promise<MemberView> {
    return this.dataSource.transaction(async (manager) => {
      const cell = await this.editableCell(user, orgCode, manager);
      const repository = manager.getRepository(Member);
      const member = await repository.findOneBy({ orgId: cell.id, code: memberCode });
      if (!member) throw new NotFoundError(`Không tìm thấy đảng viên ${memberCode} trong chi bộ ${orgCode}`, 'member-not-found').worded('member-not-found', { member: memberCode, cell: orgCode });
      const before = memberValues(member);
      if (patch.name !== undefined) member.name = patch.name;
      if (patch.status !== undefined) member.status = patch.status;
      if (patch.roles !== undefined) member.roles = patch.roles;
      member.updatedAt = new Date().toISOString();
      const saved = await repository.save(member);
      await auditMemberChange(manager, cell, saved, before, user.id);
      return toMemberView(saved);
    });
  }

  /**
   * Imports a CSV member list into the cell, all or nothing: when any row is bad, nothing is saved and the 422 lists
   * every row. Members are matched by code: new codes are created, known ones updated; members missing from the
   * file are left as they are.
   */
  async import(user: AuthUser, orgCode: string, csv: string): Promise<MemberImportResult> {
    // Check access before reading the file, so a stranger learns nothing from the parse report.
    await this.editableCell(user, orgCode, this.dataSource.manager);
    const parsed = parseMemberCsv(csv);
    if (!parsed.ok) {
      throw new ValidationError(parsed.issues, importFailedMessage(parsed.rows.filter((row) => !row.ok).length), { rows: parsed.rows });
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const cell = await this.editableCell(user, orgCode, manager);
        return upsertMembers(manager, cell, parsed.members, { actorUserId: user.id });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('Danh sách đảng viên vừa được người khác thay đổi; vui lòng nhập lại', 'concurrent-import');
      }
      throw error;
    }
  }

  /** The cell if the user may see it (404 otherwise); 422 when the unit is a committee. */
  private async visibleCell(user: AuthUser, code: string, manager: EntityManager): Promise<OrgUnit> {
    const unit = await manager.getRepository(OrgUnit).findOneBy({ code });
    return this.scope.requireVisible(user, unit, orgNotFound(code, CELL));
  }

  private async editableCell(user: AuthUser, code: string, manager: EntityManager): Promise<OrgUnit> {
    const unit = await manager.getRepository(OrgUnit).findOneBy({ code });
    const cell = this.scope.requireAct(
      user,
      unit,
      MEMBER_EDITORS,
      orgNotFound(code, CELL),
      `Chỉ bí thư chi bộ ${code}, cấp ủy cấp trên hoặc quản trị viên mới được thay đổi danh sách đảng viên`,
    );
    if (cell.kind !== 'cell') {
      throw new ValidationError([{ path: 'code', rule: 'not-a-cell', message: `${code} là đảng ủy; đảng viên thuộc về chi bộ`, params: { org: code } }]);
    }
    return cell;
  }
}

/**
 * Creates or updates a cell's members from import rows, inside the caller's transaction; each member created or
 * changed is recorded in the audit log with its values before and after (`actorUserId` null: the command line).
 */
export async function upsertMembers(
  manager: EntityManager,
  cell: OrgUnit,
  rows: readonly MemberCsvRow[],
  audit: { actorUserId: string | null } = { actorUserId: null },
): Promise<MemberImportResult> {
  const repository = manager.getRepository(Member);
  const existing = new Map((await repository.findBy({ orgId: cell.id })).map((member) => [member.code, member]));
  const now = new Date().toISOString();
  const result: MemberImportResult = { created: 0, updated: 0, unchanged: 0 };
  const toSave: Member[] = [];
  const before = new Map<Member, MemberValues | null>();
  rows.forEach((row, index) => {
    const member = existing.get(row.code);
    if (!member) {
      // Keep the file's order as the roster order (created_at breaks ties in listings).
      const createdAt = new Date(Date.parse(now) + index).toISOString();
      const created = repository.create({ orgId: cell.id, code: row.code, name: row.name, status: row.status, roles: row.roles, createdAt, updatedAt: now });
      toSave.push(created);
      before.set(created, null);
      result.created++;
      return;
    }
    const same = member.name === row.name && member.status === row.status && sameRoles(member.roles, row.roles);
    if (same) {
      result.unchanged++;
      return;
    }
    before.set(member, memberValues(member));
    Object.assign(member, { name: row.name, status: row.status, roles: row.roles, updatedAt: now });
    toSave.push(member);
    result.updated++;
  });
  if (toSave.length > 0) await repository.save(toSave, { chunk: 200 });
  await recordAdminActions(
    manager,
    toSave.map((member) => memberChange(cell, member, before.get(member) ?? null, audit.actorUserId, 'import')),
  );
  return result;
}

/** What an audit entry keeps of a member: the values an edit can change. */
type MemberValues = Pick<Member, 'code' | 'name' | 'status' | 'roles'>;

function memberValues(member: Member): MemberValues {
  return { code: member.code, name: member.name, status: member.status, roles: [...member.roles] };
}

/** Records a member created (`before` null) or edited, with the values before and after, in the cell's audit chain. */
async function auditMemberChange(manager: EntityManager, cell: OrgUnit, member: Member, before: MemberValues | null, actorUserId: string | null): Promise<void> {
  await recordAdminAction(manager, memberChange(cell, member, before, actorUserId, 'api'));
}

function memberChange(cell: OrgUnit, member: Member, before: MemberValues | null, actorUserId: string | null, via: 'api' | 'import'): AdminAction {
  return {
    type: before ? 'member-updated' : 'member-created',
    org: cell.code,
    actorUserId,
    at: member.updatedAt,
    memberId: member.id,
    subject: { member: member.code, memberId: member.id, via },
    before,
    after: memberValues(member),
  };
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(';') === [...b].sort().join(';');
}

function memberCodeTaken(code: string, orgCode: string): ConflictError {
  return new ConflictError(`Mã đảng viên ${code} đã có trong chi bộ ${orgCode}`, 'member-code-taken').worded('member-code-taken', { code, org: orgCode });
}

function importFailedMessage(badRows: number): string {
  return badRows > 0
    ? `Không nhập được: ${badRows} dòng có lỗi; chưa có dữ liệu nào được lưu`
    : 'Không nhập được: tệp CSV không hợp lệ; chưa có dữ liệu nào được lưu';
}

export function toMemberView(member: Member): MemberView {
  return {
    id: member.id,
    code: member.code,
    name: member.name,
    status: member.status,
    roles: [...member.roles],
    createdAt: member.createdAt,
    updatedAt: member.updatedAt,
  };
}
