/**
 * The one DynamoDB table: its definition (read by infra, the local stack and the tests)
 * and the key builders for every access pattern. docs/data-model.md lists the patterns.
 *
 * Single-table design. Tenancy lives in the keys: a milestone's partition is its scope
 * (`ORG#<orgId>` or `USER#<userId>`), so a lookup built from the caller's scope cannot
 * reach another tenant's item, whatever id it is given.
 */

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
    // A scope's milestones by due date; an org's webhook deliveries by time (sparse).
    { indexName: "GSI2", partitionKey: s("GSI2PK"), sortKey: s("GSI2SK"), projection: "ALL" },
    // A scope's milestones of one status by updatedAt.
    { indexName: "GSI3", partitionKey: s("GSI3PK"), sortKey: s("GSI3SK"), projection: "ALL" },
  ],
  timeToLiveAttribute: "expiresAt",
  billingMode: "PAY_PER_REQUEST",
  streamViewType: "NEW_IMAGE",
};

export type IndexName = "GSI1" | "GSI2" | "GSI3";

/** A primary key as stored. */
export interface ItemKey {
  PK: string;
  SK: string;
}

/** A Query on a designed key: one partition, optionally one sort-key prefix. */
export interface QuerySpec {
  indexName?: IndexName;
  partitionKeyName: string;
  partitionKey: string;
  sortKeyName: string;
  sortKeyPrefix?: string;
  /** true: ascending sort key. */
  ascending: boolean;
}

export type Scope = { kind: "personal"; userId: string } | { kind: "org"; orgId: string };

export class InvalidKeyPartError extends Error {
  constructor(readonly part: string) {
    super("invalid key part");
    this.name = "InvalidKeyPartError";
  }
}

/**
 * Ids become parts of `#`-separated keys: one containing `#` (or nothing, or a control
 * character) could address another item, so it is refused before any key is built.
 */
function part(value: string): string {
  if (value === "" || value.length > 256 || value.includes("#") || hasControlCharacter(value)) {
    throw new InvalidKeyPartError(value);
  }
  return value;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return true;
  return false;
}

/** An org's sync log in GSI2; milestone lists there start with `MILESTONES#`, never `SYNC#`. */
const orgSyncPartition = (orgId: string) => `SYNC#ORG#${part(orgId)}`;

/** The sort value used for milestones with no due date: after every ISO date. */
export const NO_DUE_DATE = "~";

export const keys = {
  userPartition: (userId: string) => `USER#${part(userId)}`,
  orgPartition: (orgId: string) => `ORG#${part(orgId)}`,
  scopePartition: (scope: Scope) =>
    scope.kind === "org" ? keys.orgPartition(scope.orgId) : keys.userPartition(scope.userId),

  /** GetItem / conditional Put: a mirrored user (or its tombstone). */
  user: (userId: string): ItemKey => ({ PK: keys.userPartition(userId), SK: "PROFILE" }),

  /** GetItem / conditional Put: a mirrored organization (or its tombstone). */
  org: (orgId: string): ItemKey => ({ PK: keys.orgPartition(orgId), SK: "PROFILE" }),

  /**
   * A membership lives in its org's partition and is indexed under its user in GSI1, so
   * it is read both ways.
   */
  membership: (orgId: string, userId: string) => ({
    PK: keys.orgPartition(orgId),
    SK: `MEMBER#${part(userId)}`,
    GSI1PK: keys.userPartition(userId),
    GSI1SK: `ORG#${part(orgId)}`,
  }),

  /**
   * Conditional Put / ConditionCheck: a removed membership's tombstone. It sits beside the
   * membership (not in its place), so `keys.membership` exists exactly while the user is a
   * member and no reader has to filter tombstones; `MEMBER#` queries never see it.
   */
  membershipTombstone: (orgId: string, userId: string): ItemKey => ({
    PK: keys.orgPartition(orgId),
    SK: `TOMBSTONE#MEMBER#${part(userId)}`,
  }),

  /** Query: an org's members. */
  orgMembers: (orgId: string): QuerySpec => ({
    partitionKeyName: "PK",
    partitionKey: keys.orgPartition(orgId),
    sortKeyName: "SK",
    sortKeyPrefix: "MEMBER#",
    ascending: true,
  }),

  /** Query GSI1: a user's orgs. */
  userOrgs: (userId: string): QuerySpec => ({
    indexName: "GSI1",
    partitionKeyName: "GSI1PK",
    partitionKey: keys.userPartition(userId),
    sortKeyName: "GSI1SK",
    sortKeyPrefix: "ORG#",
    ascending: true,
  }),

  /** GetItem: a milestone, only ever within the caller's scope. */
  milestone: (scope: Scope, milestoneId: string): ItemKey => ({
    PK: keys.scopePartition(scope),
    SK: `MILESTONE#${part(milestoneId)}`,
  }),

  /** The index attributes a milestone item carries; rewritten on every update. */
  milestoneIndexes: (
    scope: Scope,
    milestone: { id: string; updatedAt: string; dueDate?: string | null; status: string },
  ) => {
    const list = `MILESTONES#${keys.scopePartition(scope)}`;
    const byUpdated = `${milestone.updatedAt}#${part(milestone.id)}`;
    return {
      GSI1PK: list,
      GSI1SK: byUpdated,
      GSI2PK: list,
      GSI2SK: `${milestone.dueDate ?? NO_DUE_DATE}#${milestone.id}`,
      GSI3PK: `${list}#STATUS#${part(milestone.status)}`,
      GSI3SK: byUpdated,
    };
  },

  /** Query: a scope's milestones, newest update first, by due date, or of one status. */
  milestones: (
    scope: Scope,
    options: { sort: "UPDATED_AT" | "DUE_DATE"; status?: string | undefined },
  ): QuerySpec => {
    const list = `MILESTONES#${keys.scopePartition(scope)}`;
    if (options.status !== undefined) {
      return {
        indexName: "GSI3",
        partitionKeyName: "GSI3PK",
        partitionKey: `${list}#STATUS#${part(options.status)}`,
        sortKeyName: "GSI3SK",
        ascending: false,
      };
    }
    return options.sort === "DUE_DATE"
      ? {
          indexName: "GSI2",
          partitionKeyName: "GSI2PK",
          partitionKey: list,
          sortKeyName: "GSI2SK",
          ascending: true,
        }
      : {
          indexName: "GSI1",
          partitionKeyName: "GSI1PK",
          partitionKey: list,
          sortKeyName: "GSI1SK",
          ascending: false,
        };
  },

  /** Conditional Put (attribute_not_exists): one audit entry of an org. */
  auditEntry: (orgId: string, at: string, entryId: string): ItemKey => ({
    PK: `AUDIT#${keys.orgPartition(orgId)}`,
    SK: `${at}#${part(entryId)}`,
  }),

  /** Query: an org's audit entries, newest first. */
  auditLog: (orgId: string): QuerySpec => ({
    partitionKeyName: "PK",
    partitionKey: `AUDIT#${keys.orgPartition(orgId)}`,
    sortKeyName: "SK",
    ascending: false,
  }),

  /**
   * Conditional Put (attribute_not_exists) inside the effect's transaction: the dedupe
   * record of one webhook delivery, indexed by time for sync health, expiring by TTL.
   */
  webhookEvent: (svixId: string, receivedAt: string) => ({
    PK: `WEBHOOK#${part(svixId)}`,
    SK: "EVENT",
    GSI1PK: "WEBHOOK_EVENTS",
    GSI1SK: `${receivedAt}#${svixId}`,
  }),

  /**
   * Put: the log entry of a repeated delivery (same `svix-id`, no second effect), beside
   * the first one's record and listed with the events.
   */
  webhookDuplicate: (svixId: string, receivedAt: string) => ({
    PK: `WEBHOOK#${part(svixId)}`,
    SK: `DUPLICATE#${receivedAt}`,
    GSI1PK: "WEBHOOK_EVENTS",
    GSI1SK: `${receivedAt}#${svixId}`,
  }),

  /** Query GSI1: webhook events, newest first. */
  webhookEvents: (): QuerySpec => ({
    indexName: "GSI1",
    partitionKeyName: "GSI1PK",
    partitionKey: "WEBHOOK_EVENTS",
    sortKeyName: "GSI1SK",
    ascending: false,
  }),

  /**
   * The GSI2 attributes that put a delivery's record (first or repeated) in the sync log of
   * the org it concerns. Sparse: only records of `organization.*` and
   * `organizationMembership.*` deliveries carry them; `user.*` concerns no single org and
   * stays in the global log.
   */
  orgSyncEventIndex: (orgId: string, receivedAt: string, svixId: string) => ({
    GSI2PK: orgSyncPartition(orgId),
    GSI2SK: `${receivedAt}#${part(svixId)}`,
  }),

  /** Query GSI2: the webhook deliveries concerning an org, newest first. */
  orgSyncEvents: (orgId: string): QuerySpec => ({
    indexName: "GSI2",
    partitionKeyName: "GSI2PK",
    partitionKey: orgSyncPartition(orgId),
    sortKeyName: "GSI2SK",
    ascending: false,
  }),
};

/**
 * The Query parameters (no SDK types: plain data) for a spec. The key condition names
 * only the designed key attributes.
 */
export function toQueryParams(spec: QuerySpec) {
  const names: Record<string, string> = { "#pk": spec.partitionKeyName };
  const values: Record<string, string> = { ":pk": spec.partitionKey };
  let condition = "#pk = :pk";
  if (spec.sortKeyPrefix !== undefined) {
    names["#sk"] = spec.sortKeyName;
    values[":sk"] = spec.sortKeyPrefix;
    condition += " AND begins_with(#sk, :sk)";
  }
  return {
    ...(spec.indexName ? { IndexName: spec.indexName } : {}),
    KeyConditionExpression: condition,
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
