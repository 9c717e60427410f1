/**
 * Test helpers for erasure: tenants seeded straight into the table with BatchWriteItem (fast:
 * 12,000 items through the API would take minutes), and a wait for a cleanup job's phase.
 */
import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { cleanupJobKey, type CleanupScope } from "../../core/cleanup";
import { MILESTONE_STATUSES as STATUSES } from "../../core/portable/milestone";
import { orgIdOf, scopeName } from "../../core/portable/scope";
import { keys, type Scope } from "../../core/table";

/** A milestone item as the createMilestone resolver writes it, with its three index entries. */
export function milestoneItem(scope: Scope, id: string, ownerId: string, n: number) {
  const updatedAt = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const status = STATUSES[n % STATUSES.length] ?? "PLANNED";
  const dueDate = n % 3 === 0 ? null : `2027-0${1 + (n % 9)}-1${n % 10}`;
  return {
    ...keys.milestone(scope, id),
    ...keys.milestoneIndexes(scope, { id, updatedAt, dueDate, status }),
    entity: "milestone",
    id,
    scope: scopeName(scope),
    orgId: orgIdOf(scope),
    ownerId,
    title: `Milestone ${n}`,
    titleSearch: `milestone ${n}`,
    description: `Seeded milestone number ${n}`,
    status,
    dueDate,
    createdAt: updatedAt,
    updatedAt,
    version: 1,
  };
}

/** An audit entry as the resolvers' auditPut writes it. */
export function auditItem(orgId: string, actorId: string, n: number) {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const id = `audit${String(n).padStart(8, "0")}`;
  return {
    ...keys.auditEntry(orgId, at, id),
    entity: "audit",
    id,
    orgId,
    actorId,
    actorRole: "org:admin",
    action: "milestone.update",
    targetType: "milestone",
    targetId: `ms${n}`,
    at,
    before: JSON.stringify({ title: `Milestone ${n}`, status: "PLANNED" }),
    after: JSON.stringify({ title: `Milestone ${n}`, status: "DONE" }),
  };
}

/** Writes `items` with BatchWriteItem, 25 at a time, `parallel` batches in flight. */
export async function batchPut(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  parallel = 4,
) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await doc.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** The job item of a scope's cleanup, or undefined. */
export async function cleanupJob(
  doc: DynamoDBDocumentClient,
  tableName: string,
  scope: CleanupScope,
) {
  const out = await doc.send(
    new GetCommand({ TableName: tableName, Key: cleanupJobKey(scope), ConsistentRead: true }),
  );
  return out.Item;
}

/** Resolves with the job once its phase is `phase`; throws after `timeoutMs`. */
export async function waitForJobPhase(
  doc: DynamoDBDocumentClient,
  tableName: string,
  scope: CleanupScope,
  phase: string,
  timeoutMs: number,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await cleanupJob(doc, tableName, scope);
    if (job?.phase === phase) return job;
    if (Date.now() > until) {
      throw new Error(`cleanup of ${JSON.stringify(scope)} not ${phase}: ${JSON.stringify(job)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
