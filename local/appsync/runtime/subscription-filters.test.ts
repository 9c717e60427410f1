/**
 * util.transform.toSubscriptionFilter and the filter evaluation, against the shapes of
 * AppSync's "Defining enhanced subscription filters" page.
 */
import { describe, expect, it } from "vitest";
import { checkFilter, matchesFilter, toSubscriptionFilter } from "./subscription-filters";

describe("toSubscriptionFilter", () => {
  it("turns { field: { op: value } } into one group of filters", () => {
    expect(
      toSubscriptionFilter({ severity: { ge: 7 }, priority: { in: ["high", "medium"] } }),
    ).toEqual({
      filterGroup: [
        {
          filters: [
            { fieldName: "severity", operator: "ge", value: 7 },
            { fieldName: "priority", operator: "in", value: ["high", "medium"] },
          ],
        },
      ],
    });
  });

  it("makes one group per `or` entry, each with the shared filters", () => {
    const filter = toSubscriptionFilter({
      group: { eq: "a" },
      or: [{ severity: { gt: 5 } }, { priority: { eq: "high" } }],
    });
    expect(filter.filterGroup).toHaveLength(2);
    expect(matchesFilter(filter, { group: "a", severity: 9 })).toBe(true);
    expect(matchesFilter(filter, { group: "a", priority: "high" })).toBe(true);
    expect(matchesFilter(filter, { group: "b", priority: "high" })).toBe(false);
    expect(matchesFilter(filter, { group: "a", severity: 1, priority: "low" })).toBe(false);
  });

  it("refuses unknown operators and more than AppSync's limits", () => {
    expect(() => toSubscriptionFilter({ a: { like: "x" } })).toThrow(/unknown operator/);
    const six = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((k) => [k, { eq: 1 }]));
    expect(() => toSubscriptionFilter(six)).toThrow(/filters per group/);
    expect(() => checkFilter({ filterGroup: [] })).toThrow(/filter groups/);
  });
});

describe("matchesFilter", () => {
  const one = (fieldName: string, operator: string, value: unknown) => ({
    filterGroup: [{ filters: [{ fieldName, operator, value }] }],
  });

  it("eq never matches a missing or null field", () => {
    expect(matchesFilter(one("audience", "eq", "ORG#a"), { audience: "ORG#a" })).toBe(true);
    expect(matchesFilter(one("audience", "eq", "ORG#a"), { audience: "ORG#b" })).toBe(false);
    expect(matchesFilter(one("audience", "eq", "ORG#a"), {})).toBe(false);
    expect(matchesFilter(one("audience", "eq", null), { audience: null })).toBe(false);
  });

  it("reaches nested fields with a.b, and compares only like types", () => {
    expect(matchesFilter(one("milestone.version", "gt", 1), { milestone: { version: 2 } })).toBe(
      true,
    );
    expect(matchesFilter(one("milestone.version", "gt", 1), { milestone: null })).toBe(false);
    expect(matchesFilter(one("n", "lt", 5), { n: "3" })).toBe(false);
  });

  it("implements the list and string operators", () => {
    expect(matchesFilter(one("s", "beginsWith", "ORG#"), { s: "ORG#x" })).toBe(true);
    expect(matchesFilter(one("s", "contains", "G#"), { s: "ORG#x" })).toBe(true);
    expect(matchesFilter(one("s", "notContains", "G#"), { s: "ORG#x" })).toBe(false);
    expect(matchesFilter(one("n", "between", [1, 3]), { n: 3 })).toBe(true);
    expect(matchesFilter(one("n", "between", [1, 3]), { n: 4 })).toBe(false);
    expect(matchesFilter(one("tags", "containsAny", ["a", "z"]), { tags: ["z"] })).toBe(true);
    expect(matchesFilter(one("s", "notIn", ["a"]), { s: "b" })).toBe(true);
    expect(matchesFilter(one("s", "ne", "a"), { s: "a" })).toBe(false);
  });
});
