"use server";
/**
 * Milestone mutations as server actions. Glue only: session, zod parse (core's schemas), the
 * data module, revalidate, a typed result. Every failure comes back as
 * `{ ok: false, error: { type, message, fieldErrors? } }`; nothing is thrown to the client.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { BULK_DELETE_MAX, BULK_UPDATE_MAX } from "../../../core/portable/milestone";
import {
  api,
  type DeleteMilestoneResult,
  type Milestone,
  type UpdateMilestoneResult,
} from "../api";
import { getSession } from "../session";
import {
  fieldErrorsOf,
  parseBulkUpdateInput,
  parseCreateInput,
  parseUpdateInput,
} from "./validation";
import type { FieldErrors } from "./form";
import { SIGNED_OUT_MESSAGE, toActionError, type ActionResult } from "./results";

const idSchema = z.string().min(1).max(256);
const versionSchema = z.number().int().min(0);
const bulkIdsSchema = z
  .array(idSchema)
  .min(1, "Select at least one milestone")
  .max(BULK_DELETE_MAX, `Select at most ${BULK_DELETE_MAX} milestones`);

const bulkItemsSchema = z
  .array(z.strictObject({ id: idSchema, expectedVersion: versionSchema }))
  .min(1, "Select at least one milestone")
  .max(BULK_UPDATE_MAX, `Select at most ${BULK_UPDATE_MAX} milestones`)
  .refine((items) => new Set(items.map((item) => item.id)).size === items.length, {
    error: "Each milestone may be selected only once",
  });

type Guarded<T extends object> = Promise<ActionResult<T>>;

async function guard<T extends object>(run: () => Promise<ActionResult<T>>): Guarded<T> {
  const session = await getSession();
  if (!session) return { ok: false, error: { type: "Unauthorized", message: SIGNED_OUT_MESSAGE } };
  try {
    return await run();
  } catch (error) {
    const mapped = toActionError(error);
    if (mapped.type === "Unavailable") console.error("milestone action failed", error);
    return { ok: false, error: mapped };
  }
}

function invalid({ fieldErrors, formError }: { fieldErrors: FieldErrors; formError?: string }) {
  const message = formError ?? Object.values(fieldErrors)[0] ?? "Invalid input";
  return {
    ok: false as const,
    error: { type: "ValidationError" as const, message, fieldErrors },
  };
}

function revalidate(id?: string) {
  revalidatePath("/milestones");
  if (id) revalidatePath(`/milestones/${id}`);
}

/** Creates a milestone in the active scope, owned by the caller. */
export async function createMilestoneAction(input: unknown): Guarded<{ milestone: Milestone }> {
  return guard(async (): Guarded<{ milestone: Milestone }> => {
    const parsed = parseCreateInput(input);
    if (!parsed.ok) return invalid(parsed);
    const { dueDate, ...rest } = parsed.input;
    const milestone = await api.createMilestone(dueDate === null ? rest : { ...rest, dueDate });
    revalidate();
    return { ok: true, milestone };
  });
}

/** Changes some fields of a milestone read at `expectedVersion`; ConflictError if it moved on. */
export async function updateMilestoneAction(
  id: string,
  expectedVersion: number,
  input: unknown,
): Guarded<{ milestone: Milestone }> {
  return guard(async (): Guarded<{ milestone: Milestone }> => {
    const target = z.tuple([idSchema, versionSchema]).safeParse([id, expectedVersion]);
    if (!target.success) return invalid(fieldErrorsOf(target.error.issues));
    const parsed = parseUpdateInput(input);
    if (!parsed.ok) return invalid(parsed);
    const milestone = await api.updateMilestone(id, expectedVersion, parsed.input);
    revalidate(id);
    return { ok: true, milestone };
  });
}

/** Deletes one milestone read at `expectedVersion`. */
export async function deleteMilestoneAction(
  id: string,
  expectedVersion: number,
): Guarded<{ id: string }> {
  return guard(async (): Guarded<{ id: string }> => {
    const target = z.tuple([idSchema, versionSchema]).safeParse([id, expectedVersion]);
    if (!target.success) return invalid(fieldErrorsOf(target.error.issues));
    await api.deleteMilestone(id, expectedVersion);
    revalidate(id);
    return { ok: true, id };
  });
}

/** Org admins: deletes 1–25 milestones, all or none; one result per id. */
export async function deleteMilestonesAction(
  ids: unknown,
): Guarded<{ results: DeleteMilestoneResult[] }> {
  return guard(async (): Guarded<{ results: DeleteMilestoneResult[] }> => {
    const parsed = bulkIdsSchema.safeParse(ids);
    if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
    const results = await api.deleteMilestones([...new Set(parsed.data)]);
    if (results.some((result) => result.deleted)) revalidate();
    return { ok: true, results };
  });
}

/**
 * Bulk edit: status, due date and (holders of org:milestones:manage) owner of 1–25
 * milestones, each read at its version; one result per item. The API decides each row's
 * rights; the rows it refused come back with their reason.
 */
export async function updateMilestonesAction(
  items: unknown,
  input: unknown,
): Guarded<{ results: UpdateMilestoneResult[] }> {
  return guard(async (): Guarded<{ results: UpdateMilestoneResult[] }> => {
    const targets = bulkItemsSchema.safeParse(items);
    if (!targets.success) return invalid(fieldErrorsOf(targets.error.issues));
    const parsed = parseBulkUpdateInput(input);
    if (!parsed.ok) return invalid(parsed);
    const results = await api.updateMilestones(targets.data, parsed.input);
    if (results.some((result) => result.updated)) revalidate();
    return { ok: true, results };
  });
}
