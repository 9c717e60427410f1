/**
 * The owner filter's options: the org's members when the viewer may list them (admins), else
 * the owners on the current page; always the viewer and any owner already in the filter, so a
 * selected value never vanishes from its own list. Sorted by name. Null in personal scope,
 * where every milestone is the viewer's own.
 */
import type { Milestone, OrgMember } from "../api/schemas";
import { displayName } from "../display-name";

export interface OwnerOption {
  id: string;
  name: string;
}

export function getOwnerOptions(input: {
  role: "admin" | "member" | null;
  viewer: { id: string; name: string };
  /** The org's members (admins), or null when not listed. */
  members: readonly Pick<OrgMember, "userId" | "firstName" | "lastName">[] | null;
  rows: readonly Pick<Milestone, "ownerId" | "owner">[];
  selected: readonly string[];
}): OwnerOption[] | null {
  if (input.role === null) return null;
  const byId = new Map<string, string>();
  for (const member of input.members ?? []) {
    byId.set(member.userId, displayName(member, member.userId));
  }
  if (!byId.has(input.viewer.id)) byId.set(input.viewer.id, input.viewer.name);
  for (const row of input.rows) {
    if (!byId.has(row.ownerId)) byId.set(row.ownerId, row.owner?.name ?? "Unknown user");
  }
  for (const id of input.selected) if (!byId.has(id)) byId.set(id, id);
  return [...byId.entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id));
}
