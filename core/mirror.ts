/**
 * The mirror of Clerk's users, organizations and memberships: which items an event
 * produces, the ordering rule, tombstones, and the event log's records. Plain functions
 * and plain data; the webhook handler and the reconcile command execute the writes.
 *
 * Ordering rule (docs/webhooks.md):
 * - Every mirror item keeps Clerk's `updated_at` (`updatedAt`, epoch ms). A write lands
 *   only over an item with a strictly older `updatedAt`: an older or equal event never
 *   overwrites what is there (equal means the same state again).
 * - Users and organizations: a deletion leaves a tombstone in the profile's place and is
 *   final. Clerk never reuses their ids, so no later `created`/`updated` (whatever its time)
 *   may bring them back, and no membership may be written for them.
 * - Memberships can be removed and added again, so their tombstone is ordered like the
 *   rest: it carries the removed membership's last `updated_at`, and on equal times the
 *   deletion wins (Clerk's `organizationMembership.deleted` carries that same time, so a
 *   late `updated` of equal time is the state the deletion already ended).
 * - Invitations: one item per invitation, in its org's partition. `created` writes the
 *   pending invitation; `accepted` and `revoked` replace it with its tombstone (ids, status,
 *   `updated_at`: the email address is personal data and goes), which is final, as Clerk's
 *   accepted and revoked invitations are: no event, however late, brings the invitation
 *   back. On equal times the tombstone wins. No invitation is written for a deleted org.
 */
import type {
  ClerkEvent,
  Invitation,
  Membership,
  OrgProfile,
  ParsedEvent,
  UserProfile,
} from "./clerk-events";
import { keys, type ItemKey } from "./table";

/**
 * How long a delivery's svix-id record (the dedupe key) is kept. Svix retries for about 28 h
 * (immediately … 10 h, 10 h); 7 days outlive that with room. Past it a replay of the same
 * message is judged again, and the ordering rule (Clerk's `updated_at`, permanent
 * tombstones) makes it stale: dedupe saves work, ordering is what keeps the mirror right.
 *
 * Tombstones (user, org, membership) carry no TTL: they hold ids and times only, and a
 * deletion must stay final however late Clerk replays a message (docs/webhooks.md).
 */
export const EVENT_RECORD_TTL_SECONDS = 7 * 24 * 3600;

export type Outcome = "applied" | "duplicate" | "stale" | "ignored" | "failed";

// ---- items ---------------------------------------------------------------------------

export const userItem = (user: UserProfile) => ({
  ...keys.user(user.id),
  entity: "user" as const,
  id: user.id,
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  imageUrl: user.imageUrl,
  updatedAt: user.updatedAt,
});

export const orgItem = (org: OrgProfile) => ({
  ...keys.org(org.id),
  entity: "org" as const,
  id: org.id,
  name: org.name,
  slug: org.slug,
  imageUrl: org.imageUrl,
  ...(org.membersCount !== undefined ? { membersCount: org.membersCount } : {}),
  updatedAt: org.updatedAt,
});

export const membershipItem = (m: Membership) => ({
  ...keys.membership(m.orgId, m.userId),
  entity: "membership" as const,
  orgId: m.orgId,
  userId: m.userId,
  role: m.role,
  updatedAt: m.updatedAt,
});

/**
 * A pending invitation: in its org's partition and, by creation time, in the org's pending
 * list (GSI2), which is what Query.orgInvitations reads.
 */
export const invitationItem = (i: Invitation) => ({
  ...keys.invitation(i.orgId, i.id),
  ...keys.pendingInvitationIndex(i.orgId, new Date(i.createdAt).toISOString(), i.id),
  entity: "invitation" as const,
  id: i.id,
  orgId: i.orgId,
  email: i.email,
  role: i.role,
  status: "pending" as const,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

/**
 * An accepted or revoked invitation: ids, status and time only, in the pending item's
 * place; no index attributes, so it leaves the pending list.
 */
export const invitationTombstone = (i: Invitation) => ({
  ...keys.invitation(i.orgId, i.id),
  entity: "invitation" as const,
  id: i.id,
  orgId: i.orgId,
  status: i.status,
  deleted: true as const,
  updatedAt: i.updatedAt,
});

const expiresAt = (nowMs: number, ttlSeconds: number) => Math.floor(nowMs / 1000) + ttlSeconds;

/** A deleted user keeps only this: the id and the deletion time (no personal data). */
/**
 * A deleted user keeps only this: the id and the deletion time (no personal data), for good.
 * Its write is also what starts the erasure of the user's other items (core/cleanup.ts).
 */
export const userTombstone = (userId: string, deletedAt: number) => ({
  ...keys.user(userId),
  entity: "user" as const,
  id: userId,
  deleted: true as const,
  deletedAt,
  updatedAt: deletedAt,
});

/** A deleted org: id and deletion time, for good; its write starts the tenant's removal. */
export const orgTombstone = (orgId: string, deletedAt: number) => ({
  ...keys.org(orgId),
  entity: "org" as const,
  id: orgId,
  deleted: true as const,
  deletedAt,
  updatedAt: deletedAt,
});

/** A removed membership: two ids and the membership's last `updated_at`, for good. */
export const membershipTombstone = (orgId: string, userId: string, updatedAt: number) => ({
  ...keys.membershipTombstone(orgId, userId),
  entity: "membershipTombstone" as const,
  orgId,
  userId,
  deleted: true as const,
  updatedAt,
});

// ---- the ordering rule as a plain decision ---------------------------------------------

/** What is stored at a mirror key, as far as ordering is concerned. */
export interface StoredVersion {
  updatedAt: number;
  deleted?: boolean;
}

export type Kind = "user" | "org" | "membership" | "invitation";

/**
 * True when a write of `incoming` may replace `stored` (undefined: nothing stored). For a
 * membership, `stored` is the newer of the membership and its tombstone. The DynamoDB
 * conditions built below express exactly this; an integration test checks they agree.
 */
export function supersedes(
  kind: Kind,
  stored: StoredVersion | undefined,
  incoming: { updatedAt: number; deleted: boolean },
): boolean {
  if (stored === undefined) return true;
  if (kind === "invitation") {
    if (stored.deleted) return false; // accepted or revoked: final
    return incoming.deleted
      ? stored.updatedAt <= incoming.updatedAt
      : stored.updatedAt < incoming.updatedAt;
  }
  if (kind !== "membership") {
    if (stored.deleted) return false; // final
    if (incoming.deleted) return true; // a deletion ends any live state
    return stored.updatedAt < incoming.updatedAt;
  }
  if (stored.updatedAt !== incoming.updatedAt) return stored.updatedAt < incoming.updatedAt;
  // Equal times: a deletion wins over the live membership it ends, nothing else moves.
  return incoming.deleted && !stored.deleted;
}

// ---- writes ----------------------------------------------------------------------------

type Values = Record<string, unknown>;

/** A TransactWriteItems element, as plain data (the table name is added by the caller). */
export type WriteOp =
  | {
      Put: {
        Item: Record<string, unknown>;
        ConditionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Values;
      };
    }
  | {
      Delete: {
        Key: ItemKey;
        ConditionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Values;
      };
    }
  | {
      ConditionCheck: {
        Key: ItemKey;
        ConditionExpression: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Values;
      };
    };

const names = { "#pk": "PK", "#at": "updatedAt", "#deleted": "deleted" };
const NOT_DELETED = "attribute_not_exists(#deleted)";
const pkName = { "#pk": "PK" };
const notDeleted = {
  ConditionExpression: NOT_DELETED,
  ExpressionAttributeNames: { "#deleted": "deleted" },
};

/** A live user/org replaces an older live one; never a tombstone. */
const profileUpsert = (item: Record<string, unknown> & { updatedAt: number }): WriteOp => ({
  Put: {
    Item: item,
    ConditionExpression: `attribute_not_exists(#pk) OR (${NOT_DELETED} AND #at < :at)`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ":at": item.updatedAt },
  },
});

/** Strictly older only (equal: the deletion already there wins). */
const olderThan = (updatedAt: number) => ({
  ConditionExpression: "attribute_not_exists(#pk) OR #at < :at",
  ExpressionAttributeNames: { "#pk": "PK", "#at": "updatedAt" },
  ExpressionAttributeValues: { ":at": updatedAt },
});

/** What to do after the atomic writes: remove a deleted user's or org's memberships. */
export type Cascade = { of: "user"; userId: string } | { of: "org"; orgId: string };

export interface MirrorPlan {
  /** Applied atomically; any failed condition means the event is stale (no effect). */
  writes: WriteOp[];
  /**
   * Run after the writes, and again on a stale or duplicate delivery of the same event
   * (it is idempotent), so a crash between the two cannot leave memberships behind.
   */
  cascade?: Cascade;
}

/**
 * The conditional writes an event makes. A membership write also checks that neither its
 * user nor its org is tombstoned, so a late membership event cannot outlive the deletion
 * of either, whether or not Clerk cascades.
 *
 */
export function planEvent(event: ClerkEvent): MirrorPlan {
  switch (event.type) {
    case "user.created":
    case "user.updated":
      return { writes: [profileUpsert(userItem(event.user))] };
    case "organization.created":
    case "organization.updated":
      return { writes: [profileUpsert(orgItem(event.org))] };
    case "user.deleted":
      return {
        writes: [{ Put: { Item: userTombstone(event.userId, event.deletedAt), ...notDeleted } }],
        cascade: { of: "user", userId: event.userId },
      };
    case "organization.deleted":
      return {
        writes: [{ Put: { Item: orgTombstone(event.orgId, event.deletedAt), ...notDeleted } }],
        cascade: { of: "org", orgId: event.orgId },
      };
    case "organizationMembership.created":
    case "organizationMembership.updated":
      return { writes: membershipUpsert(event.membership) };
    case "organizationMembership.deleted":
      return { writes: membershipRemoval(event.membership) };
    case "organizationInvitation.created":
    case "organizationInvitation.accepted":
    case "organizationInvitation.revoked":
      return { writes: invitationWrite(event.invitation) };
  }
}

/**
 * The invitation's one write ({@link supersedes}' rule for `invitation`): over nothing, or
 * over a pending invitation that is older (a tombstone: not older than it), never over a
 * tombstone; and only while its org is not deleted.
 */
export function invitationWrite(i: Invitation): WriteOp[] {
  const final = i.status !== "pending";
  return [
    {
      Put: {
        Item: final ? invitationTombstone(i) : invitationItem(i),
        ConditionExpression: `attribute_not_exists(#pk) OR (${NOT_DELETED} AND #at ${final ? "<=" : "<"} :at)`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ":at": i.updatedAt },
      },
    },
    { ConditionCheck: { Key: keys.org(i.orgId), ...notDeleted } },
  ];
}

/** Writes the membership unless it, its tombstone, its user or its org says otherwise. */
export function membershipUpsert(m: Membership): WriteOp[] {
  return [
    { Put: { Item: membershipItem(m), ...olderThan(m.updatedAt) } },
    {
      ConditionCheck: {
        Key: keys.membershipTombstone(m.orgId, m.userId),
        ...olderThan(m.updatedAt),
      },
    },
    { ConditionCheck: { Key: keys.user(m.userId), ...notDeleted } },
    { ConditionCheck: { Key: keys.org(m.orgId), ...notDeleted } },
  ];
}

/**
 * Removes the membership and leaves its tombstone at the membership's last `updated_at`.
 * The live item goes only if it is not newer (equal: the deletion wins).
 */
export function membershipRemoval(m: Membership): WriteOp[] {
  const key = keys.membership(m.orgId, m.userId);
  return [
    {
      Put: {
        Item: membershipTombstone(m.orgId, m.userId, m.updatedAt),
        ...olderThan(m.updatedAt),
      },
    },
    {
      Delete: {
        Key: { PK: key.PK, SK: key.SK },
        ConditionExpression: "attribute_not_exists(#pk) OR #at <= :at",
        ExpressionAttributeNames: { ...pkName, "#at": "updatedAt" },
        ExpressionAttributeValues: { ":at": m.updatedAt },
      },
    },
  ];
}

/** A user's or org's deletion as of `deletedAt` (the reconcile command's removal). */
export function profileRemoval(kind: "user" | "org", id: string, deletedAt: number): MirrorPlan {
  return kind === "user"
    ? planEvent({ type: "user.deleted", userId: id, deletedAt })
    : planEvent({ type: "organization.deleted", orgId: id, deletedAt });
}

// ---- the one-off migration to permanent tombstones -----------------------------------------

/**
 * The Scan filter of `npm run migrate` (an offline admin command, never a request path):
 * tombstones still carrying a TTL from before tombstones were permanent.
 */
export const TOMBSTONE_WITH_TTL_FILTER = {
  FilterExpression: "#deleted = :true AND attribute_exists(#ttl)",
  ExpressionAttributeNames: { "#deleted": "deleted", "#ttl": "expiresAt" },
  ExpressionAttributeValues: { ":true": true },
} as const;

/**
 * The UpdateItem that makes one tombstone permanent: its TTL removed, conditionally (still a
 * tombstone, still with a TTL), so it is idempotent and never touches a live item.
 */
export const makeTombstonePermanent = (key: ItemKey) => ({
  Key: { PK: key.PK, SK: key.SK },
  UpdateExpression: "REMOVE #ttl",
  ConditionExpression: TOMBSTONE_WITH_TTL_FILTER.FilterExpression,
  ExpressionAttributeNames: TOMBSTONE_WITH_TTL_FILTER.ExpressionAttributeNames,
  ExpressionAttributeValues: TOMBSTONE_WITH_TTL_FILTER.ExpressionAttributeValues,
});

// ---- the event log -------------------------------------------------------------------

export interface DeliveryFacts {
  svixId: string;
  type: string;
  objectId: string | undefined;
  /**
   * The org the delivery concerns (clerk-events' `orgId`), if any: its record is then also
   * listed in that org's sync log (`keys.orgSyncEvents`).
   */
  orgId: string | undefined;
  /** ISO 8601, when the delivery arrived. */
  receivedAt: string;
  nowMs: number;
}

/** A delivery's facts, from its svix-id, its parsed event and when it arrived. */
export function deliveryFacts(input: {
  svixId: string;
  parsed: ParsedEvent;
  receivedAt: string;
  nowMs: number;
}): DeliveryFacts {
  const { svixId, parsed, receivedAt, nowMs } = input;
  return {
    svixId,
    type: parsed.type,
    objectId: parsed.objectId,
    orgId: parsed.orgId,
    receivedAt,
    nowMs,
  };
}

/** Reasons are one short line: org admins read them on the sync-health page. */
export const MAX_REASON_LENGTH = 200;

/**
 * A failure reason as stored: printable ASCII on one line, at most {@link MAX_REASON_LENGTH}
 * characters. Reasons are built from field paths and zod's messages (never values, see
 * clerk-events' `describe`); this is the last guard, so that nothing long or multi-line
 * (a stack trace, a quoted payload) can reach the log.
 */
export function safeReason(reason: string): string {
  let out = "";
  let space = false;
  for (const char of reason) {
    const code = char.charCodeAt(0);
    const printable = char.length === 1 && code > 0x20 && code < 0x7f;
    if (!printable) {
      space = out.length > 0;
      continue;
    }
    if (space) out += " ";
    space = false;
    out += char;
  }
  if (out.length <= MAX_REASON_LENGTH) return out || "invalid payload";
  return `${out.slice(0, MAX_REASON_LENGTH - 3)}...`;
}

/** The fields every record of a delivery shares: ids, type, time; never the payload. */
function recordBase(facts: DeliveryFacts) {
  return {
    ...(facts.orgId !== undefined
      ? {
          ...keys.orgSyncEventIndex(facts.orgId, facts.receivedAt, facts.svixId),
          orgId: facts.orgId,
        }
      : {}),
    entity: "webhookEvent" as const,
    svixId: facts.svixId,
    type: facts.type,
    ...(facts.objectId !== undefined ? { objectId: facts.objectId } : {}),
  };
}

/**
 * The record of a delivery: ids, type and outcome, never the payload. Written with
 * `attribute_not_exists` (see {@link recordCondition}), in the same transaction as the
 * effect: it is the dedupe key. Listed in the global log (GSI1) and, when the delivery
 * concerns an org, in that org's sync log (GSI2).
 */
export function eventRecord(facts: DeliveryFacts, outcome: Outcome, reason?: string) {
  return {
    ...keys.webhookEvent(facts.svixId, facts.receivedAt),
    ...recordBase(facts),
    outcome,
    ...(reason !== undefined ? { reason: safeReason(reason) } : {}),
    receivedAt: facts.receivedAt,
    expiresAt: expiresAt(facts.nowMs, EVENT_RECORD_TTL_SECONDS),
  };
}

/** The log entry of a repeated delivery; the first delivery's record stays as it was. */
export function duplicateRecord(facts: DeliveryFacts) {
  return {
    ...keys.webhookDuplicate(facts.svixId, facts.receivedAt),
    ...recordBase(facts),
    outcome: "duplicate" as const,
    receivedAt: facts.receivedAt,
    expiresAt: expiresAt(facts.nowMs, EVENT_RECORD_TTL_SECONDS),
  };
}

export const recordCondition = {
  ConditionExpression: "attribute_not_exists(#pk)",
  ExpressionAttributeNames: pkName,
} as const;

/** The event record as a conditional Put, first in every transaction. */
export const recordWrite = (facts: DeliveryFacts, outcome: Outcome, reason?: string): WriteOp => ({
  Put: { Item: eventRecord(facts, outcome, reason), ...recordCondition },
});
