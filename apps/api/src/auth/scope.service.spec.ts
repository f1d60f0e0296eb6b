import type { AuthUser, Grant, GrantRole } from './auth-user';
import { ScopeService } from './scope.service';

const scope = new ScopeService();

const ROOT = '/DU/';
const A = '/DU/DU-A/';
const A1 = '/DU/DU-A/CB-A1/';
const A2 = '/DU/DU-A/CB-A2/';
const B = '/DU/DU-B/';
const B1 = '/DU/DU-B/CB-B1/';

function userWith(...grants: Array<[GrantRole, string]>): AuthUser {
  return {
    id: 'u',
    login: 'u',
    displayName: 'U',
    memberId: null,
    member: null,
    grants: grants.map(([role, orgPath], i): Grant => ({ id: `g${i}`, role, orgId: `o${i}`, orgCode: orgPath, orgPath })),
  };
}

describe('ScopeService', () => {
  it.each([
    ['admin on the root', userWith(['admin', ROOT]), [ROOT, A, A1, B, B1], []],
    ['committee A', userWith(['committee', A]), [A, A1, A2], [ROOT, B, B1]],
    ['secretary of A1', userWith(['secretary', A1]), [A1], [ROOT, A, A2, B1]],
    ['auditor on the root', userWith(['auditor', ROOT]), [ROOT, A1, B1], []],
    ['nobody', userWith(), [], [ROOT, A1]],
  ])('should let %s see exactly its subtree', (_label, user, visible, hidden) => {
    for (const path of visible) expect(scope.canSee(user, path)).toBe(true);
    for (const path of hidden) expect(scope.canSee(user, path)).toBe(false);
  });

  it('should not confuse a sibling whose code starts with the same letters when matching paths', () => {
    const user = userWith(['secretary', '/DU/CB-A/']);

    expect(scope.canSee(user, '/DU/CB-A/')).toBe(true);
    expect(scope.canSee(user, '/DU/CB-AB/')).toBe(false);
  });

  it('should let admin act for any role and never let an auditor act when checking roles', () => {
    expect(scope.canAct(userWith(['admin', A]), A1, ['secretary'])).toBe(true);
    expect(scope.canAct(userWith(['auditor', ROOT]), A1, ['auditor'])).toBe(false);
    expect(scope.canAct(userWith(['committee', A]), A1, ['secretary', 'committee'])).toBe(true);
    expect(scope.canAct(userWith(['member', A1]), A1, ['secretary', 'committee'])).toBe(false);
    expect(scope.canAct(userWith(['committee', B]), A1, ['committee'])).toBe(false);
  });

  it('should list only the top of nested grants when asked for visible paths', () => {
    const user = userWith(['secretary', A1], ['committee', A], ['member', B1]);

    expect(scope.visibleOrgPaths(user)).toEqual([A, B1]);
  });

  it.each([
    ['only auditor grants', userWith(['auditor', ROOT], ['auditor', A]), 'POST', true],
    ['only auditor grants', userWith(['auditor', ROOT]), 'GET', false],
    ['only auditor grants', userWith(['auditor', ROOT]), 'head', false],
    ['an auditor grant and a member grant', userWith(['auditor', ROOT], ['member', A1]), 'POST', false],
    ['no grants', userWith(), 'POST', false],
  ])('should refuse writes only for users with %s (%s → %s)', (_label, user, method, refused) => {
    expect(scope.refusesMethod(user, method)).toBe(refused);
  });

  it('should build an escaped LIKE filter when codes contain wildcard characters', () => {
    const filter = scope.subtreeFilter(userWith(['member', '/DU/CB_1%/']), 'org.path');

    expect(filter.where).toBe("(org.path LIKE :scopePath0 ESCAPE '\\')");
    expect(filter.params).toEqual({ scopePath0: '/DU/CB\\_1\\%/%' });
    expect(scope.subtreeFilter(userWith(), 'org.path').where).toBe('1 = 0');
  });

  it('should recognise an admin on a root unit only when the grant is on a root', () => {
    expect(scope.isRootAdmin(userWith(['admin', ROOT]))).toBe(true);
    expect(scope.isRootAdmin(userWith(['admin', A]))).toBe(false);
    expect(scope.isRootAdmin(userWith(['committee', ROOT]))).toBe(false);
  });
});
