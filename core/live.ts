/**
 * Live updates, the parts that are not resolver code (docs/live-updates.md):
 * - which table changes become a `MilestoneChange` (the stream publisher's rule), as Lambda
 *   filter patterns for the event source mapping and a parser of one matching record;
 * - which memberships a webhook event ends the live updates of.
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
import { changeAudience, type MilestoneChangeKind } from "./portable/live";
import { personalMilestoneOfKey } from "./portable/keys";
import { isKeyPart } from "./portable/key-part";
import { MILESTONE_STATUSES } from "./portable/milestone";

/** The event source mapping's filter: milestone writes, personal removals, org deletions' audit entries. */
export const MILESTONE_CHANGE_PATTERNS = [
  { eventName: ["INSERT", "MODIFY"], dynamodb: { NewImage: { entity: { S: ["milestone"] } } } },
  { eventName: ["REMOVE"], dynamodb: { Keys: { PK: { S: [{ prefix: "USER#" }] } } } },
  {
    eventName: ["INSERT"],
    dynamodb: { NewImage: { entity: { S: ["audit"] }, action: { S: ["milestone.delete"] } } },
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

/**
 * The memberships whose live updates a mirrored event ends: a removed membership, and an
 * updated one (its role or permissions may have changed; the member's client subscribes
 * again and the authorize function decides anew on the mirror). Other events end none here:
 * a deleted user's or org's memberships are removed by their own membership events.
 */
export function membershipsToInvalidate(event: ClerkEvent): { orgId: string; userId: string }[] {
  if (
    event.type === "organizationMembership.deleted" ||
    event.type === "organizationMembership.updated"
  )
    return [{ orgId: event.membership.orgId, userId: event.membership.userId }];
  return [];
}
