/**
 * What the UI offers to whom (DESIGN.md's matrix). The API enforces the same rules; these only
 * decide which controls to show, so a denied action stays the exception.
 */
export interface Viewer {
  userId: string;
  /** null = personal scope. */
  role: "admin" | "member" | null;
}

/** Edit and delete: admins any milestone of the org, everyone else their own. */
export function canEditMilestone(viewer: Viewer, milestone: { ownerId: string }): boolean {
  return viewer.role === "admin" || milestone.ownerId === viewer.userId;
}

/** Bulk delete is an org admin's action (deleteMilestones). */
export function canBulkDelete(viewer: Viewer): boolean {
  return viewer.role === "admin";
}
