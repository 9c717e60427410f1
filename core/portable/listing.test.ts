import { describe, expect, it } from "vitest";
import { milestoneIndexes } from "./keys";
import { milestoneListQuery } from "./listing";
import type { Scope } from "./scope";

const acme: Scope = { kind: "org", orgId: "org_acme" };
const indexes = milestoneIndexes(acme, {
  id: "m1",
  updatedAt: "2026-01-01T00:00:00.000Z",
  dueDate: "2026-02-01",
  status: "DONE",
});

describe("milestoneListQuery: the one index choice", () => {
  it("reads GSI1 newest first by default", () => {
    expect(milestoneListQuery(acme, { sort: "UPDATED_AT" })).toEqual({
      indexName: "GSI1",
      partitionKeyName: "GSI1PK",
      partitionKey: indexes?.GSI1PK,
      sortKeyName: "GSI1SK",
      ascending: false,
    });
  });

  it("reads GSI3 for one status by updatedAt, without a filter", () => {
    const spec = milestoneListQuery(acme, { sort: "UPDATED_AT", status: "DONE" });
    expect(spec).toMatchObject({ indexName: "GSI3", partitionKey: indexes?.GSI3PK });
    expect(spec?.statusFilter).toBeUndefined();
  });

  it("reads GSI2 earliest first by due date", () => {
    const spec = milestoneListQuery(acme, { sort: "DUE_DATE" });
    expect(spec).toMatchObject({
      indexName: "GSI2",
      partitionKey: indexes?.GSI2PK,
      ascending: true,
    });
    expect(spec?.statusFilter).toBeUndefined();
  });

  it("keeps due-date order with a status: GSI2 and a status filter, not GSI3 (sorted by updatedAt)", () => {
    expect(milestoneListQuery(acme, { sort: "DUE_DATE", status: "DONE" })).toEqual({
      indexName: "GSI2",
      partitionKeyName: "GSI2PK",
      partitionKey: indexes?.GSI2PK,
      sortKeyName: "GSI2SK",
      ascending: true,
      statusFilter: "DONE",
    });
  });

  it("treats an empty or null status as none", () => {
    expect(milestoneListQuery(acme, { sort: "UPDATED_AT", status: "" })?.indexName).toBe("GSI1");
    expect(milestoneListQuery(acme, { sort: "DUE_DATE", status: null })?.statusFilter).toBe(
      undefined,
    );
  });

  it("answers null for a malformed scope or status", () => {
    expect(milestoneListQuery({ kind: "org", orgId: "a#b" }, { sort: "UPDATED_AT" })).toBeNull();
    expect(milestoneListQuery(acme, { sort: "UPDATED_AT", status: "A#B" })).toBeNull();
  });
});
