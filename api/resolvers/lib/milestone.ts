/**
 * Milestone input checks for resolver code: core/portable/milestone.ts's statuses and limits
 * (zod cannot run in APPSYNC_JS, so the checks are written out), and the item ↔ GraphQL shape.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { batchGet } from "@aws-appsync/utils/dynamodb";
import { isKeyPart } from "../../../core/portable/key-part";
import { milestoneKey } from "../../../core/portable/keys";
import { isMilestoneStatus, MILESTONE_LIMITS as LIMITS } from "../../../core/portable/milestone";
import type { Scope } from "../../../core/portable/scope";
import { must } from "./auth";
import { failIfTransactionConflict } from "./stats";

/** `YYYY-MM-DD` only: AWSDate also admits an offset, core's schema does not. */
export function isPlainDate(value: string): boolean {
  return value.length === 10 && util.matches("\\d{4}-\\d{2}-\\d{2}", value);
}

/**
 * What a title search compares: the title in lower case, stored beside it (`titleSearch`),
 * because DynamoDB's `contains` is case-sensitive and people type "launch" for "Launch".
 */
export function searchKey(text: string): string {
  return text.toLowerCase();
}

export interface MilestoneFields {
  title?: string;
  titleSearch?: string;
  description?: string;
  status?: string;
  dueDate?: string | null;
}

/**
 * Checks the fields present in `input` (absent ones are left alone) and returns them
 * normalized (title trimmed, as core's schema does, with its {@link searchKey}). Fails the
 * field with ValidationError.
 */
export function validateFields(input: Record<string, unknown>): MilestoneFields {
  const out: MilestoneFields = {};
  if (Object.keys(input).indexOf("title") >= 0) {
    const title = input.title;
    if (typeof title !== "string") util.error("Title is required", "ValidationError");
    const trimmed = title.trim();
    if (trimmed.length < LIMITS.titleMin) util.error("Title is required", "ValidationError");
    if (trimmed.length > LIMITS.titleMax)
      util.error(`Title must be at most ${LIMITS.titleMax} characters`, "ValidationError");
    out.title = trimmed;
    out.titleSearch = searchKey(trimmed);
  }
  if (Object.keys(input).indexOf("description") >= 0) {
    const description = input.description;
    if (typeof description !== "string")
      util.error("Description must be a string", "ValidationError");
    if (description.length > LIMITS.descriptionMax)
      util.error(
        `Description must be at most ${LIMITS.descriptionMax} characters`,
        "ValidationError",
      );
    out.description = description;
  }
  if (Object.keys(input).indexOf("status") >= 0) {
    if (!isMilestoneStatus(input.status)) util.error("Unknown status", "ValidationError");
    out.status = input.status;
  }
  if (Object.keys(input).indexOf("dueDate") >= 0) {
    const dueDate = input.dueDate;
    if (dueDate === null || dueDate === undefined) out.dueDate = null;
    else if (typeof dueDate !== "string" || !isPlainDate(dueDate))
      util.error("Due date must be a valid date (YYYY-MM-DD)", "ValidationError");
    else out.dueDate = dueDate;
  }
  return out;
}

/** A stored milestone as the schema's Milestone (keys and index attributes dropped). */
export function toMilestone(item: Record<string, unknown>) {
  return {
    id: item.id,
    scope: item.scope,
    orgId: item.orgId ?? null,
    ownerId: item.ownerId,
    owner: item.owner ?? null,
    title: item.title,
    description: item.description ?? "",
    status: item.status,
    dueDate: item.dueDate ?? null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

/** What an audit entry keeps of a milestone: enough to see the change, not the description. */
export function summary(item: Record<string, unknown>) {
  return {
    title: item.title,
    status: item.status,
    dueDate: item.dueDate ?? null,
    ownerId: item.ownerId,
    version: item.version,
  };
}

/**
 * Fails a conditional milestone write's error: a transaction cancelled by a concurrent one
 * (its reasons in `result`) wrote nothing and may be retried (TransactionConflict);
 * otherwise a cancelled transaction means another write of the same version landed first
 * (a lost race), so ConflictError; anything else as it came.
 */
export function failWrite(error: { message: string; type: string }, result?: unknown): never {
  if (error.type === "DynamoDB:TransactionCanceledException") failIfTransactionConflict(result);
  if (error.type === "DynamoDB:TransactionCanceledException")
    util.error("The milestone has changed since it was read", "ConflictError", {
      currentVersion: null,
    });
  return util.error(error.message, error.type);
}

/**
 * The request of a bulk operation's read: the scope's milestones with these ids in one
 * consistent BatchGetItem (`wanted`: well-formed and distinct, see `wantedIds`). The keys are
 * built from the caller's scope, so another tenant's id is simply not there. Early-returns []
 * when nothing is wanted.
 */
export function batchGetScopeMilestones(table: string, scope: Scope, wanted: string[]) {
  if (wanted.length === 0) return runtime.earlyReturn([]);
  return batchGet({
    tables: {
      [table]: {
        keys: wanted.map((id) => must(milestoneKey(scope, id), "Milestone not found", "NotFound")),
        consistentRead: true,
      },
    },
  });
}

/** The ids a bulk operation reads: malformed ids (reported NotFound later) and repeats dropped. */
export function wantedIds(ids: string[]): string[] {
  const wanted: string[] = [];
  ids.forEach((id) => {
    if (isKeyPart(id) && wanted.indexOf(id) < 0) wanted.push(id);
  });
  return wanted;
}

/** The response of `batchGetScopeMilestones`: the items found (the ones not there are absent). */
export function scopeMilestonesFound(ctx: Context): Record<string, unknown>[] {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const result = ctx.result as { data: Record<string, (Record<string, unknown> | null)[]> };
  const found: Record<string, unknown>[] = [];
  (result.data[ctx.env.TABLE_NAME ?? ""] ?? []).forEach((item) => {
    if (item !== null) found.push(item);
  });
  return found;
}
