/**
 * Which index a milestone list reads: the one index choice, used by the `milestones`
 * resolver and by Node code alike.
 *
 * - updatedAt (the default), no status: GSI1, newest first.
 * - updatedAt, one status: GSI3 (`…#STATUS#<status>`, sorted by updatedAt), newest first.
 * - due date, with or without a status: GSI2, earliest first, the status as a filter.
 *
 * The due-date case is a deliberate choice (issue 18 resolved a drift here): GSI3 is sorted
 * by updatedAt, so reading it for "by due date, status X" would return the wrong order. No
 * index is sorted by status and due date, and adding one means a migration; GSI2 plus a
 * filter keeps each request one bounded Query. DynamoDB applies `Limit` before the filter,
 * so such a page can hold fewer items than asked (even none) while its cursor stays correct.
 */
import {
  milestoneListPartition,
  milestoneStatusPartition,
  type IndexName,
  type QuerySpec,
} from "./keys";
import type { Scope } from "./scope";

export const MILESTONE_SORTS = ["UPDATED_AT", "DUE_DATE"] as const;
export type MilestoneSort = (typeof MILESTONE_SORTS)[number];

/** A Query on one index partition, and the status filter it needs (if any). */
export interface MilestoneListQuery extends QuerySpec {
  indexName: IndexName;
  /** Set when the index does not select the status: keep only items of this status. */
  statusFilter?: string;
}

export function milestoneListQuery(
  scope: Scope,
  options: { sort: MilestoneSort; status?: string | null | undefined },
): MilestoneListQuery | null {
  const list = milestoneListPartition(scope);
  if (list === null) return null;
  const status = options.status ?? undefined;
  if (options.sort === "DUE_DATE") {
    const spec: MilestoneListQuery = {
      indexName: "GSI2",
      partitionKeyName: "GSI2PK",
      partitionKey: list,
      sortKeyName: "GSI2SK",
      ascending: true,
    };
    if (status !== undefined && status !== "") spec.statusFilter = status;
    return spec;
  }
  if (status !== undefined && status !== "") {
    const byStatus = milestoneStatusPartition(scope, status);
    if (byStatus === null) return null;
    return {
      indexName: "GSI3",
      partitionKeyName: "GSI3PK",
      partitionKey: byStatus,
      sortKeyName: "GSI3SK",
      ascending: false,
    };
  }
  return {
    indexName: "GSI1",
    partitionKeyName: "GSI1PK",
    partitionKey: list,
    sortKeyName: "GSI1SK",
    ascending: false,
  };
}
