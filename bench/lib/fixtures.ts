/**
 * The benchmarks' test data: a milestone item as the API writes it (keys and index entries
 * from core's builders), numbered so that its update time and status vary with `n`.
 */
import { randomUUID } from "node:crypto";
import { keys, type Scope } from "../../core/table";

export function benchMilestone(scope: Scope, ownerId: string, n: number) {
  const id = randomUUID();
  const updatedAt = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const status = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"][n % 4] ?? "PLANNED";
  return {
    ...keys.milestone(scope, id),
    ...keys.milestoneIndexes(scope, { id, updatedAt, dueDate: null, status }),
    entity: "milestone",
    id,
    scope: scope.kind === "org" ? "ORG" : "PERSONAL",
    orgId: scope.kind === "org" ? scope.orgId : null,
    ownerId,
    title: `milestone ${n}`,
    description: "",
    status,
    dueDate: null,
    createdAt: updatedAt,
    updatedAt,
    version: 1,
  };
}
