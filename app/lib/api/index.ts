/**
 * The dashboard's one data module: every read and write goes to AppSync with the signed-in
 * user's token (fresh for each call), through `/* GraphQL *\/` documents, zod-parsed into our
 * own types. Errors arrive as ApiError. It never touches DynamoDB.
 */
import "server-only";
import { z, type ZodType } from "zod";
import { getEnv } from "../env";
import { getSession, type Session } from "../session";
import { executeGraphQL } from "./client";
import * as doc from "./documents";
import { ApiError } from "./errors";
import {
  auditPageSchema,
  deleteResultSchema,
  meSchema,
  milestonePageSchema,
  milestoneSchema,
  orgInvitationPageSchema,
  orgMemberPageSchema,
  recordedChangeSchema,
  savedViewSchema,
  syncEventPageSchema,
  milestoneStatsSchema,
  type MilestoneStats,
  updateResultSchema,
  type AuditPage,
  type BulkUpdateMilestonesInput,
  type CreateMilestoneInput,
  type DeleteMilestoneResult,
  type Me,
  type MemberChangeInput,
  type Milestone,
  type MilestoneFilter,
  type MilestonePage,
  type MilestoneSort,
  type OrgInvitationPage,
  type OrgMemberPage,
  type SavedView,
  type SyncEventPage,
  type UpdateMilestoneInput,
  type UpdateMilestoneResult,
} from "./schemas";

export * from "./errors";
export * from "./schemas";

async function call<T>(
  query: string,
  field: string,
  schema: ZodType<T>,
  variables?: Record<string, unknown>,
): Promise<T> {
  const session = await getSession();
  if (!session) throw new ApiError("Unauthorized", "Signed out");
  return executeGraphQL({
    url: getEnv().WAYPOINT_API_URL,
    query,
    field,
    schema,
    ...(variables ? { variables } : {}),
    getToken: (opts) => session.getToken(opts),
  });
}

/** A non-null result, or NotFound. */
function present<T>(schema: ZodType<T>, what: string) {
  return schema.nullable().transform((value, ctx) => {
    if (value === null) {
      ctx.addIssue({ code: "custom", message: `${what} missing` });
      return z.NEVER;
    }
    return value;
  });
}

export interface PageArgs {
  limit?: number;
  nextToken?: string | null;
}

export const api = {
  /** The caller as the API sees it: effective role after the mirror check. */
  me(): Promise<Me> {
    return call(doc.ME, "me", present(meSchema, "me"));
  },

  milestones(
    args: {
      filter?: MilestoneFilter;
      sort?: MilestoneSort;
      limit?: number;
      nextToken?: string | null;
    } = {},
  ): Promise<MilestonePage> {
    return call(doc.MILESTONES, "milestones", milestonePageSchema, {
      filter: args.filter ?? null,
      sort: args.sort ?? "UPDATED_AT",
      limit: args.limit ?? null,
      nextToken: args.nextToken ?? null,
    });
  },

  /** The milestone, or null when it does not exist in the caller's scope. */
  async milestone(id: string): Promise<Milestone | null> {
    try {
      return await call(doc.MILESTONE, "milestone", milestoneSchema.nullable(), { id });
    } catch (error) {
      if (error instanceof ApiError && error.type === "NotFound") return null;
      throw error;
    }
  },

  createMilestone(input: CreateMilestoneInput): Promise<Milestone> {
    return call(doc.CREATE_MILESTONE, "createMilestone", present(milestoneSchema, "milestone"), {
      input,
    });
  },

  /** Fails with ConflictError (`error.currentVersion`) when the milestone changed meanwhile. */
  updateMilestone(
    id: string,
    expectedVersion: number,
    input: UpdateMilestoneInput,
  ): Promise<Milestone> {
    return call(doc.UPDATE_MILESTONE, "updateMilestone", present(milestoneSchema, "milestone"), {
      id,
      expectedVersion,
      input,
    });
  },

  deleteMilestone(id: string, expectedVersion: number): Promise<Milestone> {
    return call(doc.DELETE_MILESTONE, "deleteMilestone", present(milestoneSchema, "milestone"), {
      id,
      expectedVersion,
    });
  },

  /** Org admins: 1–25 ids, all deleted or none; one result per id. */
  deleteMilestones(ids: string[]): Promise<DeleteMilestoneResult[]> {
    return call(doc.DELETE_MILESTONES, "deleteMilestones", z.array(deleteResultSchema), { ids });
  },

  /** Org admins: the active org's mirrored members. */
  orgMembers(args: PageArgs = {}): Promise<OrgMemberPage> {
    return call(doc.ORG_MEMBERS, "orgMembers", present(orgMemberPageSchema, "orgMembers"), {
      limit: args.limit ?? null,
      nextToken: args.nextToken ?? null,
    });
  },

  /** Org admins: audit entries, newest first. */
  auditLog(args: PageArgs = {}): Promise<AuditPage> {
    return call(doc.AUDIT_LOG, "auditLog", present(auditPageSchema, "auditLog"), {
      limit: args.limit ?? null,
      nextToken: args.nextToken ?? null,
    });
  },

  /**
   * Holders of org.manageMembers: the active org's pending invitations, from the mirror,
   * newest first. An API without the field answers ValidationError with `missingField`.
   */
  orgInvitations(args: PageArgs = {}): Promise<OrgInvitationPage> {
    return call(
      doc.ORG_INVITATIONS,
      "orgInvitations",
      present(orgInvitationPageSchema, "orgInvitations"),
      { limit: args.limit ?? null, nextToken: args.nextToken ?? null },
    );
  },

  /**
   * Holders of org.manageMembers: the audit entry of a member-management change made in
   * Clerk; the actor is the caller. Returns the entry's id.
   */
  async recordMemberChange(input: MemberChangeInput): Promise<string> {
    const entry = await call(
      doc.RECORD_MEMBER_CHANGE,
      "recordMemberChange",
      present(recordedChangeSchema, "recordMemberChange"),
      { input },
    );
    return entry.id;
  },

  /**
   * Org admins: recent webhook deliveries and their outcomes. An API without the field
   * answers ValidationError with `missingField` set.
   */
  syncEvents(args: PageArgs = {}): Promise<SyncEventPage> {
    return call(doc.SYNC_EVENTS, "syncEvents", present(syncEventPageSchema, "syncEvents"), {
      limit: args.limit ?? null,
      nextToken: args.nextToken ?? null,
    });
  },

  /** Whoever may read the scope's milestones: its counts by status (every status listed). */
  milestoneStats(): Promise<MilestoneStats> {
    return call(
      doc.MILESTONE_STATS,
      "milestoneStats",
      present(milestoneStatsSchema, "milestoneStats"),
    );
  },

  /**
   * Bulk edit: 1–25 milestones read at the given versions; one result per item (applied,
   * or its own Unauthorized, NotFound, ConflictError or Aborted).
   */
  updateMilestones(
    items: { id: string; expectedVersion: number }[],
    input: BulkUpdateMilestonesInput,
  ): Promise<UpdateMilestoneResult[]> {
    return call(doc.UPDATE_MILESTONES, "updateMilestones", z.array(updateResultSchema), {
      items,
      input,
    });
  },

  /** Whoever reads the scope's milestones: the caller's saved views, then the org's shared ones. */
  savedViews(): Promise<SavedView[]> {
    return call(doc.SAVED_VIEWS, "savedViews", z.array(savedViewSchema));
  },

  /** A private view of the caller's; ValidationError for a bad name or state, or past the limit. */
  saveView(input: { name: string; state: string }): Promise<SavedView> {
    return call(doc.SAVE_VIEW, "saveView", present(savedViewSchema, "saveView"), { input });
  },

  /** The owner's, or a shared one by a holder of org:milestones:manage; NotFound otherwise. */
  deleteView(id: string): Promise<SavedView> {
    return call(doc.DELETE_VIEW, "deleteView", present(savedViewSchema, "deleteView"), { id });
  },

  /** Holders of org:milestones:manage: shares one's own view, or unshares a shared one. */
  shareView(id: string, shared: boolean): Promise<SavedView> {
    return call(doc.SHARE_VIEW, "shareView", present(savedViewSchema, "shareView"), {
      id,
      shared,
    });
  },
};

export type Api = typeof api;

/**
 * The milestones list bound to a session already in hand, for work that outlives the
 * request's own context: the CSV export streams on while the download is read, after the
 * handler has returned, so it must not look the session (cookies) up again per page. Each
 * call still takes a fresh token from the session.
 */
export function milestonesOf(session: Session) {
  return (args: {
    filter: MilestoneFilter;
    sort: MilestoneSort;
    limit: number;
    nextToken: string | null;
  }): Promise<MilestonePage> =>
    executeGraphQL({
      url: getEnv().WAYPOINT_API_URL,
      query: doc.MILESTONES,
      field: "milestones",
      schema: milestonePageSchema,
      variables: { ...args },
      getToken: (opts) => session.getToken(opts),
    });
}
