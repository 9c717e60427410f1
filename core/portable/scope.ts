/**
 * The one Scope type: where a milestone lives and whose data a request may touch. An org's
 * (its active org, from the token) or a person's (no active org).
 */

export type Scope = { kind: "org"; orgId: string } | { kind: "personal"; userId: string };

/** The GraphQL `Scope` enum value, also stored on each milestone item (`scope`). */
export type ScopeName = "ORG" | "PERSONAL";

export function scopeName(scope: Scope): ScopeName {
  return scope.kind === "org" ? "ORG" : "PERSONAL";
}

/** The scope a caller's claims select: the active org, or the user's own without one. */
export function scopeOf(userId: string, orgId: string | null | undefined): Scope {
  return orgId ? { kind: "org", orgId } : { kind: "personal", userId };
}

/** The org id of an org scope; null in personal scope. */
export function orgIdOf(scope: Scope): string | null {
  return scope.kind === "org" ? scope.orgId : null;
}
