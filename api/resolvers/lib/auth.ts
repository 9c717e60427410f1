/** Roles and the effective caller, shared by the authorize function and the data functions. */
import { util } from "@aws-appsync/utils";
import type { Scope } from "./keys";

/**
 * Rank of an org role: admin above member. Any other role the org defines (`org:viewer`…)
 * is still a membership, so it ranks as a member; an empty role is no membership at all.
 */
export function roleRank(role: unknown): number {
  if (role === "org:admin") return 2;
  if (typeof role === "string" && role.length > 4 && role.slice(0, 4) === "org:") return 1;
  return 0;
}

/** The caller after the authorize function: what every data function reads from the stash. */
export interface Caller {
  userId: string;
  scope: Scope;
  /** The lower of the token's role and the mirror's; "" in personal scope. */
  role: string;
  isAdmin: boolean;
  /** The real actor of an impersonated session (Clerk's `act.sub`); "" for the user's own. */
  impersonatorId: string;
}

/** Whether the caller may change a milestone owned by `ownerId` (DESIGN.md's table). */
export function canEdit(caller: Caller, ownerId: unknown): boolean {
  return caller.isAdmin || ownerId === caller.userId;
}

/** Admin-only fields: org admins of the active org (after the mirror check), nobody else. */
export function requireAdmin(caller: Caller): void {
  if (!caller.isAdmin || caller.scope.kind !== "ORG")
    util.error("Only org admins may do this", "Unauthorized");
}
