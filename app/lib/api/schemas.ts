/** Our own types for the API's results: zod schemas that parse every response. */
import { z } from "zod";
import { MILESTONE_STATUSES } from "../../../core/portable/milestone";

export const milestoneStatusSchema = z.enum(MILESTONE_STATUSES);
export type MilestoneStatus = z.infer<typeof milestoneStatusSchema>;

export const milestoneSortSchema = z.enum(["UPDATED_AT", "DUE_DATE"]);
export type MilestoneSort = z.infer<typeof milestoneSortSchema>;

export const ownerSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  imageUrl: z.string().nullable(),
});

export const milestoneSchema = z.object({
  id: z.string(),
  scope: z.enum(["PERSONAL", "ORG"]),
  orgId: z.string().nullable(),
  ownerId: z.string(),
  owner: ownerSchema.nullable(),
  title: z.string(),
  description: z.string(),
  status: milestoneStatusSchema,
  dueDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const milestonePageSchema = z.object({
  items: z.array(milestoneSchema),
  nextToken: z.string().nullable(),
});
export type MilestonePage = z.infer<typeof milestonePageSchema>;

export const meSchema = z.object({
  userId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  imageUrl: z.string().nullable(),
  scope: z.enum(["PERSONAL", "ORG"]),
  orgId: z.string().nullable(),
  orgSlug: z.string().nullable(),
  /** The effective role after the mirror check (`org:admin`, `org:member`); null personal. */
  role: z.string().nullable(),
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof meSchema>;

export const orgMemberSchema = z.object({
  userId: z.string(),
  role: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  imageUrl: z.string().nullable(),
  updatedAt: z.string(),
});
export type OrgMember = z.infer<typeof orgMemberSchema>;
export const orgMemberPageSchema = z.object({
  items: z.array(orgMemberSchema),
  nextToken: z.string().nullable(),
});
export type OrgMemberPage = z.infer<typeof orgMemberPageSchema>;

/** AWSJSON arrives as JSON text; parsed into a plain object (or null). */
const awsJson = z
  .string()
  .nullable()
  .transform((text): Record<string, unknown> | null => {
    if (text === null) return null;
    try {
      const value = JSON.parse(text) as unknown;
      return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorRole: z.string().nullable(),
  /** Set when the change was made in an impersonated session: who was really acting. */
  impersonatorId: z.string().nullish(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: awsJson,
  after: awsJson,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextToken: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const orgInvitationSchema = z.object({
  id: z.string(),
  emailAddress: z.string(),
  role: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgInvitation = z.infer<typeof orgInvitationSchema>;
export const orgInvitationPageSchema = z.object({
  items: z.array(orgInvitationSchema),
  nextToken: z.string().nullable(),
});
export type OrgInvitationPage = z.infer<typeof orgInvitationPageSchema>;

/** recordMemberChange's input (api/schema.graphql's MemberChangeInput). */
export interface MemberChangeInput {
  action: "member.invite" | "member.revokeInvitation" | "member.changeRole" | "member.remove";
  targetUserId?: string;
  targetEmail?: string;
  invitationId?: string;
  roleBefore?: string;
  roleAfter?: string;
}
export const recordedChangeSchema = z.object({
  id: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
});

export const syncOutcomes = ["APPLIED", "DUPLICATE", "STALE", "IGNORED", "FAILED"] as const;
export const syncEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  objectId: z.string().nullable(),
  outcome: z.enum(syncOutcomes),
  reason: z.string().nullable(),
  receivedAt: z.string(),
});
export type SyncEvent = z.infer<typeof syncEventSchema>;
export const syncEventPageSchema = z.object({
  items: z.array(syncEventSchema),
  nextToken: z.string().nullable(),
});
export type SyncEventPage = z.infer<typeof syncEventPageSchema>;

export const deleteResultSchema = z.object({
  id: z.string(),
  deleted: z.boolean(),
  errorType: z.string().nullable(),
  message: z.string().nullable(),
});
export type DeleteMilestoneResult = z.infer<typeof deleteResultSchema>;

export interface MilestoneFilter {
  status?: MilestoneStatus;
  ownerId?: string;
  titleContains?: string;
  /** YYYY-MM-DD; milestones due strictly before it. */
  dueBefore?: string;
}

export interface CreateMilestoneInput {
  title: string;
  description?: string;
  status?: MilestoneStatus;
  dueDate?: string;
}

/** Any subset, at least one; `dueDate: null` clears it. */
export interface UpdateMilestoneInput {
  title?: string;
  description?: string;
  status?: MilestoneStatus;
  dueDate?: string | null;
}

export const milestoneStatsSchema = z.object({
  counts: z.array(
    z.object({ status: milestoneStatusSchema, count: z.number().int().nonnegative() }),
  ),
  total: z.number().int().nonnegative(),
});
export type MilestoneStats = z.infer<typeof milestoneStatsSchema>;
export const updateResultSchema = z.object({
  id: z.string(),
  updated: z.boolean(),
  version: z.number().int().nullable(),
  errorType: z.string().nullable(),
  message: z.string().nullable(),
});
export type UpdateMilestoneResult = z.infer<typeof updateResultSchema>;

/** updateMilestones' input: what a bulk edit changes (dueDate null clears it). */
export interface BulkUpdateMilestonesInput {
  status?: MilestoneStatus;
  dueDate?: string | null;
  ownerId?: string;
}
export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  ownerId: z.string(),
  shared: z.boolean(),
});
export type SavedView = z.infer<typeof savedViewSchema>;
