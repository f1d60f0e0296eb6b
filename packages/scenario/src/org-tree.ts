import type { InstanceContext, OrgRef, RosterMember } from '@chibo/procedure';
import type { ScenarioOrg } from './scenario.schema';

/** A flattened view of a scenario's org tree. */
export class OrgTree {
  private readonly byCode = new Map<string, { org: ScenarioOrg; parent?: ScenarioOrg }>();

  constructor(readonly root: ScenarioOrg) {
    const walk = (org: ScenarioOrg, parent?: ScenarioOrg) => {
      if (this.byCode.has(org.code)) throw new Error(`Mã tổ chức "${org.code}" bị trùng`);
      this.byCode.set(org.code, parent ? { org, parent } : { org });
      for (const child of org.children) walk(child, org);
    };
    walk(root);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): ScenarioOrg {
    const found = this.byCode.get(code);
    if (!found) throw new Error(`Không có tổ chức "${code}"`);
    return found.org;
  }

  parent(code: string): ScenarioOrg | undefined {
    return this.byCode.get(code)?.parent;
  }

  ref(code: string): OrgRef {
    const org = this.get(code);
    return { code: org.code, name: org.name, abbr: org.abbr, kind: org.kind };
  }

  /** Terms that apply to an org: its own, else the nearest ancestor's (cells follow their committee's term). */
  terms(code: string): Array<{ from: string; to?: string }> {
    for (let org: ScenarioOrg | undefined = this.get(code); org; org = this.parent(org.code)) {
      if (org.term) return [org.term];
    }
    return [];
  }

  /** Cells in the subtree of `code` (depth-first, in file order). */
  cellsUnder(code: string): ScenarioOrg[] {
    const out: ScenarioOrg[] = [];
    const walk = (org: ScenarioOrg) => {
      if (org.kind === 'cell') out.push(org);
      org.children.forEach(walk);
    };
    walk(this.get(code));
    return out;
  }

  /** The cells and committees directly under `code`. */
  directChildren(code: string): { cells: ScenarioOrg[]; committees: ScenarioOrg[] } {
    const children = this.get(code).children;
    return { cells: children.filter((c) => c.kind === 'cell'), committees: children.filter((c) => c.kind === 'committee') };
  }

  roster(code: string): RosterMember[] {
    return this.get(code).members.map((m) => ({ id: m.id, name: m.name, status: m.status, roles: m.roles }));
  }

  /** The context an instance of `code` starts with. */
  context(code: string, extra: Omit<InstanceContext, 'org'> = {}): InstanceContext {
    const parent = this.parent(code);
    return { org: { ...this.ref(code), ...(parent ? { parent: this.ref(parent.code) } : {}), members: this.roster(code) }, ...extra };
  }
}
