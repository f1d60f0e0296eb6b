import { Injectable } from '@nestjs/common';
import type { Actor } from '@chibo/procedure';
import type { AuthUser } from '../auth/auth-user';

/** Turns the logged-in user into the core's actor for an instance of one org unit. */
@Injectable()
export class ActorService {
  /**
   * Grants covering the org (a committee grant covers its cells) become roles on that org; the member's cell roles
   * (bí thư, chi ủy viên) become roles on their cell. Auditor grants never act.
   */
  actorFor(user: AuthUser, org: { code: string; path: string }): Actor {
    const roles: Actor['roles'] = [];
    for (const grant of user.grants) {
      if (grant.role !== 'auditor' && org.path.startsWith(grant.orgPath)) roles.push({ role: grant.role, org: org.code });
    }
    if (user.member) {
      roles.push({ role: 'member', org: user.member.orgCode });
      for (const role of user.member.roles) roles.push({ role: role === 'committee' ? 'cell-committee' : role, org: user.member.orgCode });
    }
    return { userId: user.id, ...(user.member ? { member: { org: user.member.orgCode, id: user.member.code } } : {}), roles };
  }
}
