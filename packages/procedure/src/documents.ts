import type { InstanceContext, MemberRole, MemberStatus, OrgRef } from './context';

// What steps put into the data of the documents they issue, beyond their own facts: who issues the document, who
// signs it, which guidance it implements, and the roster its names come from. All read from the instance's snapshot
// (docs/adr/0002), so a document re-rendered years later names the people who were members then.

/** The body issuing a document, its superior and the person who signs for it. */
export interface DocumentIssuer {
  code: string;
  name: string;
  abbr: string;
  kind: OrgRef['kind'];
  parent: { code: string; name: string; kind: OrgRef['kind'] } | null;
  /** The secretary; the deputy secretary (signing "PHÓ BÍ THƯ") when the body has no secretary; null when neither exists. */
  signer: { id: string; name: string; role: 'secretary' | 'deputy-secretary' } | null;
}

/** The guidance a document implements, as cited in its preamble ("Thực hiện Hướng dẫn số 27-HD/ĐU ngày 16/3/2022…"). */
export interface GuidanceCitation {
  number: string;
  issuedOn: string;
  title: string;
  issuerName: string;
  sessionBy: string | null;
  reportBy: string | null;
  basedOn: Array<{ number: string; issuedOn: string }>;
}

/** A member as documents name them. */
export interface RosterEntry {
  id: string;
  name: string;
  status: MemberStatus;
  roles: MemberRole[];
}

/** How many members the body has, by status (the minutes print the official/probationary split). */
export interface MembershipCounts {
  total: number;
  official: number;
  probationary: number;
  exempt: number;
  suspended: number;
}

/** The issuer block of a document issued by the instance's own org (or by `org`, e.g. the guidance's issuer). */
export function documentIssuer(context: InstanceContext, org: OrgRef = context.org): DocumentIssuer {
  const own = org.code === context.org.code;
  const parent = own ? context.org.parent : undefined;
  const members = own ? context.org.members : [];
  const secretary = members.find((m) => m.roles.includes('secretary'));
  const deputy = members.find((m) => m.roles.includes('deputy-secretary'));
  const signer = secretary
    ? { id: secretary.id, name: secretary.name, role: 'secretary' as const }
    : deputy
      ? { id: deputy.id, name: deputy.name, role: 'deputy-secretary' as const }
      : null;
  return {
    code: org.code,
    name: org.name,
    abbr: org.abbr,
    kind: org.kind,
    parent: parent ? { code: parent.code, name: parent.name, kind: parent.kind } : null,
    signer,
  };
}

/** The guidance of the instance as a document cites it, or null when the instance has none. */
export function guidanceCitation(context: InstanceContext): GuidanceCitation | null {
  const g = context.guidance;
  // A session the cell scheduled itself (its calendar) carries its calendar entry in place of a guidance: nothing to cite.
  if (!g || g.issuer.code === context.org.code) return null;
  return {
    number: g.number,
    issuedOn: g.issuedOn,
    title: g.title,
    issuerName: g.issuer.name,
    sessionBy: g.sessionBy ?? null,
    reportBy: g.reportBy ?? null,
    basedOn: g.basedOn ?? [],
  };
}

/** The roster as documents name it (id, name, status, roles), in roster order. */
export function documentRoster(context: InstanceContext): RosterEntry[] {
  return context.org.members.map((m) => ({ id: m.id, name: m.name, status: m.status, roles: [...m.roles] }));
}

/** Members of the instance's org by status. */
export function membershipCounts(context: InstanceContext): MembershipCounts {
  const counts: MembershipCounts = { total: 0, official: 0, probationary: 0, exempt: 0, suspended: 0 };
  for (const m of context.org.members) {
    counts.total++;
    counts[m.status]++;
  }
  return counts;
}
