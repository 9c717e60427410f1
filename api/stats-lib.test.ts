/**
 * The counters' resolver helpers (api/resolvers/lib/stats.ts) with the local runtime's `util`
 * and `@aws-appsync/utils/dynamodb` (the ones the resolvers run with locally): the
 * transaction items they add, and how a cancelled transaction is reported.
 */
import { describe, expect, it, vi } from "vitest";
import { dynamodbModule } from "../local/appsync/runtime/dynamodb-module";
import { createUtil } from "../local/appsync/runtime/util";
import { milestoneStatsKey } from "../core/portable/keys";
import { milestoneStatsShard } from "../core/portable/stats";
import { failWrite } from "./resolvers/lib/milestone";
import { failIfTransactionConflict, statsUpdates } from "./resolvers/lib/stats";

vi.mock("@aws-appsync/utils", () => ({
  util: createUtil({
    info: { parentTypeName: "Mutation", fieldName: "test" },
    appendError: () => {},
  }),
}));
vi.mock("@aws-appsync/utils/dynamodb", () => dynamodbModule);

const acme = { kind: "org" as const, orgId: "org_acme" };

/** The errorType a helper fails the field with, or null when it returns. */
function errorTypeOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { errorType?: string }).errorType ?? "thrown";
  }
}

describe("statsUpdates", () => {
  it("adds one ADD update on the milestone's shard for a create", () => {
    expect(statsUpdates("t", acme, [{ id: "m1", before: null, after: "PLANNED" }])).toEqual([
      {
        updateItem: {
          table: "t",
          key: milestoneStatsKey(acme, milestoneStatsShard("m1")),
          update: { entity: "milestoneStats", PLANNED: { _type: "increment", by: 1 } },
        },
      },
    ]);
  });

  it("moves a count on a status change, and adds nothing when the status stays", () => {
    const [one] = statsUpdates("t", acme, [{ id: "m1", before: "PLANNED", after: "DONE" }]);
    expect(one?.updateItem.update).toEqual({
      entity: "milestoneStats",
      PLANNED: { _type: "increment", by: -1 },
      DONE: { _type: "increment", by: 1 },
    });
    expect(statsUpdates("t", acme, [{ id: "m1", before: "DONE", after: "DONE" }])).toEqual([]);
  });

  it("touches each shard of a bulk delete once, with its summed change", () => {
    const ids = Array.from({ length: 25 }, (_, i) => `01JBULK${String(i).padStart(19, "0")}`);
    const updates = statsUpdates(
      "t",
      acme,
      ids.map((id) => ({ id, before: "BLOCKED", after: null })),
    );
    const sks = updates.map((u) => u.updateItem.key.SK);
    expect(new Set(sks).size).toBe(sks.length);
    const total = updates.reduce(
      (sum, u) => sum + (u.updateItem.update.BLOCKED as { by: number }).by,
      0,
    );
    expect(total).toBe(-25);
  });
});

describe("a cancelled transaction", () => {
  const cancelled = { type: "DynamoDB:TransactionCanceledException", message: "cancelled" };
  const reasons = (...types: string[]) => ({
    cancellationReasons: types.map((type) => ({ type, message: "" })),
  });

  it("is TransactionConflict (retryable) when a concurrent transaction held an item", () => {
    expect(
      errorTypeOf(() => failIfTransactionConflict(reasons("None", "TransactionConflict"))),
    ).toBe("TransactionConflict");
    expect(
      errorTypeOf(() => failWrite(cancelled, reasons("None", "None", "TransactionConflict"))),
    ).toBe("TransactionConflict");
  });

  it("is ConflictError when the version condition failed, even beside a conflict", () => {
    expect(errorTypeOf(() => failWrite(cancelled, reasons("ConditionalCheckFailed", "None")))).toBe(
      "ConflictError",
    );
    expect(
      errorTypeOf(() =>
        failWrite(cancelled, reasons("ConditionalCheckFailed", "TransactionConflict")),
      ),
    ).toBe("ConflictError");
    expect(errorTypeOf(() => failWrite(cancelled))).toBe("ConflictError");
    expect(errorTypeOf(() => failIfTransactionConflict(null))).toBeNull();
  });
});
