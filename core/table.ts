/**
 * The one DynamoDB table: its definition (read by infra, the local stack and the tests),
 * and, for Node code, the key builders of core/portable/keys.ts (where the formats live)
 * throwing on a malformed id. docs/data-model.md lists the access patterns.
 *
 * Single-table design. Tenancy lives in the keys: a milestone's partition is its scope
 * (`ORG#<orgId>` or `USER#<userId>`), so a lookup built from the caller's scope cannot
 * reach another tenant's item, whatever id it is given.
 */

import { isKeyPart } from "./portable/key-part";
import * as k from "./portable/keys";
import type { IndexName, ItemKey, QuerySpec } from "./portable/keys";
import {
  milestoneListQuery,
  type MilestoneListQuery,
  type MilestoneSort,
} from "./portable/listing";
import { NO_DUE_DATE } from "./portable/milestone";
import type { Scope } from "./portable/scope";

export type AttributeType = "S" | "N";

export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: "ALL";
}

export interface TableDefinition {
  /** Default name; deployments and tests may use another (`TABLE_NAME`). */
  tableName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: readonly IndexDefinition[];
  /** Epoch seconds; DynamoDB deletes the item some time after. */
  timeToLiveAttribute: string;
  billingMode: "PAY_PER_REQUEST";
  /**
   * The table's stream: new images, so that the cleanup's event-source filter can match the
   * tombstones and continuation items that start an erasure (core/cleanup.ts).
   */
  streamViewType: "NEW_IMAGE";
}

const s = (name: string): KeyAttribute => ({ name, type: "S" });

export const TABLE: TableDefinition = {
  tableName: "waypoint",
  partitionKey: s("PK"),
  sortKey: s("SK"),
  globalSecondaryIndexes: [
    // A user's orgs; a scope's milestones by updatedAt; webhook events by time.
    { indexName: "GSI1", partitionKey: s("GSI1PK"), sortKey: s("GSI1SK"), projection: "ALL" },
    // A scope's milestones by due date; an org's webhook deliveries by time and its pending
    // invitations by creation time (both sparse).
    { indexName: "GSI2", partitionKey: s("GSI2PK"), sortKey: s("GSI2SK"), projection: "ALL" },
    // A scope's milestones of one status by updatedAt.
    { indexName: "GSI3", partitionKey: s("GSI3PK"), sortKey: s("GSI3SK"), projection: "ALL" },
  ],
  timeToLiveAttribute: "expiresAt",
  billingMode: "PAY_PER_REQUEST",
  streamViewType: "NEW_IMAGE",
};

export type { IndexName, ItemKey, QuerySpec, Scope };
export { NO_DUE_DATE };

export class InvalidKeyPartError extends Error {
  constructor(readonly part: string) {
    super("invalid key part");
    this.name = "InvalidKeyPartError";
  }
}

/**
 * A portable builder's key, or the error its null stands for: Node code (the webhook, the
 * cleanup, the tests) fails loudly on a malformed id; the rule itself is core/portable's.
 */
function must<T>(built: T | null, ...parts: string[]): T {
  if (built === null) throw new InvalidKeyPartError(parts.find((p) => !isKeyPart(p)) ?? "");
  return built;
}

const scopeId = (scope: Scope) => (scope.kind === "org" ? scope.orgId : scope.userId);

/** The builders of core/portable/keys.ts, throwing {@link InvalidKeyPartError} on a bad part. */
export const keys = {
  userPartition: (userId: string) => must(k.userPartition(userId), userId),
  orgPartition: (orgId: string) => must(k.orgPartition(orgId), orgId),
  scopePartition: (scope: Scope) => must(k.scopePartition(scope), scopeId(scope)),
  user: (userId: string): ItemKey => must(k.userKey(userId), userId),
  org: (orgId: string): ItemKey => must(k.orgKey(orgId), orgId),
  membership: (orgId: string, userId: string) =>
    must(k.membershipItemKeys(orgId, userId), orgId, userId),
  membershipTombstone: (orgId: string, userId: string): ItemKey =>
    must(k.membershipTombstoneKey(orgId, userId), orgId, userId),
  orgMembers: (orgId: string): QuerySpec => must(k.orgMembersQuery(orgId), orgId),
  invitation: (orgId: string, invitationId: string): ItemKey =>
    must(k.invitationKey(orgId, invitationId), orgId, invitationId),
  pendingInvitationIndex: (orgId: string, createdAt: string, invitationId: string) =>
    must(k.pendingInvitationIndex(orgId, createdAt, invitationId), orgId, invitationId),
  orgInvitations: (orgId: string): QuerySpec => must(k.orgInvitationsQuery(orgId), orgId),
  userOrgs: (userId: string): QuerySpec => must(k.userOrgsQuery(userId), userId),
  milestone: (scope: Scope, milestoneId: string): ItemKey =>
    must(k.milestoneKey(scope, milestoneId), scopeId(scope), milestoneId),
  milestoneIndexes: (
    scope: Scope,
    milestone: { id: string; updatedAt: string; dueDate?: string | null; status: string },
  ) => must(k.milestoneIndexes(scope, milestone), scopeId(scope), milestone.id, milestone.status),
  /** Query: a scope's milestones (core/portable/listing.ts chooses the index). */
  milestones: (
    scope: Scope,
    options: { sort: MilestoneSort; status?: string | undefined },
  ): MilestoneListQuery =>
    must(
      milestoneListQuery(scope, options),
      scopeId(scope),
      ...(options.status ? [options.status] : []),
    ),
  /** Query, offline only: a scope's milestone items in the base table. */
  scopeMilestones: (scope: Scope): QuerySpec => must(k.scopeMilestonesQuery(scope), scopeId(scope)),
  /** One shard of a scope's milestone counters (core/portable/stats.ts). */
  milestoneStats: (scope: Scope, shard: number): ItemKey =>
    must(k.milestoneStatsKey(scope, shard), scopeId(scope), String(shard)),
  /** The counter shard a milestone's writes change. */
  milestoneStatsFor: (scope: Scope, milestoneId: string): ItemKey =>
    must(k.milestoneStatsKeyFor(scope, milestoneId), scopeId(scope), milestoneId),
  /** Query: every counter shard of a scope. */
  milestoneStatsShards: (scope: Scope): QuerySpec =>
    must(k.milestoneStatsQuery(scope), scopeId(scope)),
  auditEntry: (orgId: string, at: string, entryId: string): ItemKey =>
    must(k.auditEntryKey(orgId, at, entryId), orgId, entryId),
  auditLog: (orgId: string): QuerySpec => must(k.auditLogQuery(orgId), orgId),
  webhookEvent: (svixId: string, receivedAt: string) =>
    must(k.webhookEventKeys(svixId, receivedAt), svixId),
  webhookDuplicate: (svixId: string, receivedAt: string) =>
    must(k.webhookDuplicateKeys(svixId, receivedAt), svixId),
  webhookEvents: (): QuerySpec => k.webhookEventsQuery(),
  orgSyncEventIndex: (orgId: string, receivedAt: string, svixId: string) =>
    must(k.orgSyncEventIndex(orgId, receivedAt, svixId), orgId, svixId),
  orgSyncEvents: (orgId: string): QuerySpec => must(k.orgSyncEventsQuery(orgId), orgId),
  userView: (scope: Scope, userId: string, viewId: string): ItemKey =>
    must(k.userViewKey(scope, userId, viewId), scopeId(scope), userId, viewId),
  userViews: (scope: Scope, userId: string): QuerySpec =>
    must(k.userViewsQuery(scope, userId), scopeId(scope), userId),
  /** Throws for a personal scope too (views are shared with orgs only). */
  sharedView: (scope: Scope, viewId: string): ItemKey =>
    must(k.sharedViewKey(scope, viewId), scopeId(scope), viewId),
  sharedViews: (scope: Scope): QuerySpec => must(k.sharedViewsQuery(scope), scopeId(scope)),
  userViewCount: (scope: Scope, userId: string): ItemKey =>
    must(k.userViewCountKey(scope, userId), scopeId(scope), userId),
  sharedViewCount: (scope: Scope): ItemKey => must(k.sharedViewCountKey(scope), scopeId(scope)),
};

/**
 * The Query parameters (no SDK types: plain data) for a spec. The key condition names
 * only the designed key attributes; a milestone list's status filter (due-date order,
 * core/portable/listing.ts) becomes the one filter expression.
 */
export function toQueryParams(spec: QuerySpec & { statusFilter?: string }) {
  const names: Record<string, string> = { "#pk": spec.partitionKeyName };
  const values: Record<string, string> = { ":pk": spec.partitionKey };
  let condition = "#pk = :pk";
  if (spec.sortKeyPrefix !== undefined) {
    names["#sk"] = spec.sortKeyName;
    values[":sk"] = spec.sortKeyPrefix;
    condition += " AND begins_with(#sk, :sk)";
  }
  if (spec.statusFilter !== undefined) {
    names["#status"] = "status";
    values[":status"] = spec.statusFilter;
  }
  return {
    ...(spec.indexName ? { IndexName: spec.indexName } : {}),
    KeyConditionExpression: condition,
    ...(spec.statusFilter !== undefined ? { FilterExpression: "#status = :status" } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: spec.ascending,
  };
}

/** CreateTable parameters for the definition (plain data, shaped as the SDK expects). */
export function toCreateTableParams(definition: TableDefinition, tableName = definition.tableName) {
  const attributes = new Map<string, AttributeType>();
  for (const key of [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ]) {
    attributes.set(key.name, key.type);
  }
  return {
    TableName: tableName,
    BillingMode: definition.billingMode,
    StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamViewType },
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: "HASH" as const },
      { AttributeName: definition.sortKey.name, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: "HASH" as const },
        { AttributeName: index.sortKey.name, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}
