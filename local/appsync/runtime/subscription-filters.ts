/**
 * AppSync's enhanced subscription filters ("Defining enhanced subscription filters"):
 * `util.transform.toSubscriptionFilter` turns a filter object (`{ field: { op: value } }`,
 * with `and`/`or` lists) into AppSync's filter JSON, `{ filterGroup: [{ filters: [
 * { fieldName, operator, value } ] }] }`, and {@link matchesFilter} evaluates that JSON
 * against a published payload: filters of a group AND-ed, groups OR-ed, `a.b` reaching into
 * nested fields. The operators are AppSync's: eq, ne, le, lt, ge, gt, contains,
 * notContains, beginsWith, in, notIn, between, containsAny. AppSync's own limits (at most 10
 * groups, 5 filters per group, 5 values in an `in`) are enforced, so a filter AppSync
 * refuses fails here too.
 */

export interface SubscriptionFilter {
  filterGroup: { filters: { fieldName: string; operator: string; value: unknown }[] }[];
}

export const OPERATORS = new Set([
  "eq",
  "ne",
  "le",
  "lt",
  "ge",
  "gt",
  "contains",
  "notContains",
  "beginsWith",
  "in",
  "notIn",
  "between",
  "containsAny",
]);

const MAX_GROUPS = 10;
const MAX_FILTERS = 5;
const MAX_LIST_VALUES = 5;

type Filters = SubscriptionFilter["filterGroup"][number]["filters"];

function leafFilters(object: Record<string, unknown>, ignored: ReadonlySet<string>): Filters {
  const out: Filters = [];
  for (const [fieldName, condition] of Object.entries(object)) {
    if (fieldName === "and" || fieldName === "or" || ignored.has(fieldName)) continue;
    if (typeof condition !== "object" || condition === null)
      throw new Error(`subscription filter: ${fieldName} needs { operator: value }`);
    for (const [operator, value] of Object.entries(condition)) {
      if (!OPERATORS.has(operator))
        throw new Error(`subscription filter: unknown operator ${operator}`);
      out.push({ fieldName, operator, value });
    }
  }
  return out;
}

/** `util.transform.toSubscriptionFilter(objFilter, ignoredFields?)`. */
export function toSubscriptionFilter(
  objFilter: Record<string, unknown>,
  ignoredFields: readonly string[] = [],
): SubscriptionFilter {
  const ignored = new Set(ignoredFields);
  const base = leafFilters(objFilter, ignored);
  const and = Array.isArray(objFilter.and) ? (objFilter.and as Record<string, unknown>[]) : [];
  for (const part of and) base.push(...leafFilters(part, ignored));
  const or = Array.isArray(objFilter.or) ? (objFilter.or as Record<string, unknown>[]) : [];
  const groups =
    or.length === 0
      ? [{ filters: base }]
      : or.map((part) => ({ filters: [...base, ...leafFilters(part, ignored)] }));
  return checkFilter({ filterGroup: groups });
}

/** Throws when AppSync would refuse the filter (shape or limits). */
export function checkFilter(filter: unknown): SubscriptionFilter {
  const groups = (filter as { filterGroup?: unknown } | null)?.filterGroup;
  if (!Array.isArray(groups) || groups.length === 0 || groups.length > MAX_GROUPS)
    throw new Error(`subscription filter: 1–${MAX_GROUPS} filter groups`);
  for (const group of groups) {
    const filters = (group as { filters?: unknown } | null)?.filters;
    if (!Array.isArray(filters) || filters.length === 0 || filters.length > MAX_FILTERS)
      throw new Error(`subscription filter: 1–${MAX_FILTERS} filters per group`);
    for (const f of filters as { fieldName?: unknown; operator?: unknown; value?: unknown }[]) {
      if (typeof f.fieldName !== "string" || typeof f.operator !== "string")
        throw new Error("subscription filter: fieldName and operator are strings");
      if (!OPERATORS.has(f.operator))
        throw new Error(`subscription filter: unknown operator ${f.operator}`);
      if (Array.isArray(f.value) && f.value.length > MAX_LIST_VALUES)
        throw new Error(`subscription filter: at most ${MAX_LIST_VALUES} values in a list`);
    }
  }
  return filter as SubscriptionFilter;
}

function valueAt(payload: unknown, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function compare(actual: unknown, operator: string, expected: unknown): boolean {
  const list = Array.isArray(expected) ? expected : [expected];
  switch (operator) {
    case "eq":
      return actual !== undefined && actual !== null && actual === expected;
    case "ne":
      return actual !== expected;
    case "lt":
    case "le":
    case "gt":
    case "ge": {
      if (
        typeof actual !== typeof expected ||
        (typeof actual !== "number" && typeof actual !== "string")
      )
        return false;
      const a = actual;
      const e = expected as number | string;
      return operator === "lt"
        ? a < e
        : operator === "le"
          ? a <= e
          : operator === "gt"
            ? a > e
            : a >= e;
    }
    case "contains":
      return typeof actual === "string"
        ? typeof expected === "string" && actual.includes(expected)
        : Array.isArray(actual) && actual.includes(expected);
    case "notContains":
      return !compare(actual, "contains", expected);
    case "beginsWith":
      return (
        typeof actual === "string" && typeof expected === "string" && actual.startsWith(expected)
      );
    case "in":
      return actual !== undefined && actual !== null && list.includes(actual);
    case "notIn":
      return !list.includes(actual);
    case "between": {
      const [low, high] = list as unknown[];
      return compare(actual, "ge", low) && compare(actual, "le", high);
    }
    case "containsAny":
      return Array.isArray(actual) && list.some((v) => actual.includes(v));
    default:
      return false;
  }
}

/** Whether `payload` passes the filter: any group whose filters all hold. */
export function matchesFilter(filter: SubscriptionFilter, payload: unknown): boolean {
  return filter.filterGroup.some((group) =>
    group.filters.every((f) => compare(valueAt(payload, f.fieldName), f.operator, f.value)),
  );
}
