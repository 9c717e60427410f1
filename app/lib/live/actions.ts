"use server";
/**
 * The names behind live updates' "changed by X" cue, for actors the page could not name from
 * what it already rendered (an admin editing a member's milestone, a colleague whose
 * milestones are not on the page). Who may call it: any signed-in user; it answers only from
 * what the API lets that user read anyway: the active org's members (`orgMembers`, holders of
 * org:sys_memberships:read), else the owner of a milestone the actor changed, when the actor
 * is its owner (`milestone`: whoever may read the scope's milestones). Glue only: session,
 * zod parse, the data module; any failure is an empty answer (the cue says "another user").
 */
import { z } from "zod";
import { api } from "../api";
import { displayName } from "../display-name";
import { getSession } from "../session";

const id = z.string().min(1).max(256);
/** Each unknown actor with one milestone they created or updated (to read its owner). */
const requestSchema = z
  .array(z.object({ actorId: id, milestoneId: id.nullable() }))
  .min(1)
  .max(25);

async function fromMembers(wanted: ReadonlySet<string>): Promise<Map<string, string>> {
  try {
    // One page of 100: orgs larger than that fall back to the milestones' owners.
    const { items } = await api.orgMembers({ limit: 100 });
    return new Map(
      items
        .filter((member) => wanted.has(member.userId))
        .map((member) => [member.userId, displayName(member, "another user")]),
    );
  } catch {
    return new Map(); // a member without org:sys_memberships:read
  }
}

/** Display names of the actors asked about, by user id; the ones not found are left out. */
export async function liveActorNamesAction(request: unknown): Promise<Record<string, string>> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) return {};
  const session = await getSession();
  if (!session?.orgId) return {}; // personal scope: every change is the viewer's own
  const names = await fromMembers(new Set(parsed.data.map((entry) => entry.actorId)));
  await Promise.all(
    parsed.data.map(async ({ actorId, milestoneId }) => {
      if (names.has(actorId) || !milestoneId) return;
      try {
        const milestone = await api.milestone(milestoneId);
        if (milestone?.ownerId === actorId && milestone.owner?.name)
          names.set(actorId, milestone.owner.name);
      } catch {
        // unreadable or gone: "another user"
      }
    }),
  );
  return Object.fromEntries(names);
}
