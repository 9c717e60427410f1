/**
 * The mirror's one data-access module: executes core's plans on DynamoDB. Every access on
 * the webhook's path is a conditional write, a GetItem or a Query on a designed key; the one
 * Scan, `readVersions`, serves the offline reconcile command alone.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import type { ParsedEvent } from "../../core/clerk-events";
import {
  deliveryFacts,
  duplicateRecord,
  planEvent,
  recordWrite,
  type Cascade,
  type Outcome,
  type StoredVersion,
  type WriteOp,
} from "../../core/mirror";
import { keys, toQueryParams, type ItemKey } from "../../core/table";

/** What the mirror holds, as versions: what reconcile compares with Clerk's lists. */
export interface MirrorVersions {
  users: Map<string, StoredVersion>;
  orgs: Map<string, StoredVersion>;
  /** `orgId/userId` → the live membership, or its tombstone when newer. */
  memberships: Map<string, StoredVersion & { orgId: string; userId: string; role?: string }>;
  /** `orgId/invitationId` → the pending invitation or its tombstone. */
  invitations: Map<string, StoredVersion>;
}

export interface MirrorStore {
  /** Applies a verified delivery exactly once and records it; returns its outcome. */
  applyDelivery(input: {
    svixId: string;
    parsed: ParsedEvent;
    receivedAt: string;
    nowMs: number;
  }): Promise<Outcome>;
  /** Applies conditional writes atomically: true when applied, false when a condition failed. */
  applyWrites(writes: WriteOp[]): Promise<boolean>;
  /** Removes every membership of a deleted user or org; returns how many. */
  runCascade(cascade: Cascade): Promise<number>;
}

/** The offline reads of the reconcile command (apart, so the webhook's stubs need none). */
export interface MirrorReads {
  /**
   * Every user, org, membership and invitation version in the table, read with a paginated, strongly
   * consistent Scan: for the offline reconcile command only, never a request path.
   */
  readVersions(): Promise<MirrorVersions>;
}

export function createMirrorStore(
  doc: DynamoDBDocumentClient,
  tableName: string,
): MirrorStore & MirrorReads {
  const withTable = (op: WriteOp) => {
    if ("Put" in op) return { Put: { TableName: tableName, ...op.Put } };
    if ("Delete" in op) return { Delete: { TableName: tableName, ...op.Delete } };
    return { ConditionCheck: { TableName: tableName, ...op.ConditionCheck } };
  };

  /**
   * Runs the transaction. Resolves to "applied", or to the index of the first element
   * whose condition failed. Any other cancellation (a conflicting transaction, throttling)
   * is rethrown: transient, so the caller answers 5xx and Svix retries.
   */
  async function transact(writes: WriteOp[]): Promise<"applied" | number> {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: writes.map(withTable) }));
      return "applied";
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      const onlyConditions = reasons.every(
        (r) => r.Code === "ConditionalCheckFailed" || r.Code === "None" || r.Code === undefined,
      );
      if (failed === -1 || !onlyConditions) throw error;
      return failed;
    }
  }

  /** A conditional Put of the record alone; false when the svix-id was already recorded. */
  async function putRecord(op: WriteOp): Promise<boolean> {
    if (!("Put" in op)) throw new Error("expected a Put");
    try {
      await doc.send(new PutCommand({ TableName: tableName, ...op.Put }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  async function queryKeys(spec: Parameters<typeof toQueryParams>[0], consistent: boolean) {
    const found: ItemKey[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          ...toQueryParams(spec),
          ...(consistent ? { ConsistentRead: true } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) found.push({ PK: String(item.PK), SK: String(item.SK) });
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  async function runCascade(cascade: Cascade): Promise<number> {
    // An org's members: the base table, strongly consistent. A user's orgs: GSI1, which is
    // eventually consistent; a membership written in the instant before the user's
    // tombstone could be missed here, and the reconcile command removes it.
    const found =
      cascade.of === "org"
        ? await queryKeys(keys.orgMembers(cascade.orgId), true)
        : await queryKeys(keys.userOrgs(cascade.userId), false);
    // No condition needed: the tombstone, written first, already refuses every later
    // membership write for this user or org, so whatever exists now is to go.
    for (let i = 0; i < found.length; i += 25) {
      let pending: { DeleteRequest: { Key: ItemKey } }[] = found
        .slice(i, i + 25)
        .map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        if (attempt > 8) throw new Error("cascade: unprocessed deletes");
        const result = await doc.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
    return found.length;
  }

  async function applyDelivery(input: {
    svixId: string;
    parsed: ParsedEvent;
    receivedAt: string;
    nowMs: number;
  }): Promise<Outcome> {
    const { parsed } = input;
    const facts = deliveryFacts(input);
    let outcome: Outcome;
    let cascade: Cascade | undefined;
    if (parsed.kind === "mirrored") {
      const plan = planEvent(parsed.event);
      cascade = plan.cascade;
      const result = await transact([recordWrite(facts, "applied"), ...plan.writes]);
      if (result === "applied") outcome = "applied";
      else if (result === 0) outcome = "duplicate";
      else outcome = (await putRecord(recordWrite(facts, "stale"))) ? "stale" : "duplicate";
    } else {
      const recorded =
        parsed.kind === "ignored"
          ? await putRecord(recordWrite(facts, "ignored"))
          : await putRecord(recordWrite(facts, "failed", parsed.reason));
      outcome = recorded ? (parsed.kind === "ignored" ? "ignored" : "failed") : "duplicate";
    }
    if (cascade) await runCascade(cascade);
    if (outcome === "duplicate") {
      await doc.send(new PutCommand({ TableName: tableName, Item: duplicateRecord(facts) }));
    }
    return outcome;
  }

  async function readVersions(): Promise<MirrorVersions> {
    const state: MirrorVersions = {
      users: new Map(),
      orgs: new Map(),
      memberships: new Map(),
      invitations: new Map(),
    };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({
          TableName: tableName,
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const version = { updatedAt: Number(item.updatedAt), deleted: item.deleted === true };
        if (item.entity === "user") state.users.set(String(item.id), version);
        else if (item.entity === "org") state.orgs.set(String(item.id), version);
        else if (item.entity === "invitation")
          state.invitations.set(`${String(item.orgId)}/${String(item.id)}`, version);
        else if (item.entity === "membership" || item.entity === "membershipTombstone") {
          const key = `${String(item.orgId)}/${String(item.userId)}`;
          const known = state.memberships.get(key);
          // The newer of the two wins; on equal times the tombstone does.
          if (
            !known ||
            known.updatedAt < version.updatedAt ||
            (known.updatedAt === version.updatedAt && version.deleted)
          ) {
            state.memberships.set(key, {
              ...version,
              orgId: String(item.orgId),
              userId: String(item.userId),
              ...(typeof item.role === "string" ? { role: item.role } : {}),
            });
          }
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return state;
  }

  return {
    applyDelivery,
    applyWrites: async (writes) => (await transact(writes)) === "applied",
    runCascade,
    readVersions,
  };
}
