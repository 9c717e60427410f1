import { describe, expect, it } from "vitest";
import type { Milestone } from "../api/schemas";
import { loadMilestonePage, listQueryOf, type ListRequest } from "./listing";
import {
  DEFAULT_TABLE_STATE,
  withNextPage,
  withQuery,
  type MilestoneTableState,
} from "./table-state";

const STATUSES = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"] as const;

function milestone(n: number): Milestone {
  return {
    id: `m${String(n).padStart(3, "0")}`,
    scope: "ORG",
    orgId: "org_1",
    ownerId: n % 3 === 0 ? "user_a" : n % 3 === 1 ? "user_b" : "user_c",
    owner: null,
    title: n % 2 === 0 ? `Launch ${n}` : `Review ${n}`,
    description: "",
    status: STATUSES[n % 4] ?? "PLANNED",
    dueDate: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    version: 1,
  };
}

const all = Array.from({ length: 60 }, (_, i) => milestone(i));

/**
 * Like the API: `limit` items are read from the stream first, then the filter applies (so
 * pages come back short), and the token is the offset of the next read.
 */
function fakeApi() {
  const requests: ListRequest[] = [];
  const fetchPage = (request: ListRequest) => {
    requests.push(request);
    const start = request.nextToken === null ? 0 : Number(request.nextToken.slice(4));
    const read = all.slice(start, start + request.limit);
    const { status, ownerId, titleContains } = request.filter;
    const items = read.filter(
      (item) =>
        (!status || item.status === status) &&
        (!ownerId || item.ownerId === ownerId) &&
        (!titleContains || item.title.includes(titleContains)),
    );
    const end = start + read.length;
    return Promise.resolve({ items, nextToken: end < all.length ? `tok:${end}` : null });
  };
  return { fetchPage, requests };
}

/** Every page of a state, following nextCursor like the "Next page" button. */
async function walk(state: MilestoneTableState) {
  const api = fakeApi();
  const pages: string[][] = [];
  let current = state;
  for (let guard = 0; guard < 50; guard++) {
    const page = await loadMilestonePage(api.fetchPage, current);
    pages.push(page.items.map((item) => item.id));
    if (!page.nextCursor) break;
    current = withNextPage(current, page.nextCursor);
  }
  return { pages, requests: api.requests };
}

describe("listQueryOf", () => {
  it("sends single-valued filters and the search to the API", () => {
    const query = listQueryOf(
      withQuery(DEFAULT_TABLE_STATE, {
        status: ["DONE"],
        owner: ["user_a"],
        q: "Launch",
        sort: "due",
      }),
    );
    expect(query.filter).toEqual({ status: "DONE", ownerId: "user_a", titleContains: "Launch" });
    expect(query.sort).toBe("DUE_DATE");
    expect(query.keep).toBeNull();
  });

  it("keeps multi-valued filters for itself", () => {
    const query = listQueryOf(withQuery(DEFAULT_TABLE_STATE, { status: ["DONE", "PLANNED"] }));
    expect(query.filter).toEqual({});
    expect(query.keep?.({ status: "DONE", ownerId: "x", dueDate: null })).toBe(true);
    expect(query.keep?.({ status: "BLOCKED", ownerId: "x", dueDate: null })).toBe(false);
  });
});

describe("listQueryOf with a due preset", () => {
  // 2026-12-02 is a Wednesday: this ISO week ends on Sunday 2026-12-06.
  const today = "2026-12-02";

  it("overdue: the API's dueBefore today, no lower bound", () => {
    const query = listQueryOf(withQuery(DEFAULT_TABLE_STATE, { due: "overdue" }), today);
    expect(query.filter).toEqual({ dueBefore: "2026-12-02" });
    expect(query.keep).toBeNull();
  });

  it("week: due before next Monday from the API, from today on kept here", () => {
    const query = listQueryOf(withQuery(DEFAULT_TABLE_STATE, { due: "week" }), today);
    expect(query.filter).toEqual({ dueBefore: "2026-12-07" });
    const item = (dueDate: string | null) => ({
      status: "PLANNED" as const,
      ownerId: "x",
      dueDate,
    });
    expect(query.keep?.(item("2026-12-02"))).toBe(true);
    expect(query.keep?.(item("2026-12-06"))).toBe(true);
    expect(query.keep?.(item("2026-12-01"))).toBe(false);
    expect(query.keep?.(item(null))).toBe(false);
  });

  it("week on a Sunday is that one day", () => {
    const query = listQueryOf(withQuery(DEFAULT_TABLE_STATE, { due: "week" }), "2026-12-06");
    expect(query.filter.dueBefore).toBe("2026-12-07");
  });
});

describe("loadMilestonePage", () => {
  it("pages through everything unfiltered, one request per page", async () => {
    const { pages, requests } = await walk(withQuery(DEFAULT_TABLE_STATE, { size: 25 }));
    expect(pages.map((page) => page.length)).toEqual([25, 25, 10]);
    expect(pages.flat()).toEqual(all.map((item) => item.id));
    expect(requests.every((request) => request.limit === 25)).toBe(true);
  });

  it("fills short API pages and resumes mid-page without gaps or repeats", async () => {
    const state = withQuery(DEFAULT_TABLE_STATE, { status: ["DONE"], size: 10 });
    const { pages } = await walk(state);
    const expected = all.filter((item) => item.status === "DONE").map((item) => item.id);
    expect(pages.map((page) => page.length)).toEqual([10, 5]);
    expect(pages.flat()).toEqual(expected);
  });

  it("applies multi-status and multi-owner filters across pages", async () => {
    const state = withQuery(DEFAULT_TABLE_STATE, {
      status: ["PLANNED", "BLOCKED"],
      owner: ["user_a", "user_b"],
      size: 10,
    });
    const { pages } = await walk(state);
    const expected = all
      .filter((item) => ["PLANNED", "BLOCKED"].includes(item.status))
      .filter((item) => ["user_a", "user_b"].includes(item.ownerId))
      .map((item) => item.id);
    expect(pages.flat()).toEqual(expected);
    expect(pages.slice(0, -1).every((page) => page.length === 10)).toBe(true);
  });

  it("stops at the request bound with a partial page and a cursor that continues", async () => {
    const api = fakeApi();
    const state = withQuery(DEFAULT_TABLE_STATE, { q: "Launch 5", size: 10 });
    const page = await loadMilestonePage(api.fetchPage, state, 2);
    expect(api.requests).toHaveLength(2);
    expect(page.partial).toBe(true);
    expect(page.items).toEqual([]); // "Launch 5x" starts at item 50
    expect(page.nextCursor).toBe("0_tok:20");
    const rest = await loadMilestonePage(api.fetchPage, withNextPage(state, page.nextCursor ?? ""));
    expect(rest.items.map((item) => item.title)).toEqual([
      "Launch 50",
      "Launch 52",
      "Launch 54",
      "Launch 56",
      "Launch 58",
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it("an empty result is one page with no cursor", async () => {
    const { pages } = await walk(withQuery(DEFAULT_TABLE_STATE, { q: "nothing like this" }));
    expect(pages).toEqual([[]]);
  });
});
