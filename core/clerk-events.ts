/**
 * Clerk's webhook events, parsed at the boundary into Waypoint's own shapes.
 *
 * The envelope is `{ data, object: "event", type, timestamp, instance_id, event_attributes }`.
 * Only the fields the mirror keeps are checked; Clerk adds fields over time, so everything
 * else passes. `user.deleted` and `organization.deleted` carry little more than the id;
 * `organizationMembership.deleted` carries the whole membership with its last `updated_at`.
 * `organizationInvitation.*` carry the whole invitation; its status is the event's (created:
 * pending; accepted; revoked), and its `updated_at` moves with each change of status.
 */
import { z } from "zod";

export const MIRRORED_EVENT_TYPES = [
  "user.created",
  "user.updated",
  "user.deleted",
  "organization.created",
  "organization.updated",
  "organization.deleted",
  "organizationMembership.created",
  "organizationMembership.updated",
  "organizationMembership.deleted",
  "organizationInvitation.created",
  "organizationInvitation.accepted",
  "organizationInvitation.revoked",
] as const;

export type MirroredEventType = (typeof MIRRORED_EVENT_TYPES)[number];

/** A mirrored user profile; `updatedAt` is Clerk's `updated_at` (epoch ms). */
export interface UserProfile {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  updatedAt: number;
}

export interface OrgProfile {
  id: string;
  name: string;
  slug: string | null;
  imageUrl: string | null;
  /** Only when Clerk sent it. */
  membersCount?: number;
  updatedAt: number;
}

export interface Membership {
  orgId: string;
  userId: string;
  role: string;
  updatedAt: number;
}

export type InvitationStatus = "pending" | "accepted" | "revoked";

/** An org invitation; `email` is personal data, kept only while it is pending. */
export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: string;
  status: InvitationStatus;
  /** Epoch ms, Clerk's `created_at` and `updated_at`. */
  createdAt: number;
  updatedAt: number;
}

export type InvitationEventType =
  | "organizationInvitation.created"
  | "organizationInvitation.accepted"
  | "organizationInvitation.revoked";

const INVITATION_STATUS: Record<InvitationEventType, InvitationStatus> = {
  "organizationInvitation.created": "pending",
  "organizationInvitation.accepted": "accepted",
  "organizationInvitation.revoked": "revoked",
};

export type ClerkEvent =
  | { type: "user.created" | "user.updated"; user: UserProfile }
  | { type: "user.deleted"; userId: string; deletedAt: number }
  | { type: "organization.created" | "organization.updated"; org: OrgProfile }
  | { type: "organization.deleted"; orgId: string; deletedAt: number }
  | {
      type:
        | "organizationMembership.created"
        | "organizationMembership.updated"
        | "organizationMembership.deleted";
      membership: Membership;
    }
  | { type: InvitationEventType; invitation: Invitation };

/**
 * A verified delivery, parsed. `orgId` is the organization it concerns, for that org's sync
 * log: the org of an `organization.*` event, the membership's org of an
 * `organizationMembership.*` event, the invitation's of an `organizationInvitation.*` one; undefined for `user.*` and other types, which concern no
 * single org. For a delivery that did not parse it is read best-effort from the raw JSON
 * (see {@link orgIdFromPayload}).
 */
export type ParsedEvent =
  | {
      kind: "mirrored";
      type: MirroredEventType;
      objectId: string;
      orgId: string | undefined;
      event: ClerkEvent;
    }
  | { kind: "ignored"; type: string; objectId: string | undefined; orgId: string | undefined }
  | {
      kind: "invalid";
      type: string;
      objectId: string | undefined;
      orgId: string | undefined;
      reason: string;
    };

/**
 * Ids become key parts: the same rule as core/table.ts's builders (no `#`, no control
 * character, 1–256 characters), checked here so a bad id is a validation failure with a
 * reason rather than an exception later.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
export const clerkId = z.string().regex(/^[^#\u0000-\u001f]{1,256}$/, "invalid id");
const epochMs = z.number().int().nonnegative();
const text = z.string().max(2048);

const userSchema = z.object({
  id: clerkId,
  first_name: text.nullish(),
  last_name: text.nullish(),
  image_url: text.nullish(),
  primary_email_address_id: z.string().nullish(),
  email_addresses: z
    .array(z.object({ id: z.string(), email_address: text }))
    .nullish()
    .default([]),
  updated_at: epochMs,
});

const orgSchema = z.object({
  id: clerkId,
  name: text,
  slug: text.nullish(),
  image_url: text.nullish(),
  members_count: z.number().int().nonnegative().nullish(),
  updated_at: epochMs,
});

const deletedSchema = z.object({ id: clerkId, deleted: z.literal(true) });

const membershipSchema = z.object({
  role: z.string().min(1).max(256),
  updated_at: epochMs,
  organization: z.object({ id: clerkId }),
  public_user_data: z.object({ user_id: clerkId }),
});

const invitationSchema = z.object({
  id: clerkId,
  organization_id: clerkId,
  email_address: z.string().min(1).max(320),
  role: z.string().min(1).max(256),
  created_at: epochMs,
  updated_at: epochMs,
});

const envelopeSchema = z.object({
  type: z.string().min(1).max(128),
  data: z.record(z.string(), z.unknown()),
  // Clerk's API spec says seconds, its docs milliseconds: both are accepted.
  timestamp: z.number().nonnegative(),
});

/**
 * Epoch milliseconds from a timestamp in seconds or milliseconds. Anything below 1e11 is
 * seconds (1e11 ms is March 1973; 1e11 s is the year 5138). A time given in whole seconds
 * becomes the *last* millisecond of that second: the event happened at or before it, so a
 * deletion dated this way still outranks every change made before it within that second.
 */
export function toEpochMs(timestamp: number): number {
  return timestamp < 1e11 ? Math.floor(timestamp) * 1000 + 999 : Math.floor(timestamp);
}

const isMirrored = (type: string): type is MirroredEventType =>
  (MIRRORED_EVENT_TYPES as readonly string[]).includes(type);

/** The object an envelope is about, for the event log, when it can be told. */
function objectIdOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return undefined;
  const id = (data as { id?: unknown }).id;
  return typeof id === "string" && id.length <= 256 ? id : undefined;
}

/**
 * A plausible Clerk organization id: `org_` and 1–64 letters, digits, `_` or `-`. Clerk's are
 * `org_` and 27 base62 characters; the local issuer's are shorter (`org_acme`).
 */
const PLAUSIBLE_ORG_ID = /^org_[A-Za-z0-9_-]{1,64}$/;

const field = (value: unknown, name: string): unknown =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;

/**
 * The org a delivery concerns, read from a payload that did not parse (or of a type the
 * mirror ignores), so that even a failed delivery shows in its org's sync log: `data.id` of
 * an `organization.*` event, `data.organization.id` of an `organizationMembership.*` one,
 * `data.organization_id` of an `organizationInvitation.*` one.
 * Only a plausible Clerk org id is taken ({@link PLAUSIBLE_ORG_ID}); anything else is
 * undefined and the record stays in the global log only.
 */
export function orgIdFromPayload(type: string, body: unknown): string | undefined {
  const data = field(body, "data");
  const candidate = type.startsWith("organization.")
    ? field(data, "id")
    : type.startsWith("organizationMembership.")
      ? field(field(data, "organization"), "id")
      : type.startsWith("organizationInvitation.")
        ? field(data, "organization_id")
        : undefined;
  return typeof candidate === "string" && PLAUSIBLE_ORG_ID.test(candidate) ? candidate : undefined;
}

function typeOf(body: unknown): string {
  const type = typeof body === "object" && body !== null ? (body as { type?: unknown }).type : "";
  return typeof type === "string" && type.length > 0 && type.length <= 128 ? type : "unknown";
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

/**
 * Parses a verified webhook body (already JSON-decoded). Never throws: an unknown type is
 * `ignored`, a known type of the wrong shape is `invalid` with a short reason (field paths
 * and zod's messages, never values).
 */
export function parseClerkEvent(body: unknown): ParsedEvent {
  const type = typeOf(body);
  const fallbackId = objectIdOf(body);
  const fallbackOrgId = orgIdFromPayload(type, body);
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    return {
      kind: "invalid",
      type,
      objectId: fallbackId,
      orgId: fallbackOrgId,
      reason: describe(envelope.error),
    };
  }
  if (!isMirrored(type)) {
    return { kind: "ignored", type, objectId: fallbackId, orgId: fallbackOrgId };
  }
  const { data, timestamp } = envelope.data;
  const invalid = (error: z.ZodError): ParsedEvent => ({
    kind: "invalid",
    type,
    objectId: fallbackId,
    orgId: fallbackOrgId,
    reason: `data.${describe(error)}`,
  });

  switch (type) {
    case "user.created":
    case "user.updated": {
      const parsed = userSchema.safeParse(data);
      if (!parsed.success) return invalid(parsed.error);
      const user = parsed.data;
      const primary = user.email_addresses?.find((e) => e.id === user.primary_email_address_id);
      return {
        kind: "mirrored",
        type,
        objectId: user.id,
        orgId: undefined,
        event: {
          type,
          user: {
            id: user.id,
            email: primary?.email_address ?? null,
            firstName: user.first_name ?? null,
            lastName: user.last_name ?? null,
            imageUrl: user.image_url ?? null,
            updatedAt: user.updated_at,
          },
        },
      };
    }
    case "organization.created":
    case "organization.updated": {
      const parsed = orgSchema.safeParse(data);
      if (!parsed.success) return invalid(parsed.error);
      const org = parsed.data;
      return {
        kind: "mirrored",
        type,
        objectId: org.id,
        orgId: org.id,
        event: {
          type,
          org: {
            id: org.id,
            name: org.name,
            slug: org.slug ?? null,
            imageUrl: org.image_url ?? null,
            ...(org.members_count != null ? { membersCount: org.members_count } : {}),
            updatedAt: org.updated_at,
          },
        },
      };
    }
    case "user.deleted":
    case "organization.deleted": {
      const parsed = deletedSchema.safeParse(data);
      if (!parsed.success) return invalid(parsed.error);
      const deletedAt = toEpochMs(timestamp);
      const id = parsed.data.id;
      return {
        kind: "mirrored",
        type,
        objectId: id,
        orgId: type === "organization.deleted" ? id : undefined,
        event:
          type === "user.deleted"
            ? { type, userId: id, deletedAt }
            : { type, orgId: id, deletedAt },
      };
    }
    case "organizationMembership.created":
    case "organizationMembership.updated":
    case "organizationMembership.deleted": {
      const parsed = membershipSchema.safeParse(data);
      if (!parsed.success) return invalid(parsed.error);
      const m = parsed.data;
      return {
        kind: "mirrored",
        type,
        // The membership's own id (orgmem_…) when sent; the pair identifies it otherwise.
        objectId: fallbackId ?? `${m.organization.id}/${m.public_user_data.user_id}`,
        orgId: m.organization.id,
        event: {
          type,
          membership: {
            orgId: m.organization.id,
            userId: m.public_user_data.user_id,
            role: m.role,
            updatedAt: m.updated_at,
          },
        },
      };
    }
    case "organizationInvitation.created":
    case "organizationInvitation.accepted":
    case "organizationInvitation.revoked": {
      const parsed = invitationSchema.safeParse(data);
      if (!parsed.success) return invalid(parsed.error);
      const i = parsed.data;
      return {
        kind: "mirrored",
        type,
        objectId: i.id,
        orgId: i.organization_id,
        event: {
          type,
          invitation: {
            id: i.id,
            orgId: i.organization_id,
            email: i.email_address,
            role: i.role,
            status: INVITATION_STATUS[type],
            createdAt: i.created_at,
            updatedAt: i.updated_at,
          },
        },
      };
    }
  }
}
