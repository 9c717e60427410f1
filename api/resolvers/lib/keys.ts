/**
 * The table's key formats for resolver code. core/table.ts builds the same keys but uses a
 * class and exceptions, which APPSYNC_JS does not allow; api/keys.test.ts checks that the
 * two agree.
 */
import { util } from "@aws-appsync/utils";

/** The caller's effective scope, settled by the authorize function and kept in the stash. */
export interface Scope {
  kind: "ORG" | "PERSONAL";
  /** The org id (org scope) or the user id (personal scope). */
  id: string;
}

/**
 * Same rule as core's key parts: an id containing `#`, a control character, nothing, or
 * more than 256 characters could address another item, so it is never made into a key.
 */
export function isKeyPart(value: unknown): boolean {
  // A whole-string match (util.matches is Java's): 1–256 characters, none of them `#` or C0.
  return typeof value === "string" && util.matches("[^#\\x00-\\x1F]{1,256}", value);
}

export const NO_DUE_DATE = "~";

export const scopePartition = (scope: Scope) =>
  scope.kind === "ORG" ? `ORG#${scope.id}` : `USER#${scope.id}`;

export const milestoneKey = (scope: Scope, id: string) => ({
  PK: scopePartition(scope),
  SK: `MILESTONE#${id}`,
});

export const membershipKey = (orgId: string, userId: string) => ({
  PK: `ORG#${orgId}`,
  SK: `MEMBER#${userId}`,
});

export const userKey = (userId: string) => ({ PK: `USER#${userId}`, SK: "PROFILE" });

export const milestoneListPartition = (scope: Scope) => `MILESTONES#${scopePartition(scope)}`;

/** The index attributes of a milestone, rewritten on every write (core's milestoneIndexes). */
export function milestoneIndexes(
  scope: Scope,
  m: { id: string; updatedAt: string; dueDate?: string | null; status: string },
) {
  const list = milestoneListPartition(scope);
  const byUpdated = `${m.updatedAt}#${m.id}`;
  return {
    GSI1PK: list,
    GSI1SK: byUpdated,
    GSI2PK: list,
    GSI2SK: `${m.dueDate ?? NO_DUE_DATE}#${m.id}`,
    GSI3PK: `${list}#STATUS#${m.status}`,
    GSI3SK: byUpdated,
  };
}

export const auditEntryKey = (orgId: string, at: string, entryId: string) => ({
  PK: `AUDIT#ORG#${orgId}`,
  SK: `${at}#${entryId}`,
});

/**
 * A Query on a designed key: the shape of core's `QuerySpec`, for the lists that read one
 * partition as it is (api/resolver-lib.test.ts checks each against core's builder).
 */
export interface QuerySpec {
  indexName?: string;
  partitionKeyName: string;
  partitionKey: string;
  sortKeyName: string;
  sortKeyPrefix?: string;
  ascending: boolean;
}

/** An org's members (core's `keys.orgMembers`). */
export const orgMembersQuery = (orgId: string): QuerySpec => ({
  partitionKeyName: "PK",
  partitionKey: `ORG#${orgId}`,
  sortKeyName: "SK",
  sortKeyPrefix: "MEMBER#",
  ascending: true,
});

/** An org's audit entries, newest first (core's `keys.auditLog`). */
export const auditLogQuery = (orgId: string): QuerySpec => ({
  partitionKeyName: "PK",
  partitionKey: `AUDIT#ORG#${orgId}`,
  sortKeyName: "SK",
  ascending: false,
});

/** The webhook deliveries concerning an org, newest first (core's `keys.orgSyncEvents`). */
export const orgSyncEventsQuery = (orgId: string): QuerySpec => ({
  indexName: "GSI2",
  partitionKeyName: "GSI2PK",
  partitionKey: `SYNC#ORG#${orgId}`,
  sortKeyName: "GSI2SK",
  ascending: false,
});
