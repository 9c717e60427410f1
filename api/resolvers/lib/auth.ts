/**
 * The authorization rules as resolver errors. The rules themselves (roles, who may do what)
 * are core/portable/caller.ts's and core/portable/authorization.ts's; this only fails the
 * field when they say no.
 */
import { util } from "@aws-appsync/utils";
import { canAdmin, type AdminAction } from "../../../core/portable/authorization";
import type { Caller } from "../../../core/portable/caller";

/**
 * Fields on the active org as a whole: holders of the action's permission in the active
 * org (after the mirror check), nobody else.
 */
export function requireAdmin(caller: Caller, action: AdminAction): void {
  if (!canAdmin(caller, action))
    util.error("Your role in this organization does not allow this", "Unauthorized");
}

/**
 * A key a portable builder made, or the field fails with `type`: the builders answer null
 * for a malformed id, and every id reaching one was checked where it came in, so null here
 * is a request that could only address someone else's item.
 */
export function must<T>(built: T | null, message: string, type: string): T {
  if (built === null) util.error(message, type);
  return built;
}
