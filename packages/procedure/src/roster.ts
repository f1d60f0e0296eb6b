import type { Assignee, InstanceContext, RosterMember } from './context';

/** A member of the instance's org unit by id, or undefined. */
export function findMember(context: InstanceContext, id: string): RosterMember | undefined {
  return context.org.members.find((m) => m.id === id);
}

/** The assignee rule for "the org's secretary (bí thư)". */
export function secretaryOf(context: InstanceContext): Assignee {
  return { role: 'secretary', org: context.org.code };
}

/** The assignee rule for "the committee that issued the guidance". */
export function committeeOf(orgCode: string): Assignee {
  return { role: 'committee', org: orgCode };
}

/** Display name of a member id, falling back to the id. */
export function memberName(context: InstanceContext, id: string): string {
  return findMember(context, id)?.name ?? id;
}
