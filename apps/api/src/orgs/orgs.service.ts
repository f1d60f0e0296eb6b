import { recordAdminAction } from '@chibo/audit';
import { OrgUnit } from '@chibo/db';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { ForbiddenError } from '../common/errors';
import type { CreateOrgInput } from './dto/create-org.dto';
import type { OrgDetailView, OrgTreeNode, OrgView } from './dto/org.view';
import { insertGrant } from '../users/user-records';
import { currentTerms, insertOrgUnit, memberCounts, orgNotFound, toOrgView } from './org-units';

@Injectable()
export class OrgsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  /** The org unit with this code if the user may see it; 404 otherwise (same answer for missing and hidden). */
  async findVisible(user: AuthUser, code: string, noun = 'đơn vị'): Promise<OrgUnit> {
    const unit = await this.dataSource.getRepository(OrgUnit).findOneBy({ code });
    return this.scope.requireVisible(user, unit, orgNotFound(code, noun));
  }

  /** The subtrees the user may see, as a forest ordered by path. */
  async tree(user: AuthUser): Promise<OrgTreeNode[]> {
    const filter = this.scope.subtreeFilter(user, 'org.path');
    const units = await this.dataSource
      .getRepository(OrgUnit)
      .createQueryBuilder('org')
      .where(filter.where, filter.params)
      .orderBy('org.path', 'ASC')
      .getMany();
    const terms = await currentTerms(this.dataSource.manager, units.map((unit) => unit.id));

    const nodes = new Map<string, OrgTreeNode>();
    const roots: OrgTreeNode[] = [];
    for (const unit of units) {
      const node: OrgTreeNode = { ...toOrgView(unit, terms.get(unit.id)), children: [] };
      nodes.set(unit.id, node);
      // Sorted by path, so a visible parent always comes before its children.
      const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }

  async detail(user: AuthUser, code: string): Promise<OrgDetailView> {
    const unit = await this.findVisible(user, code);
    const children = await this.dataSource.getRepository(OrgUnit).find({ where: { parentId: unit.id }, order: { code: 'ASC' } });
    const ids = [unit.id, ...children.map((child) => child.id)];
    const terms = await currentTerms(this.dataSource.manager, ids);
    const counts = await memberCounts(this.dataSource.manager, [unit.id]);
    return {
      ...toOrgView(unit, terms.get(unit.id)),
      children: children.map((child) => toOrgView(child, terms.get(child.id))),
      memberCount: counts.get(unit.id) ?? 0,
    };
  }

  /**
   * Creates a committee or cell under `input.parent`: the user must be admin or committee on the parent's subtree.
   * A root unit (no parent) may only be created by an admin on a root unit.
   */
  async create(user: AuthUser, input: CreateOrgInput): Promise<OrgView> {
    return this.dataSource.transaction(async (manager) => {
      let parent: OrgUnit | null = null;
      if (input.parent === undefined) {
        // The very first root is created by the CLI's seeding (nobody holds a grant before any unit exists).
        if (!this.scope.isRootAdmin(user)) throw new ForbiddenError('Chỉ quản trị viên cấp cao nhất mới tạo được đơn vị gốc');
      } else {
        const found = await manager.getRepository(OrgUnit).findOneBy({ code: input.parent });
        parent = this.scope.requireAct(
          user,
          found,
          ['admin', 'committee'],
          orgNotFound(input.parent, 'đơn vị cấp trên'),
          `Bạn không có quyền tạo đơn vị trực thuộc ${input.parent}`,
        );
      }
      const unit = await insertOrgUnit(manager, input, parent);
      await recordAdminAction(manager, {
        type: 'org-created',
        org: unit.code,
        actorUserId: user.id,
        at: unit.createdAt,
        subject: { orgId: unit.id, code: unit.code, parent: parent?.code ?? null },
        before: null,
        after: { code: unit.code, name: unit.name, abbr: unit.abbr, kind: unit.kind, path: unit.path, term: input.term ?? null },
      });
      if (!parent) {
        // No grant reaches a new root: without one its creator could not see what they just created.
        const grant = await insertGrant(manager, user.id, 'admin', unit);
        await recordAdminAction(manager, {
          type: 'role-granted',
          org: unit.code,
          actorUserId: user.id,
          at: unit.createdAt,
          subject: { userId: user.id, login: user.login, role: 'admin', assignmentId: grant.id },
          before: null,
          after: [`admin@${unit.code}`],
        });
      }
      return toOrgView(unit, input.term ? { from: input.term.from, to: input.term.to ?? null } : undefined);
    });
  }
}
