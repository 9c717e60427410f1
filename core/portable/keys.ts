/**
 * The key builders: the one place where the table's key formats are written (docs/data-model.md
 * lists the access patterns). Single-table design, tenancy in the keys: a milestone's
 * partition is its scope (`ORG#<orgId>` or `USER#<userId>`), so a key built from the caller's
 * scope cannot reach another tenant's item, whatever id it is given.
 *
 * Every builder checks its id parts ({@link isKeyPart}) and returns null rather than a key
 * when one is malformed: the resolvers answer NotFound or Unauthorized, core/table.ts throws.
 * Times are parts too, but they are the builders' callers' own (ISO strings, never input).
 */
import { isKeyPart } from "./key-part";
import { NO_DUE_DATE } from "./milestone";
import type { Scope } from "./scope";
import { MILESTONE_STATS_SHARD_IDS, MILESTONE_STATS_SHARDS, milestoneStatsShard } from "./stats";

/** A primary key as stored. */
export interface ItemKey {
  PK: string;
  SK: string;
}

export type IndexName = "GSI1" | "GSI2" | "GSI3";

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

/** The sort key of a mirrored profile (user or org) and of its tombstone. */
export const PROFILE_SK = "PROFILE";
/** Sort-key prefix of an org's memberships: what the members list reads. */
export const MEMBER_PREFIX = "MEMBER#";
const MEMBER_TOMBSTONE_PREFIX = "TOMBSTONE#MEMBER#";
const MILESTONE_PREFIX = "MILESTONE#";
const AUDIT_PREFIX = "AUDIT#";
const MILESTONE_LIST_PREFIX = "MILESTONES#";
const MILESTONE_STATS_PREFIX = "STATS#MILESTONES#";
const INVITATION_PREFIX = "INVITATION#";
const PENDING_INVITATIONS_PREFIX = "INVITATIONS#";
const WEBHOOK_EVENTS = "WEBHOOK_EVENTS";
/** Saved views of the milestones table, in their scope's partition. */
const VIEW_PREFIX = "VIEW#";
const USER_VIEW_PREFIX = `${VIEW_PREFIX}USER#`;
const SHARED_VIEW_PREFIX = `${VIEW_PREFIX}ORG#`;
/** Not under `VIEW#`: a views Query by prefix never reads a counter. */
const VIEW_COUNT_PREFIX = "VIEWCOUNT#";

export function userPartition(userId: string): string | null {
  return isKeyPart(userId) ? `USER#${userId}` : null;
}

export function orgPartition(orgId: string): string | null {
  return isKeyPart(orgId) ? `ORG#${orgId}` : null;
}

export function scopePartition(scope: Scope): string | null {
  return scope.kind === "org" ? orgPartition(scope.orgId) : userPartition(scope.userId);
}

/** GetItem / conditional Put: a mirrored user (or its tombstone). */
export function userKey(userId: string): ItemKey | null {
  const pk = userPartition(userId);
  return pk === null ? null : { PK: pk, SK: PROFILE_SK };
}

/** GetItem / conditional Put: a mirrored organization (or its tombstone). */
export function orgKey(orgId: string): ItemKey | null {
  const pk = orgPartition(orgId);
  return pk === null ? null : { PK: pk, SK: PROFILE_SK };
}

/** GetItem (the authorize function's membership check): a membership, in its org's partition. */
export function membershipKey(orgId: string, userId: string): ItemKey | null {
  const pk = orgPartition(orgId);
  if (pk === null || !isKeyPart(userId)) return null;
  return { PK: pk, SK: `${MEMBER_PREFIX}${userId}` };
}

/** A membership's key and its GSI1 entry under its user, so it is read both ways. */
export function membershipItemKeys(orgId: string, userId: string) {
  const key = membershipKey(orgId, userId);
  if (key === null) return null;
  return { ...key, GSI1PK: `USER#${userId}`, GSI1SK: `ORG#${orgId}` };
}

/**
 * Conditional Put / ConditionCheck: a removed membership's tombstone. It sits beside the
 * membership (not in its place), so a membership exists exactly while the user is a member
 * and no reader has to filter tombstones; `MEMBER#` queries never see it.
 */
export function membershipTombstoneKey(orgId: string, userId: string): ItemKey | null {
  const pk = orgPartition(orgId);
  if (pk === null || !isKeyPart(userId)) return null;
  return { PK: pk, SK: `${MEMBER_TOMBSTONE_PREFIX}${userId}` };
}

/** Query: an org's members. */
export function orgMembersQuery(orgId: string): QuerySpec | null {
  const pk = orgPartition(orgId);
  if (pk === null) return null;
  return {
    partitionKeyName: "PK",
    partitionKey: pk,
    sortKeyName: "SK",
    sortKeyPrefix: MEMBER_PREFIX,
    ascending: true,
  };
}

/** Query GSI1: a user's orgs. */
export function userOrgsQuery(userId: string): QuerySpec | null {
  const pk = userPartition(userId);
  if (pk === null) return null;
  return {
    indexName: "GSI1",
    partitionKeyName: "GSI1PK",
    partitionKey: pk,
    sortKeyName: "GSI1SK",
    sortKeyPrefix: "ORG#",
    ascending: true,
  };
}

/**
 * Conditional Put: an org invitation, in its org's partition: the pending invitation, or,
 * once accepted or revoked, its tombstone in the same place (ids and status only), so one
 * condition on one item orders every event of the invitation. Erased with the org.
 */
export function invitationKey(orgId: string, invitationId: string): ItemKey | null {
  const pk = orgPartition(orgId);
  if (pk === null || !isKeyPart(invitationId)) return null;
  return { PK: pk, SK: `${INVITATION_PREFIX}${invitationId}` };
}

/** GSI2's partition of an org's pending invitations (milestone lists there start `MILESTONES#`). */
export function pendingInvitationsPartition(orgId: string): string | null {
  return isKeyPart(orgId) ? `${PENDING_INVITATIONS_PREFIX}ORG#${orgId}` : null;
}

/**
 * The GSI2 attributes a pending invitation carries, by creation time. Sparse: a tombstone
 * carries none, so the index holds exactly the pending invitations.
 */
export function pendingInvitationIndex(orgId: string, createdAt: string, invitationId: string) {
  return timelineEntry(pendingInvitationsPartition(orgId), createdAt, invitationId);
}

/** Query GSI2: an org's pending invitations, newest first (one Query, no filter). */
export function orgInvitationsQuery(orgId: string): QuerySpec | null {
  return newestFirst(pendingInvitationsPartition(orgId));
}

/**
 * An entry of a GSI2 timeline (an org's pending invitations, its sync log): sorted by time,
 * the id keeping entries of the same instant apart. Null for a partition or id that is not
 * a key part.
 */
function timelineEntry(pk: string | null, at: string, id: string) {
  if (pk === null || !isKeyPart(id)) return null;
  return { GSI2PK: pk, GSI2SK: `${at}#${id}` };
}

/** Query a GSI2 timeline, newest first. */
function newestFirst(pk: string | null): QuerySpec | null {
  if (pk === null) return null;
  return {
    indexName: "GSI2",
    partitionKeyName: "GSI2PK",
    partitionKey: pk,
    sortKeyName: "GSI2SK",
    ascending: false,
  };
}

/** GetItem: a milestone, only ever within the caller's scope. */
export function milestoneKey(scope: Scope, milestoneId: string): ItemKey | null {
  const pk = scopePartition(scope);
  if (pk === null || !isKeyPart(milestoneId)) return null;
  return { PK: pk, SK: `${MILESTONE_PREFIX}${milestoneId}` };
}

/**
 * Query (offline only: the counters' backfill): a scope's milestone items in the base table,
 * strongly consistent. Requests read milestones through their list indexes instead.
 */
export function scopeMilestonesQuery(scope: Scope): QuerySpec | null {
  const pk = scopePartition(scope);
  if (pk === null) return null;
  return {
    partitionKeyName: "PK",
    partitionKey: pk,
    sortKeyName: "SK",
    sortKeyPrefix: MILESTONE_PREFIX,
    ascending: true,
  };
}

/** The index partition of a scope's milestone list (GSI1 and GSI2; GSI3 adds the status). */
export function milestoneListPartition(scope: Scope): string | null {
  const pk = scopePartition(scope);
  return pk === null ? null : `${MILESTONE_LIST_PREFIX}${pk}`;
}

/** GSI3's partition: a scope's milestones of one status. */
export function milestoneStatusPartition(scope: Scope, status: string): string | null {
  const list = milestoneListPartition(scope);
  if (list === null || !isKeyPart(status)) return null;
  return `${list}#STATUS#${status}`;
}

/** The index attributes a milestone item carries; rewritten on every update. */
export function milestoneIndexes(
  scope: Scope,
  milestone: { id: string; updatedAt: string; dueDate?: string | null; status: string },
) {
  const list = milestoneListPartition(scope);
  const byStatus = milestoneStatusPartition(scope, milestone.status);
  if (list === null || byStatus === null || !isKeyPart(milestone.id)) return null;
  const byUpdated = `${milestone.updatedAt}#${milestone.id}`;
  return {
    GSI1PK: list,
    GSI1SK: byUpdated,
    GSI2PK: list,
    GSI2SK: `${milestone.dueDate ?? NO_DUE_DATE}#${milestone.id}`,
    GSI3PK: byStatus,
    GSI3SK: byUpdated,
  };
}

/**
 * UpdateItem (ADD, in the milestone write's transaction) / Put (the backfill): one shard of a
 * scope's milestone counters (core/portable/stats.ts), in the scope's partition beside its
 * milestones, so it is erased with them. Null for a malformed scope or a shard out of range.
 */
export function milestoneStatsKey(scope: Scope, shard: number): ItemKey | null {
  const pk = scopePartition(scope);
  if (pk === null || shard < 0 || shard >= MILESTONE_STATS_SHARDS || shard % 1 !== 0) return null;
  return { PK: pk, SK: `${MILESTONE_STATS_PREFIX}${shard}` };
}

/** The counter shard a milestone's writes change (its id's {@link milestoneStatsShard}). */
export function milestoneStatsKeyFor(scope: Scope, milestoneId: string): ItemKey | null {
  if (!isKeyPart(milestoneId)) return null;
  return milestoneStatsKey(scope, milestoneStatsShard(milestoneId));
}

/** Every counter shard of a scope (what the backfill writes). */
export function milestoneStatsKeys(scope: Scope): ItemKey[] | null {
  if (scopePartition(scope) === null) return null;
  return MILESTONE_STATS_SHARD_IDS.map((shard) => milestoneStatsKey(scope, shard)).filter(
    (key): key is ItemKey => key !== null,
  );
}

/** Query (consistent, ≤ 8 items): a scope's counter shards, all of them in one request. */
export function milestoneStatsQuery(scope: Scope): QuerySpec | null {
  const pk = scopePartition(scope);
  if (pk === null) return null;
  return {
    partitionKeyName: "PK",
    partitionKey: pk,
    sortKeyName: "SK",
    sortKeyPrefix: MILESTONE_STATS_PREFIX,
    ascending: true,
  };
}

/** An org's audit log partition. */
export function auditPartition(orgId: string): string | null {
  const pk = orgPartition(orgId);
  return pk === null ? null : `${AUDIT_PREFIX}${pk}`;
}

/** Conditional Put (attribute_not_exists): one audit entry of an org. */
export function auditEntryKey(orgId: string, at: string, entryId: string): ItemKey | null {
  const pk = auditPartition(orgId);
  if (pk === null || !isKeyPart(entryId)) return null;
  return { PK: pk, SK: `${at}#${entryId}` };
}

/** Query: an org's audit entries, newest first. */
export function auditLogQuery(orgId: string): QuerySpec | null {
  const pk = auditPartition(orgId);
  if (pk === null) return null;
  return { partitionKeyName: "PK", partitionKey: pk, sortKeyName: "SK", ascending: false };
}

/**
 * Conditional Put (attribute_not_exists) inside the effect's transaction: the dedupe record
 * of one webhook delivery, indexed by time for sync health, expiring by TTL.
 */
export function webhookEventKeys(svixId: string, receivedAt: string) {
  if (!isKeyPart(svixId)) return null;
  return {
    PK: `WEBHOOK#${svixId}`,
    SK: "EVENT",
    GSI1PK: WEBHOOK_EVENTS,
    GSI1SK: `${receivedAt}#${svixId}`,
  };
}

/**
 * Put: the log entry of a repeated delivery (same `svix-id`, no second effect), beside the
 * first one's record and listed with the events.
 */
export function webhookDuplicateKeys(svixId: string, receivedAt: string) {
  if (!isKeyPart(svixId)) return null;
  return {
    PK: `WEBHOOK#${svixId}`,
    SK: `DUPLICATE#${receivedAt}`,
    GSI1PK: WEBHOOK_EVENTS,
    GSI1SK: `${receivedAt}#${svixId}`,
  };
}

/** Query GSI1: webhook events, newest first. */
export function webhookEventsQuery(): QuerySpec {
  return {
    indexName: "GSI1",
    partitionKeyName: "GSI1PK",
    partitionKey: WEBHOOK_EVENTS,
    sortKeyName: "GSI1SK",
    ascending: false,
  };
}

/** An org's sync log in GSI2; milestone lists there start with `MILESTONES#`, never `SYNC#`. */
export function orgSyncPartition(orgId: string): string | null {
  return isKeyPart(orgId) ? `SYNC#ORG#${orgId}` : null;
}

/**
 * The GSI2 attributes that put a delivery's record (first or repeated) in the sync log of the
 * org it concerns. Sparse: only records of `organization.*` and `organizationMembership.*`
 * deliveries carry them; `user.*` concerns no single org and stays in the global log.
 */
export function orgSyncEventIndex(orgId: string, receivedAt: string, svixId: string) {
  return timelineEntry(orgSyncPartition(orgId), receivedAt, svixId);
}

/** Query GSI2: the webhook deliveries concerning an org, newest first. */
export function orgSyncEventsQuery(orgId: string): QuerySpec | null {
  return newestFirst(orgSyncPartition(orgId));
}

/**
 * GetItem / conditional writes: a user's own saved view, in the scope's partition (the view
 * belongs to the scope it was saved in: an org's views go with the org). The user id is in
 * the sort key, so a key built from the caller's id never reaches another user's view.
 */
export function userViewKey(scope: Scope, userId: string, viewId: string): ItemKey | null {
  const pk = scopePartition(scope);
  if (pk === null || !isKeyPart(userId) || !isKeyPart(viewId)) return null;
  return { PK: pk, SK: `${USER_VIEW_PREFIX}${userId}#${viewId}` };
}

/** Query: a user's own saved views in a scope (one partition, one sort-key prefix). */
export function userViewsQuery(scope: Scope, userId: string): QuerySpec | null {
  const pk = scopePartition(scope);
  if (pk === null || !isKeyPart(userId)) return null;
  return {
    partitionKeyName: "PK",
    partitionKey: pk,
    sortKeyName: "SK",
    sortKeyPrefix: `${USER_VIEW_PREFIX}${userId}#`,
    ascending: true,
  };
}

/**
 * GetItem / conditional writes: a view shared with an org. Sharing moves the view from its
 * owner's prefix to this one (same id), so each list is one prefix Query. Null in personal
 * scope: there is nobody to share with.
 */
export function sharedViewKey(scope: Scope, viewId: string): ItemKey | null {
  if (scope.kind !== "org") return null;
  const pk = orgPartition(scope.orgId);
  if (pk === null || !isKeyPart(viewId)) return null;
  return { PK: pk, SK: `${SHARED_VIEW_PREFIX}${viewId}` };
}

/** Query: the views shared with an org (null in personal scope). */
export function sharedViewsQuery(scope: Scope): QuerySpec | null {
  if (scope.kind !== "org") return null;
  const pk = orgPartition(scope.orgId);
  if (pk === null) return null;
  return {
    partitionKeyName: "PK",
    partitionKey: pk,
    sortKeyName: "SK",
    sortKeyPrefix: SHARED_VIEW_PREFIX,
    ascending: true,
  };
}

/**
 * Conditional UpdateItem (ADD) in every view write's transaction: how many views a user owns
 * in a scope (wherever they live, own prefix or shared), so the per-user limit holds exactly
 * under concurrent saves.
 */
export function userViewCountKey(scope: Scope, userId: string): ItemKey | null {
  const pk = scopePartition(scope);
  if (pk === null || !isKeyPart(userId)) return null;
  return { PK: pk, SK: `${VIEW_COUNT_PREFIX}USER#${userId}` };
}

/** Conditional UpdateItem (ADD): how many views are shared with an org (null in personal scope). */
export function sharedViewCountKey(scope: Scope): ItemKey | null {
  if (scope.kind !== "org") return null;
  const pk = orgPartition(scope.orgId);
  return pk === null ? null : { PK: pk, SK: `${VIEW_COUNT_PREFIX}ORG` };
}

/**
 * The reverse of a personal milestone's {@link milestoneKey}: whose and which milestone a
 * stream record's keys name (a REMOVE record carries only its keys). Null for any other key.
 */
export function personalMilestoneOfKey(
  key: ItemKey,
): { userId: string; milestoneId: string } | null {
  const user = "USER#";
  if (!key.PK.startsWith(user) || !key.SK.startsWith(MILESTONE_PREFIX)) return null;
  const userId = key.PK.slice(user.length);
  const milestoneId = key.SK.slice(MILESTONE_PREFIX.length);
  if (!isKeyPart(userId) || !isKeyPart(milestoneId)) return null;
  return { userId, milestoneId };
}

/**
 * The membership a stream record's keys name (`ORG#<orgId>` / `MEMBER#<userId>`), or null
 * for any other key: a membership's removal reaches the stream with its keys only (new
 * images), and this is how the live-updates publisher knows whose subscriptions to end.
 */
export function membershipOfKey(key: ItemKey): { orgId: string; userId: string } | null {
  const org = "ORG#";
  if (!key.PK.startsWith(org) || !key.SK.startsWith(MEMBER_PREFIX)) return null;
  const orgId = key.PK.slice(org.length);
  const userId = key.SK.slice(MEMBER_PREFIX.length);
  if (!isKeyPart(orgId) || !isKeyPart(userId)) return null;
  return { orgId, userId };
}
