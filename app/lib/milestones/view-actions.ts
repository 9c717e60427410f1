"use server";
/**
 * Saved-view mutations as server actions. Glue only: session, zod parse, the table state
 * normalized with the URL's own rules (parse, then serialize without cursors), the data
 * module, revalidate, a typed result. The API enforces the name, state and share rules
 * (core/portable/views.ts, authorization.ts); nothing is thrown to the client.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { VIEW_LIMITS, viewNameProblem } from "../../../core/portable/views";
import { api, type SavedView } from "../api";
import { getSession } from "../session";
import { SIGNED_OUT_MESSAGE, toActionError, type ActionResult } from "./results";
import { stateOfView, viewStateOf } from "./table-state";

const idSchema = z.string().min(1).max(256);
const saveSchema = z.object({
  name: z.string().max(1_000),
  // The URL's search string, with or without its "?"; cursors are dropped below.
  state: z.string().max(16_384),
});

type Guarded<T extends object> = Promise<ActionResult<T>>;

async function guard<T extends object>(run: () => Guarded<T>): Guarded<T> {
  const session = await getSession();
  if (!session) return { ok: false, error: { type: "Unauthorized", message: SIGNED_OUT_MESSAGE } };
  try {
    return await run();
  } catch (error) {
    const mapped = toActionError(error);
    if (mapped.type === "NotFound") mapped.message = "This view no longer exists.";
    if (mapped.type === "Unavailable") console.error("view action failed", error);
    return { ok: false, error: mapped };
  }
}

const invalid = (message: string) => ({
  ok: false as const,
  error: { type: "ValidationError" as const, message },
});

/** Saves the given table state (a URL search string) under a name, as the caller's view. */
export async function saveViewAction(input: unknown): Guarded<{ view: SavedView }> {
  return guard(async (): Guarded<{ view: SavedView }> => {
    const parsed = saveSchema.safeParse(input);
    if (!parsed.success) return invalid("Invalid view");
    const problem = viewNameProblem(parsed.data.name);
    if (problem) return invalid(problem);
    const state = viewStateOf(stateOfView(parsed.data.state.replace(/^\?/, "")));
    if (state.length > VIEW_LIMITS.stateMax) return invalid("This table state is too long to save");
    const view = await api.saveView({ name: parsed.data.name, state });
    revalidatePath("/milestones");
    return { ok: true, view };
  });
}

/** Deletes a view (the owner's; a shared one also by a sharer). */
export async function deleteViewAction(id: unknown): Guarded<{ id: string }> {
  return guard(async (): Guarded<{ id: string }> => {
    const parsed = idSchema.safeParse(id);
    if (!parsed.success) return invalid("Invalid view");
    await api.deleteView(parsed.data);
    revalidatePath("/milestones");
    return { ok: true, id: parsed.data };
  });
}

/** Shares a view with the org, or unshares it (holders of org:milestones:manage). */
export async function shareViewAction(id: unknown, shared: unknown): Guarded<{ view: SavedView }> {
  return guard(async (): Guarded<{ view: SavedView }> => {
    const parsed = z.tuple([idSchema, z.boolean()]).safeParse([id, shared]);
    if (!parsed.success) return invalid("Invalid view");
    const view = await api.shareView(parsed.data[0], parsed.data[1]);
    revalidatePath("/milestones");
    return { ok: true, view };
  });
}
