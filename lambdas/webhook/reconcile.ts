/**
 * Reconcile: rebuilds the mirror from Clerk's Backend API when webhooks were missed,
 * through the same conditional writes and the same ordering rule as the webhook handler,
 * so it never clobbers newer state that a webhook delivered meanwhile.
 *
 * - Users, organizations and each organization's memberships and invitations are read
 *   page by page.
 * - Each is written only where it supersedes the mirror (created / updated; otherwise
 *   unchanged). Tombstoned users and orgs stay deleted.
 * - Whatever the mirror holds that Clerk no longer lists, and that is older than the start
 *   of this run (a newer item may be one Clerk listed after our read), is removed as its
 *   deletion event would have removed it: a tombstone, and the memberships with it.
 * - Invitations are written the same way (pending, or the tombstone of an accepted or
 *   revoked one), never removed: they are read in each of those statuses, so one Clerk no
 *   longer lists is one whose org is gone (the org's removal erases it). Expired
 *   invitations have no mirror state (no webhook says so) and are not read.
 *
 * It reads the mirror through the mirror store's `readVersions` (a paginated Scan: an offline
 * command, never a request path).
 */
import { z } from "zod";
import {
  clerkId,
  type Invitation,
  type Membership,
  type OrgProfile,
  type UserProfile,
} from "../../core/clerk-events";
import {
  invitationWrite,
  membershipRemoval,
  membershipUpsert,
  planEvent,
  profileRemoval,
  supersedes,
  type StoredVersion,
} from "../../core/mirror";
import type { MirrorReads, MirrorStore } from "./mirror-store";

/** What reconcile reads from Clerk, in our shapes. */
export interface ClerkDirectory {
  users(): AsyncIterable<UserProfile>;
  orgs(): AsyncIterable<OrgProfile>;
  memberships(orgId: string): AsyncIterable<Membership>;
  /** An org's invitations that have a mirror state (pending, accepted, revoked). */
  invitations(orgId: string): AsyncIterable<Invitation>;
}

export interface ReconcileSummary {
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  read: { users: number; orgs: number; memberships: number; invitations: number };
}

const nullableText = z
  .string()
  .max(2048)
  .nullish()
  .transform((v) => v ?? null);
const userSchema = z.object({
  id: clerkId,
  email: nullableText,
  firstName: nullableText,
  lastName: nullableText,
  imageUrl: nullableText,
  updatedAt: z.number().int().nonnegative(),
});
const orgSchema = z.object({
  id: clerkId,
  name: z.string().max(2048),
  slug: nullableText,
  imageUrl: nullableText,
  membersCount: z.number().int().nonnegative().optional(),
  updatedAt: z.number().int().nonnegative(),
});
const membershipSchema = z.object({
  orgId: clerkId,
  userId: clerkId,
  role: z.string().min(1).max(256),
  updatedAt: z.number().int().nonnegative(),
});

const invitationSchema = z.object({
  id: clerkId,
  orgId: clerkId,
  email: z.string().min(1).max(320),
  role: z.string().min(1).max(256),
  status: z.enum(["pending", "accepted", "revoked"]),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});

/** The minimal slice of @clerk/backend's client that reconcile reads. */
export interface ClerkBackend {
  users: {
    getUserList(params: { limit: number; offset: number }): Promise<{
      data: {
        id: string;
        firstName: string | null;
        lastName: string | null;
        imageUrl: string;
        updatedAt: number;
        primaryEmailAddress: { emailAddress: string } | null;
      }[];
    }>;
  };
  organizations: {
    getOrganizationList(params: { limit: number; offset: number }): Promise<{
      data: {
        id: string;
        name: string;
        slug: string | null;
        imageUrl: string;
        membersCount?: number | undefined;
        updatedAt: number;
      }[];
    }>;
    getOrganizationMembershipList(params: {
      organizationId: string;
      limit: number;
      offset: number;
    }): Promise<{
      data: {
        role: string;
        updatedAt: number;
        organization: { id: string };
        publicUserData?: { userId: string } | null;
      }[];
    }>;
    getOrganizationInvitationList(params: {
      organizationId: string;
      status: ("pending" | "accepted" | "revoked")[];
      limit: number;
      offset: number;
    }): Promise<{
      data: {
        id: string;
        emailAddress: string;
        role: string;
        organizationId: string;
        status?: string | undefined;
        createdAt: number;
        updatedAt: number;
      }[];
    }>;
  };
}

const PAGE = 100;

async function* paged<T>(read: (offset: number) => Promise<{ data: T[] }>): AsyncIterable<T> {
  for (let offset = 0; ; offset += PAGE) {
    const { data } = await read(offset);
    yield* data;
    if (data.length < PAGE) return;
  }
}

/** Clerk's Backend API (or the local issuer's subset) read through @clerk/backend. */
export function clerkDirectory(clerk: ClerkBackend): ClerkDirectory {
  return {
    async *users() {
      for await (const u of paged((offset) => clerk.users.getUserList({ limit: PAGE, offset }))) {
        yield userSchema.parse({
          id: u.id,
          email: u.primaryEmailAddress?.emailAddress ?? null,
          firstName: u.firstName,
          lastName: u.lastName,
          imageUrl: u.imageUrl,
          updatedAt: u.updatedAt,
        });
      }
    },
    async *orgs() {
      const list = (offset: number) =>
        clerk.organizations.getOrganizationList({ limit: PAGE, offset });
      for await (const o of paged(list)) {
        yield orgSchema.parse({
          id: o.id,
          name: o.name,
          slug: o.slug,
          imageUrl: o.imageUrl,
          ...(o.membersCount != null ? { membersCount: o.membersCount } : {}),
          updatedAt: o.updatedAt,
        });
      }
    },
    async *memberships(organizationId) {
      const list = (offset: number) =>
        clerk.organizations.getOrganizationMembershipList({ organizationId, limit: PAGE, offset });
      for await (const m of paged(list)) {
        yield membershipSchema.parse({
          orgId: m.organization.id,
          userId: m.publicUserData?.userId,
          role: m.role,
          updatedAt: m.updatedAt,
        });
      }
    },
    async *invitations(organizationId) {
      const list = (offset: number) =>
        clerk.organizations.getOrganizationInvitationList({
          organizationId,
          status: ["pending", "accepted", "revoked"],
          limit: PAGE,
          offset,
        });
      for await (const i of paged(list)) {
        yield invitationSchema.parse({
          id: i.id,
          orgId: i.organizationId,
          email: i.emailAddress,
          role: i.role,
          status: i.status,
          createdAt: i.createdAt,
          updatedAt: i.updatedAt,
        });
      }
    },
  };
}

export async function reconcileMirror(options: {
  clerk: ClerkDirectory;
  store: MirrorStore & MirrorReads;
  now?: () => number;
}): Promise<ReconcileSummary> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { store } = options;
  const summary: ReconcileSummary = {
    created: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
    read: { users: 0, orgs: 0, memberships: 0, invitations: 0 },
  };

  // Clerk first, then the mirror: anything the mirror gained after our Clerk read is newer
  // than it, and the ordering rule keeps it.
  const users: UserProfile[] = [];
  for await (const user of options.clerk.users()) users.push(user);
  const orgs: OrgProfile[] = [];
  for await (const org of options.clerk.orgs()) orgs.push(org);
  const memberships: Membership[] = [];
  for (const org of orgs) {
    for await (const m of options.clerk.memberships(org.id)) memberships.push(m);
  }
  const invitations: Invitation[] = [];
  for (const org of orgs) {
    for await (const i of options.clerk.invitations(org.id)) invitations.push(i);
  }
  summary.read = {
    users: users.length,
    orgs: orgs.length,
    memberships: memberships.length,
    invitations: invitations.length,
  };
  const mirror = await store.readVersions();

  const apply = async (
    stored: StoredVersion | undefined,
    writes: Parameters<MirrorStore["applyWrites"]>[0],
  ) => {
    if (await store.applyWrites(writes)) {
      if (stored === undefined || stored.deleted) summary.created++;
      else summary.updated++;
    } else {
      summary.unchanged++; // a newer webhook got there first
    }
  };

  for (const user of users) {
    const stored = mirror.users.get(user.id);
    if (!supersedes("user", stored, { updatedAt: user.updatedAt, deleted: false }))
      summary.unchanged++;
    else await apply(stored, planEvent({ type: "user.updated", user }).writes);
  }
  for (const org of orgs) {
    const stored = mirror.orgs.get(org.id);
    if (!supersedes("org", stored, { updatedAt: org.updatedAt, deleted: false }))
      summary.unchanged++;
    else await apply(stored, planEvent({ type: "organization.updated", org }).writes);
  }
  for (const m of memberships) {
    const stored = mirror.memberships.get(`${m.orgId}/${m.userId}`);
    if (!supersedes("membership", stored, { updatedAt: m.updatedAt, deleted: false }))
      summary.unchanged++;
    else await apply(stored, membershipUpsert(m));
  }
  for (const i of invitations) {
    const stored = mirror.invitations.get(`${i.orgId}/${i.id}`);
    const incoming = { updatedAt: i.updatedAt, deleted: i.status !== "pending" };
    if (!supersedes("invitation", stored, incoming)) summary.unchanged++;
    else await apply(stored, invitationWrite(i));
  }

  // Removals: live in the mirror, absent from Clerk, and older than this run.
  const listed = {
    users: new Set(users.map((u) => u.id)),
    orgs: new Set(orgs.map((o) => o.id)),
    memberships: new Set(memberships.map((m) => `${m.orgId}/${m.userId}`)),
  };
  const gone = (version: StoredVersion, present: boolean) =>
    !present && !version.deleted && version.updatedAt < startedAt;
  const removedProfiles = new Set<string>();
  for (const [kind, entries, present] of [
    ["user", mirror.users, listed.users],
    ["org", mirror.orgs, listed.orgs],
  ] as const) {
    for (const [id, version] of entries) {
      if (!gone(version, present.has(id))) continue;
      const plan = profileRemoval(kind, id, startedAt);
      if (await store.applyWrites(plan.writes)) summary.removed++;
      if (plan.cascade) summary.removed += await store.runCascade(plan.cascade);
      removedProfiles.add(`${kind}:${id}`);
    }
  }
  for (const [key, m] of mirror.memberships) {
    if (!gone(m, listed.memberships.has(key))) continue;
    if (removedProfiles.has(`user:${m.userId}`) || removedProfiles.has(`org:${m.orgId}`)) continue;
    const removal = membershipRemoval({
      orgId: m.orgId,
      userId: m.userId,
      role: m.role ?? "",
      updatedAt: m.updatedAt,
    });
    if (await store.applyWrites(removal)) summary.removed++;
  }
  return summary;
}
