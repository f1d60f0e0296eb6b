/**
 * The data an instance starts with. It is a snapshot: members who join or leave later do not change a running
 * instance (see docs/adr/0002-instance-context-snapshot.md).
 */
export type MemberStatus = 'official' | 'probationary' | 'exempt' | 'suspended';
export type MemberRole = 'secretary' | 'deputy-secretary' | 'committee';

/** A member as the procedure sees them. `id` is unique within the org unit. */
export interface RosterMember {
  id: string;
  name: string;
  status: MemberStatus;
  roles: MemberRole[];
  attendingElsewhere?: boolean;
}

/** An org unit (a committee or a cell). */
export interface OrgRef {
  code: string;
  name: string;
  abbr: string;
  kind: 'committee' | 'cell';
}

/** A guidance document; its identity is number and date together. */
export interface GuidanceRef {
  number: string;
  issuedOn: string;
  title: string;
  issuer: OrgRef;
  /** Local date (YYYY-MM-DD) by which sessions must be held; the whole day counts. */
  sessionBy?: string;
  /** Local date (YYYY-MM-DD) by which cells report; the whole day counts. */
  reportBy?: string;
  basedOn?: Array<{ number: string; issuedOn: string }>;
  /**
   * For a session a cell's own calendar scheduled (the "guidance" its year gives it): the calendar event it is — the id
   * its iCalendar UID is made from, shared by the calendar feed, the move updates and the convene invitation, and how
   * many times it was moved (its SEQUENCE so far). See docs/adr/0029.
   */
  calendarEvent?: { id: string; sequence: number };
}

/**
 * How a committee changes the cells' procedure it received when it implements a guidance (DESIGN §5 "Cascades"): the
 * host composes the base definition with each entry in order (`composeDefinition`), as it does when a guidance is issued.
 */
export interface Recomposition {
  owner: string;
  addSteps: string[];
  rubric?: string;
}

/** The snapshot an instance starts from. */
export interface InstanceContext {
  org: OrgRef & { parent?: OrgRef; members: RosterMember[] };
  guidance?: GuidanceRef;
  /**
   * For a guidance instance: the cells in its scope (resolved from "all" by the runtime). For a committee implementing
   * a guidance from its superior: every cell of its subtree (`directCells` says which are directly under it).
   */
  cells?: OrgRef[];
  /**
   * For a cascading guidance: the directly subordinate committees it goes to (each implements it for its subtree). For
   * a committee implementing a guidance: its own directly subordinate committees.
   */
  committees?: OrgRef[];
  /** For a committee implementing a guidance: codes of the cells directly under it (the rest are under sub-committees). */
  directCells?: string[];
  /** For a guidance instance: the definition each cell runs. */
  childProcedure?: ProcedureRef;
  /** Assignment history the rotation rule needs: member id → instant of their last topic-draft assignment. */
  lastAssigned?: Record<string, string>;
}

/** Who is acting. Resolved by the host (API) from the logged-in user; the core only compares. */
export interface Actor {
  userId: string;
  /** The member this user is, if any: their org unit and id within it. */
  member?: { org: string; id: string };
  /** Role grants, each on one org unit (a grant on a committee covers its subtree: the host expands it). */
  roles: Array<{ role: string; org: string }>;
}

/** Who a task is for: one member of the instance's org, or anyone holding a role on an org. */
export type Assignee = { member: string } | { role: string; org: string };

/** Points at one version of a definition; `owner` is the committee that composed it (absent: a plugin default). */
export interface ProcedureRef {
  key: string;
  version: number;
  owner?: string;
  /** Recompositions of that definition by implementing committees, applied in order by the host (cascades). */
  compose?: Recomposition[];
}
