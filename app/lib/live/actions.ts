"use server";
/**
 * The names behind live updates' "changed by X" cue, for actors the page could not name from
 * what it already rendered (an admin editing a member's milestone, a member the owner filter
 * does not list). Who may call it: any signed-in user; it answers only what the API lets that
 * user read (`orgMembers`: holders of org:sys_memberships:read, the active org's members), so
 * it reveals nothing the members page would not. Glue only: session, zod parse, the data
 * module; any failure is an empty answer (the cue then says "another user").
 */
import { z } from "zod";
import { api } from "../api";
import { displayName } from "../display-name";
import { getSession } from "../session";

const idsSchema = z.array(z.string().min(1).max(256)).min(1).max(25);

/** Display names of those of `ids` who are members of the active org, by user id. */
export async function liveActorNamesAction(ids: unknown): Promise<Record<string, string>> {
  const parsed = idsSchema.safeParse(ids);
  if (!parsed.success) return {};
  const session = await getSession();
  if (!session?.orgId) return {}; // personal scope: every change is the viewer's own
  try {
    // One page of 100: orgs larger than that may see "another user" for the rest.
    const { items } = await api.orgMembers({ limit: 100 });
    const wanted = new Set(parsed.data);
    return Object.fromEntries(
      items
        .filter((member) => wanted.has(member.userId))
        .map((member) => [member.userId, displayName(member, "another user")]),
    );
  } catch {
    return {};
  }
}
