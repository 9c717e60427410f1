/**
 * Live updates, the parts that are not resolver code (docs/live-updates.md):
 * - which table changes become a `MilestoneChange` (the stream publisher's rule), as Lambda
 *   filter patterns for the event source mapping and a parser of one matching record;
 * - which subscriptions a stream record or a webhook event ends (invalidation).
 *
 * Why the stream: AppSync delivers a subscription from a mutation whose return type is the
 * subscription's (`@aws_subscribe`); the milestone mutations return Milestone or a list of
 * results (deleteMilestones), so none can trigger `onMilestoneChanged: MilestoneChange`
 * directly. Every milestone write — bulk deletions included — lands in the table's stream,
 * and the publisher turns each record into one `publishMilestoneChange` (IAM only).
 *
 * The table's stream carries new images only (core/table.ts): a removal has just its keys.
 * An org milestone's removal is therefore read from its audit entry (written in the same
 * transaction, with the actor); a personal one's from its keys (only its owner deletes it).
 */
import { z } from "zod";
import type { ClerkEvent } from "./clerk-events";
import { changeAudience, type InvalidationTarget, type MilestoneChangeKind } from "./portable/live";
import { MEMBER_PREFIX, membershipOfKey, personalMilestoneOfKey } from "./portable/keys";
import { isKeyPart } from "./portable/key-part";
import { MILESTONE_STATUSES } from "./portable/milestone";

/**
 * The event source mapping's filter (Lambda filter patterns; at most 5 per mapping, AWS's
 * default quota), each a record the publisher acts on:
 * 1. a milestone written (publish CREATED/UPDATED), or a membership rewritten (MODIFY: its
 *    role or permissions changed; INSERT is a new member with nothing to end) — one pattern,
 *    so the five fit;
 * 2. a personal-partition removal (a personal milestone's DELETED, from its keys; the other
 *    `USER#` items — counters, views — are matched too and publish nothing);
 * 3. an org milestone's `milestone.delete` audit entry (DELETED with its actor);
 * 4. a membership removed (keys only, `ORG#<orgId>` / the members' prefix: end that
 *    membership's subscriptions);
 * 5. an org's or a user's tombstone (end every subscription of the org or of the user).
 */
export const LIVE_UPDATE_PATTERNS = [
  {
    eventName: ["INSERT", "MODIFY"],
    dynamodb: { NewImage: { entity: { S: ["milestone", "membership"] } } },
  },
  { eventName: ["REMOVE"], dynamodb: { Keys: { PK: { S: [{ prefix: "USER#" }] } } } },
  {
    eventName: ["INSERT"],
    dynamodb: { NewImage: { entity: { S: ["audit"] }, action: { S: ["milestone.delete"] } } },
  },
  {
    eventName: ["REMOVE"],
    dynamodb: { Keys: { PK: { S: [{ prefix: "ORG#" }] }, SK: { S: [{ prefix: MEMBER_PREFIX }] } } },
  },
  {
    eventName: ["INSERT", "MODIFY"],
    dynamodb: {
      NewImage: {
        SK: { S: ["PROFILE"] },
        entity: { S: ["user", "org"] },
        deleted: { BOOL: [true] },
      },
    },
  },
] as const;

/** A stream record with its images unmarshalled to plain values. */
export interface PlainStreamRecord {
  eventName: string | undefined;
  keys: unknown;
  newImage: Record<string, unknown> | undefined;
  /** `ApproximateCreationDateTime`, epoch seconds. */
  createdAt: number | undefined;
}

/** What `publishMilestoneChange` takes (the schema's MilestoneChangeInput). */
export interface MilestoneChangeInput {
  kind: MilestoneChangeKind;
  milestoneId: string;
  milestone: PublishedMilestone | null;
  actorId: string | null;
  orgId: string | null;
  audience: string;
  at: string;
}

const id = z.string().refine(isKeyPart);
const isoTime = z.iso.datetime({ offset: true });

const milestoneImage = z.object({
  entity: z.literal("milestone"),
  id,
  scope: z.enum(["ORG", "PERSONAL"]),
  orgId: id.nullish(),
  ownerId: id,
  title: z.string(),
  description: z.string().default(""),
  status: z.enum(MILESTONE_STATUSES),
  dueDate: z.iso.date().nullish(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: z.number().int().positive(),
  /** Who made the write (create and update stamp it); older items lack it. */
  changedBy: id.nullish(),
});

export type PublishedMilestone = Omit<
  z.infer<typeof milestoneImage>,
  "entity" | "changedBy" | "orgId" | "dueDate"
> & { orgId: string | null; dueDate: string | null };

const auditImage = z.object({
  entity: z.literal("audit"),
  action: z.literal("milestone.delete"),
  orgId: id,
  actorId: id,
  targetId: id,
  at: isoTime,
});

const keysSchema = z.object({ PK: z.string(), SK: z.string() });

/**
 * The change one stream record stands for, or null when it stands for none (a record the
 * patterns let through that is not what they mean, e.g. a personal item that is not a
 * milestone). Throws on a milestone image that does not parse: a bug to see, not to skip.
 */
export function milestoneChangeOf(record: PlainStreamRecord): MilestoneChangeInput | null {
  const when = record.createdAt ? new Date(record.createdAt * 1000).toISOString() : undefined;
  if (record.eventName === "REMOVE") {
    const keys = keysSchema.safeParse(record.keys);
    const personal = keys.success ? personalMilestoneOfKey(keys.data) : null;
    if (personal === null) return null;
    const audience = changeAudience({ kind: "personal", userId: personal.userId });
    if (audience === null) return null;
    return {
      kind: "DELETED",
      milestoneId: personal.milestoneId,
      milestone: null,
      actorId: personal.userId,
      orgId: null,
      audience,
      at: when ?? new Date().toISOString(),
    };
  }
  const entity = (record.newImage as { entity?: unknown } | undefined)?.entity;
  if (entity === "audit") {
    const entry = auditImage.parse(record.newImage);
    const audience = changeAudience({ kind: "org", orgId: entry.orgId });
    if (audience === null) return null;
    return {
      kind: "DELETED",
      milestoneId: entry.targetId,
      milestone: null,
      actorId: entry.actorId,
      orgId: entry.orgId,
      audience,
      at: entry.at,
    };
  }
  if (entity !== "milestone") return null;
  const item = milestoneImage.parse(record.newImage);
  const scope =
    item.scope === "ORG"
      ? item.orgId
        ? ({ kind: "org", orgId: item.orgId } as const)
        : null
      : ({ kind: "personal", userId: item.ownerId } as const);
  const audience = scope === null ? null : changeAudience(scope);
  if (audience === null) return null;
  const { entity: _entity, changedBy, ...milestone } = item;
  return {
    kind: record.eventName === "INSERT" ? "CREATED" : "UPDATED",
    milestoneId: item.id,
    milestone: { ...milestone, orgId: item.orgId ?? null, dueDate: item.dueDate ?? null },
    actorId: changedBy ?? (record.eventName === "INSERT" ? item.ownerId : null),
    orgId: item.orgId ?? null,
    audience,
    at: item.updatedAt,
  };
}

const membershipImage = z.object({ entity: z.literal("membership"), orgId: id, userId: id });
const tombstoneImage = z.object({
  SK: z.literal("PROFILE"),
  entity: z.enum(["user", "org"]),
  id,
  deleted: z.literal(true),
});

/**
 * The subscriptions one stream record ends, or null (docs/live-updates.md, "Removal and
 * demotion"):
 * - a membership's REMOVE (the webhook's removal, or a deleted org's or user's cascade): that
 *   membership's;
 * - a membership's MODIFY: that membership's. The stream has new images only, so a changed
 *   role cannot be told from a changed permission or an unchanged rewrite; each ends the
 *   subscription, which costs the member's client one new `start`;
 * - an org's tombstone: every subscription of the org; a user's: every one of the user.
 * A membership's INSERT ends nothing (a new member has no subscription of that membership).
 */
export function invalidationOf(record: PlainStreamRecord): InvalidationTarget | null {
  if (record.eventName === "REMOVE") {
    const keys = keysSchema.safeParse(record.keys);
    const member = keys.success ? membershipOfKey(keys.data) : null;
    return member === null ? null : { reach: "MEMBER", ...member };
  }
  const entity = (record.newImage as { entity?: unknown } | undefined)?.entity;
  if (entity === "membership") {
    if (record.eventName !== "MODIFY") return null;
    const member = membershipImage.parse(record.newImage);
    return { reach: "MEMBER", orgId: member.orgId, userId: member.userId };
  }
  if (entity === "org" || entity === "user") {
    // A live profile's write ends nothing; a tombstone that does not parse is a bug (throws).
    if ((record.newImage as { deleted?: unknown }).deleted !== true) return null;
    const tombstone = tombstoneImage.parse(record.newImage);
    return tombstone.entity === "org"
      ? { reach: "ORG", orgId: tombstone.id }
      : { reach: "USER", userId: tombstone.id };
  }
  return null;
}

/** What the publisher does with one stream record: publish a change, end subscriptions, or nothing. */
export type LiveEffect =
  | { kind: "publish"; change: MilestoneChangeInput }
  | { kind: "invalidate"; target: InvalidationTarget };

/**
 * The one rule the stream publisher applies (lambdas/live/app.ts): a record either stands
 * for a milestone change, or ends subscriptions, or means nothing to live updates (milestone
 * counters, saved views and their counters, live profiles, …). Throws on an
 * image that claims to be a milestone, membership or audit entry but does not parse: a bug to
 * see (retried, then the mapping's dead-letter queue), not to skip silently.
 */
export function liveEffectOf(record: PlainStreamRecord): LiveEffect | null {
  const target = invalidationOf(record);
  if (target !== null) return { kind: "invalidate", target };
  const change = milestoneChangeOf(record);
  return change === null ? null : { kind: "publish", change };
}

/**
 * The subscriptions a mirrored webhook event ends, for the webhook's direct call right after
 * the mirror write (the low-latency path; the stream path above covers the same events, with
 * AWS's retries): a removed or updated membership's, a deleted org's, a deleted user's.
 */
export function invalidationsOfEvent(event: ClerkEvent): InvalidationTarget[] {
  if (
    event.type === "organizationMembership.deleted" ||
    event.type === "organizationMembership.updated"
  )
    return [{ reach: "MEMBER", orgId: event.membership.orgId, userId: event.membership.userId }];
  if (event.type === "organization.deleted") return [{ reach: "ORG", orgId: event.orgId }];
  if (event.type === "user.deleted") return [{ reach: "USER", userId: event.userId }];
  return [];
}
