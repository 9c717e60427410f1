import { describe, expect, it } from "vitest";
import type { SavedView } from "../api/schemas";
import { DEFAULT_TABLE_STATE, parseTableState, withNextPage, withQuery } from "./table-state";
import { activeView, menuViews } from "./views";

const saved: SavedView[] = [
  { id: "v1", name: "Launch", state: "q=launch&sort=due", ownerId: "user_me", shared: false },
  // Stored by an older dashboard in another order, with an unknown value: read as the URL would.
  { id: "v2", name: "Team", state: "sort=due&status=blocked", ownerId: "user_x", shared: true },
];

describe("menuViews", () => {
  const views = menuViews(saved, "user_me");

  it("lists the built-ins first, then the viewer's, then the shared ones", () => {
    expect(views.map((view) => [view.name, view.kind])).toEqual([
      ["My open", "builtin"],
      ["Overdue", "builtin"],
      ["Due this week", "builtin"],
      ["Blocked", "builtin"],
      ["Launch", "mine"],
      ["Team", "shared"],
    ]);
  });

  it("makes My open the viewer's open milestones", () => {
    const myOpen = views[0];
    const state = parseTableState(new URL(myOpen?.href ?? "", "http://x").searchParams);
    expect(state.owner).toEqual(["user_me"]);
    expect(state.status).toEqual(["PLANNED", "IN_PROGRESS", "BLOCKED"]);
    expect(menuViews([], "user_other")[0]?.href).toContain("owner=user_other");
  });

  it("links Overdue and Due this week to relative due filters, sorted by due date", () => {
    expect(views[1]?.href).toContain("due=overdue");
    expect(views[2]?.href).toContain("due=week");
    expect(views[1]?.href).toContain("sort=due");
  });

  it("normalizes stored states with the URL's rules", () => {
    expect(views[5]?.state).toBe("status=BLOCKED&sort=due");
    expect(views[5]?.href).toBe("/milestones?status=BLOCKED&sort=due");
  });
});

describe("activeView", () => {
  const views = menuViews(saved, "user_me");

  it("is the view whose state the table shows, whatever page it is on", () => {
    const state = withQuery(DEFAULT_TABLE_STATE, { q: "launch", sort: "due" });
    expect(activeView(views, state)?.id).toBe("v1");
    expect(activeView(views, withNextPage(state, "0_token"))?.id).toBe("v1");
    expect(activeView(views, withQuery(DEFAULT_TABLE_STATE, { status: ["BLOCKED"] }))?.id).toBe(
      "builtin:blocked",
    );
  });

  it("is none for a state no view has", () => {
    expect(activeView(views, withQuery(DEFAULT_TABLE_STATE, { q: "other" }))).toBeNull();
  });
});
