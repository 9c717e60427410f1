/** Turns an audit entry's before/after summaries into what a person reads: what changed. */
import type { AuditEntry } from "@/app/lib/api";
import { STATUS_LABELS } from "@/app/lib/milestones/form";
import { roleLabel } from "@/app/components/shell/role-badge";
import { isMilestoneStatus } from "@/core/portable/milestone";

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface AuditSummary {
  /** "Created", "Updated", "Deleted", or the raw action for one the dashboard does not know. */
  verb: string;
  /** The target's title (after, else before), or its id. */
  title: string;
  changes: FieldChange[];
}

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  status: "Status",
  dueDate: "Due date",
  ownerId: "Owner",
};

function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "status" && isMilestoneStatus(value)) return STATUS_LABELS[value];
  return typeof value === "string" ? value : JSON.stringify(value);
}

const MEMBER_VERBS: Record<string, string> = {
  "member.invite": "Invited",
  "member.revokeInvitation": "Revoked invitation",
  "member.changeRole": "Changed role",
  "member.remove": "Removed",
};

/**
 * A member-management entry (targetType member or invitation): the verb, who (the invitee's
 * address, or the member's name from `names`, else their id) and the role before → after.
 */
function summarizeMemberEntry(entry: AuditEntry, names: ReadonlyMap<string, string>): AuditSummary {
  const verb = MEMBER_VERBS[entry.action] ?? entry.action;
  const email = (s: Record<string, unknown> | null) =>
    s && typeof s.email === "string" ? s.email : undefined;
  const title =
    entry.targetType === "invitation"
      ? (email(entry.after) ?? email(entry.before) ?? entry.targetId)
      : (names.get(entry.targetId) ?? entry.targetId);
  const role = (s: Record<string, unknown> | null) =>
    s && typeof s.role === "string" ? roleLabel(s.role) : "—";
  const changes =
    entry.before || entry.after
      ? [{ field: "Role", before: role(entry.before), after: role(entry.after) }]
      : [];
  return { verb, title, changes };
}

export function summarizeAuditEntry(
  entry: AuditEntry,
  names: ReadonlyMap<string, string> = new Map(),
): AuditSummary {
  if (entry.targetType === "member" || entry.targetType === "invitation")
    return summarizeMemberEntry(entry, names);
  const verbs: Record<string, string> = {
    "milestone.create": "Created",
    "milestone.update": "Updated",
    "milestone.delete": "Deleted",
    "view.share": "Shared view",
    "view.unshare": "Unshared view",
    "view.delete": "Deleted shared view",
  };
  const verb = verbs[entry.action] ?? entry.action;
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  // A milestone's summary has a title; a saved view's (targetType "view") a name.
  const titleOf = (summary: Record<string, unknown>) =>
    typeof summary.title === "string"
      ? summary.title
      : typeof summary.name === "string"
        ? summary.name
        : undefined;
  const title = titleOf(after) ?? titleOf(before) ?? entry.targetId;
  const changes: FieldChange[] = [];
  if (entry.before && entry.after) {
    for (const field of Object.keys(FIELD_LABELS)) {
      const a = JSON.stringify(before[field] ?? null);
      const b = JSON.stringify(after[field] ?? null);
      if (a !== b) {
        changes.push({
          field: FIELD_LABELS[field] ?? field,
          before: show(field, before[field]),
          after: show(field, after[field]),
        });
      }
    }
  } else {
    // A create or delete: the state it created or removed.
    const only = entry.after ?? entry.before ?? {};
    for (const field of ["status", "dueDate"]) {
      if (only[field] !== undefined && only[field] !== null) {
        changes.push({
          field: FIELD_LABELS[field] ?? field,
          before: entry.after ? "—" : show(field, only[field]),
          after: entry.after ? show(field, only[field]) : "—",
        });
      }
    }
  }
  return { verb, title, changes };
}

/**
 * "by <impersonator> as <user>" for a change made in an impersonated Clerk session (the
 * authorizer lets those through only when configured to, docs/authorizer.md); null for a
 * change the user made themself. Names from `names`, ids where a name is unknown.
 */
export function impersonationNote(
  entry: Pick<AuditEntry, "actorId" | "impersonatorId">,
  names: ReadonlyMap<string, string>,
): string | null {
  if (!entry.impersonatorId) return null;
  const name = (id: string) => names.get(id) ?? id;
  return `by ${name(entry.impersonatorId)} as ${name(entry.actorId)}`;
}
