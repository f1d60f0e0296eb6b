import type { ScenarioOrg } from '@chibo/scenario';

/** The administrator every scenario run and the demo create. */
export const ADMIN_LOGIN = 'admin';

/** Login of a committee's user (e.g. `du-ngoc-lam`). */
export function committeeLogin(code: string): string {
  return code.toLowerCase();
}

/** Login of a member of a cell (e.g. `cb-thcs-ai-mo.nga`). */
export function memberLogin(cell: string, member: string): string {
  return `${cell.toLowerCase()}.${member}`;
}

/** Every user of an org tree: one per committee, one per member (secretaries with the secretary grant). */
export function usersOf(root: ScenarioOrg): Array<{ login: string; displayName: string; member?: { cell: string; id: string }; grants: Array<{ role: 'committee' | 'secretary' | 'member'; orgCode: string }> }> {
  const out: ReturnType<typeof usersOf> = [];
  const walk = (org: ScenarioOrg) => {
    if (org.kind === 'committee') out.push({ login: committeeLogin(org.code), displayName: `Văn phòng ${org.name}`, grants: [{ role: 'committee', orgCode: org.code }] });
    for (const m of org.members) {
      out.push({
        login: memberLogin(org.code, m.id),
        displayName: m.name,
        member: { cell: org.code, id: m.id },
        grants: [{ role: m.roles.includes('secretary') ? 'secretary' : 'member', orgCode: org.code }],
      });
    }
    org.children.forEach(walk);
  };
  walk(root);
  return out;
}
