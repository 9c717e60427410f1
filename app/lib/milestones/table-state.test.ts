import { describe, expect, it } from "vitest";
import {
  DEFAULT_TABLE_STATE,
  MAX_TRAIL,
  currentCursor,
  decodeCursor,
  encodeCursor,
  parseTableState,
  serializeTableState,
  tableStateHref,
  withNextPage,
  withPreviousPage,
  stateOfView,
  viewStateOf,
  withQuery,
  type MilestoneTableState,
} from "./table-state";
import { BUILT_IN_VIEWS, VIEW_STATE_KEYS, viewStateProblem } from "../../../core/portable/views";

const parse = (query: string) => parseTableState(new URLSearchParams(query));

const full: MilestoneTableState = {
  status: ["IN_PROGRESS", "BLOCKED"],
  owner: ["user_alice", "user_bob"],
  q: "launch v2 & more",
  sort: "due",
  size: 50,
  hide: ["owner", "updatedAt"],
  due: "week",
  trail: [encodeCursor({ token: "abc!def=", skip: 0 }), encodeCursor({ token: "x/y+z", skip: 7 })],
};

describe("parseTableState ↔ serializeTableState", () => {
  it("round-trips a full state through a URL string", () => {
    const href = tableStateHref(full);
    const url = new URL(href, "http://localhost");
    expect(url.pathname).toBe("/milestones");
    expect(parseTableState(url.searchParams)).toEqual(full);
  });

  it("omits defaults: the default state is the bare path", () => {
    expect(serializeTableState(DEFAULT_TABLE_STATE).toString()).toBe("");
    expect(tableStateHref(DEFAULT_TABLE_STATE)).toBe("/milestones");
    expect(parse("")).toEqual(DEFAULT_TABLE_STATE);
  });

  it("writes keys in a stable order", () => {
    expect([...serializeTableState(full).keys()]).toEqual([
      "status",
      "owner",
      "q",
      "sort",
      "size",
      "hide",
      "due",
      "cursor",
      "cursor",
    ]);
  });

  it("reads Next's searchParams object as well as URLSearchParams", () => {
    const state = parseTableState({
      status: ["DONE", "PLANNED"],
      owner: "user_b,user_a",
      q: "  ship  ",
      sort: "due",
      size: "10",
      cursor: undefined,
    });
    expect(state).toEqual({
      ...DEFAULT_TABLE_STATE,
      status: ["PLANNED", "DONE"],
      owner: ["user_a", "user_b"],
      q: "ship",
      sort: "due",
      size: 10,
    });
  });

  it("normalizes: status case, duplicates and order", () => {
    expect(parse("status=done,planned,DONE").status).toEqual(["PLANNED", "DONE"]);
    expect(parse("owner=b,a,b").owner).toEqual(["a", "b"]);
    expect(parse("hide=updatedAt,status").hide).toEqual(["status", "updatedAt"]);
  });
});

describe("invalid params fall back to defaults, field by field", () => {
  it("ignores unknown statuses and columns but keeps the valid ones", () => {
    const state = parse("status=LATE,DONE&hide=select,owner,secret");
    expect(state.status).toEqual(["DONE"]);
    expect(state.hide).toEqual(["owner"]);
  });

  it("falls back on a bad sort, size or search", () => {
    expect(parse("sort=title").sort).toBe("updated");
    expect(parse("size=30").size).toBe(25);
    expect(parse("size=abc").size).toBe(25);
    expect(parse("size=1e2").size).toBe(100);
    expect(parse(`q=${"x".repeat(201)}`).q).toBe("");
    expect(parse(`q=${"x".repeat(200)}`).q).toHaveLength(200);
  });

  it("drops an owner filter with a malformed id or too many ids", () => {
    expect(parse("owner=user_1,<script>").owner).toEqual([]);
    const many = Array.from({ length: 21 }, (_, i) => `user_${i}`).join(",");
    expect(parse(`owner=${many}`).owner).toEqual([]);
  });

  it("drops the whole trail when any cursor is malformed or it is too long", () => {
    expect(parse("cursor=0_tok&cursor=garbage").trail).toEqual([]);
    expect(parse("cursor=0_").trail).toEqual([]);
    const long = Array.from({ length: MAX_TRAIL + 1 }, () => "cursor=0_t").join("&");
    expect(parse(long).trail).toEqual([]);
    expect(parse("sort=due&cursor=3_tok").trail).toEqual(["3_tok"]);
  });
});

describe("cursors", () => {
  it("encode and decode, tokens with any characters", () => {
    for (const cursor of [
      { token: "abc", skip: 0 },
      { token: "a_b_c!==", skip: 12 },
      { token: null, skip: 4 },
    ]) {
      expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    }
    expect(decodeCursor("x_abc")).toBeNull();
    expect(decodeCursor("abc")).toBeNull();
  });

  it("the current page starts at the last cursor of the trail, or the first page", () => {
    expect(currentCursor(DEFAULT_TABLE_STATE)).toEqual({ token: null, skip: 0 });
    expect(currentCursor(full)).toEqual({ token: "x/y+z", skip: 7 });
  });
});

describe("navigation", () => {
  it("next appends to the trail, previous drops the last one", () => {
    const first = { ...DEFAULT_TABLE_STATE, q: "a" };
    const second = withNextPage(first, "0_t1");
    const third = withNextPage(second, "5_t2");
    expect(third.trail).toEqual(["0_t1", "5_t2"]);
    expect(withPreviousPage(third)).toEqual(second);
    expect(withPreviousPage(second)).toEqual(first);
    expect(withPreviousPage(first)).toEqual(first);
  });

  it("keeps at most MAX_TRAIL cursors, forgetting the oldest", () => {
    let state = DEFAULT_TABLE_STATE;
    for (let page = 1; page <= MAX_TRAIL + 2; page++) state = withNextPage(state, `0_t${page}`);
    expect(state.trail).toHaveLength(MAX_TRAIL);
    expect(state.trail[0]).toBe("0_t3");
    expect(parseTableState(serializeTableState(state))).toEqual(state);
  });

  it("a change of filter, search, sort or size restarts at the first page", () => {
    expect(withQuery(full, { status: ["DONE"] }).trail).toEqual([]);
    expect(withQuery(full, { q: "other" }).trail).toEqual([]);
    expect(withQuery(full, { sort: "updated" }).trail).toEqual([]);
    const resized = withQuery(full, { size: 10 });
    expect(resized).toEqual({ ...full, size: 10, trail: [] });
  });

  it("normalizes what it is given", () => {
    expect(withQuery(DEFAULT_TABLE_STATE, { q: "  padded ", status: ["DONE", "PLANNED"] })).toEqual(
      { ...DEFAULT_TABLE_STATE, q: "padded", status: ["PLANNED", "DONE"] },
    );
  });
});

describe("due presets", () => {
  it("reads the known ones and drops anything else", () => {
    expect(parse("due=overdue").due).toBe("overdue");
    expect(parse("due=week").due).toBe("week");
    expect(parse("due=yesterday").due).toBeNull();
  });

  it("count as a filter and restart the trail when changed", () => {
    const paged = withNextPage(DEFAULT_TABLE_STATE, encodeCursor({ token: "t", skip: 0 }));
    const overdue = withQuery(paged, { due: "overdue" });
    expect(overdue.trail).toEqual([]);
    expect(overdue.due).toBe("overdue");
  });
});

describe("view states", () => {
  it("drop the cursors, and open the same state on its first page", () => {
    const state = viewStateOf(full);
    expect(state).not.toContain("cursor");
    expect(stateOfView(state)).toEqual({ ...full, trail: [] });
  });

  it("are what core's view rule accepts, with no key core does not know", () => {
    expect(viewStateProblem(viewStateOf(full))).toBeNull();
    expect(viewStateProblem(viewStateOf(DEFAULT_TABLE_STATE))).toBeNull();
    const keys = [...new URLSearchParams(viewStateOf(full)).keys()];
    expect(keys.every((key) => (VIEW_STATE_KEYS as readonly string[]).includes(key))).toBe(true);
    // …and a state with cursors is refused by the same rule.
    expect(viewStateProblem(serializeTableState(full).toString())).not.toBeNull();
  });

  it("give the built-in views states that parse back to what they declare", () => {
    for (const view of BUILT_IN_VIEWS) {
      const state = withQuery(DEFAULT_TABLE_STATE, {
        status: [...view.status] as MilestoneTableState["status"],
        owner: view.owner === "viewer" ? ["user_me"] : [],
        sort: view.sort,
        due: view.due,
      });
      expect(stateOfView(viewStateOf(state))).toEqual(state);
    }
  });
});
