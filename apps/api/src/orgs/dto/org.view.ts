import type { OrgUnitKind } from '@chibo/db';

/** A term (nhiệm kỳ) as the API returns it. */
export interface TermView {
  from: string;
  to: string | null;
}

/** An org unit as the API returns it. */
export interface OrgView {
  code: string;
  name: string;
  abbr: string;
  kind: OrgUnitKind;
  parentCode: string | null;
  path: string;
  /** The current term (the latest one), or null when none was recorded. */
  term: TermView | null;
}

/** A node of `GET /orgs`: the subtrees the user may see. */
export interface OrgTreeNode extends OrgView {
  children: OrgTreeNode[];
}

/** `GET /orgs/:code`. */
export interface OrgDetailView extends OrgView {
  /** Direct children the user may see. */
  children: OrgView[];
  memberCount: number;
}
