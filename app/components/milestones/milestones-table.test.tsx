import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Milestone } from "@/app/lib/api/schemas";
import { CONFLICT_MESSAGE, type ActionResult } from "@/app/lib/milestones/results";
import {
  DEFAULT_TABLE_STATE,
  parseTableState,
  type MilestoneTableState,
} from "@/app/lib/milestones/table-state";
import { orgCaller } from "@/core/portable/caller";
import {
  MILESTONES_CREATE,
  MILESTONES_MANAGE,
  MILESTONES_READ,
  PERMISSION_KEYS,
} from "@/core/portable/permissions";
import { MilestonesTable, type MilestonesTableProps } from "./milestones-table";
import { milestone } from "./test-fixtures";

const router = { push: vi.fn(), replace: vi.fn(), refresh: vi.fn() };
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => "/milestones",
}));

const actions = vi.hoisted(() => ({
  updateMilestoneAction: vi.fn(),
  deleteMilestoneAction: vi.fn(),
  deleteMilestonesAction: vi.fn(),
  updateMilestonesAction: vi.fn(),
  createMilestoneAction: vi.fn(),
}));
vi.mock("@/app/lib/milestones/actions", () => actions);

const rows: Milestone[] = [
  milestone("m1", "Launch website", "user_alice", { dueDate: "2026-12-01" }),
  milestone("m2", "Hire designer", "user_bob", { status: "IN_PROGRESS" }),
];

const admin = orgCaller("user_alice", "org_test", "org:admin", "", PERMISSION_KEYS);
const member = orgCaller("user_bob", "org_test", "org:member", "", [
  MILESTONES_READ,
  MILESTONES_CREATE,
]);

function renderTable(props: Partial<MilestonesTableProps> = {}) {
  const all: MilestonesTableProps = {
    state: DEFAULT_TABLE_STATE,
    rows,
    nextCursor: "0_tok2",
    partial: false,
    viewer: admin,
    owners: [
      { id: "user_alice", name: "Alice Admin" },
      { id: "user_bob", name: "Bob Member" },
    ],
    now: "2026-11-26T18:00:00.000Z",
    ...props,
  };
  return render(<MilestonesTable {...all} />);
}

/** The table state of the last URL the table navigated to. */
function lastNavigation(spy: typeof router.push): MilestoneTableState {
  const href = spy.mock.calls.at(-1)?.[0] as string | undefined;
  expect(href).toBeDefined();
  return parseTableState(new URL(href ?? "", "http://localhost").searchParams);
}

beforeEach(() => {
  vi.clearAllMocks();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("MilestonesTable: URL state", () => {
  it("renders the rows in a table named Milestones, sorted by update time", () => {
    renderTable();
    const table = screen.getByRole("table", { name: "Milestones" });
    const link = within(table).getByRole("link", { name: "Launch website" });
    expect(link.getAttribute("href")).toBe("/milestones/m1");
    expect(within(table).getAllByRole("row")).toHaveLength(3); // header + 2
    const updated = within(table).getByRole("columnheader", { name: /updated/i });
    expect(updated.getAttribute("aria-sort")).toBe("descending");
    expect(
      within(table)
        .getByRole("columnheader", { name: /due date/i })
        .getAttribute("aria-sort"),
    ).toBe(null);
  });

  it("sorting by due date rewrites the URL and restarts at the first page", async () => {
    const user = userEvent.setup();
    renderTable({ state: { ...DEFAULT_TABLE_STATE, q: "launch", trail: ["0_tok1"] } });
    await user.click(screen.getByRole("button", { name: "Sort by due date" }));
    expect(router.push).toHaveBeenCalledTimes(1);
    expect(router.push.mock.calls[0]?.[0]).toBe("/milestones?q=launch&sort=due");
  });

  it("filters by status through the faceted filter, dropping the cursor trail", async () => {
    const user = userEvent.setup();
    renderTable({ state: { ...DEFAULT_TABLE_STATE, status: ["BLOCKED"], trail: ["0_tok1"] } });
    await user.click(screen.getByRole("button", { name: /filter by status \(1 selected\)/i }));
    await user.click(await screen.findByRole("checkbox", { name: /done/i }));
    expect(lastNavigation(router.push)).toEqual({
      ...DEFAULT_TABLE_STATE,
      status: ["DONE", "BLOCKED"],
    });
  });

  it("filters by owner", async () => {
    const user = userEvent.setup();
    renderTable();
    await user.click(screen.getByRole("button", { name: /filter by owner/i }));
    await user.click(await screen.findByRole("checkbox", { name: /bob member/i }));
    expect(lastNavigation(router.push).owner).toEqual(["user_bob"]);
  });

  it("debounces the search: one URL replace ~300 ms after the last keystroke", async () => {
    vi.useFakeTimers();
    renderTable();
    const search = screen.getByRole("searchbox", { name: "Search milestones" });
    fireEvent.change(search, { target: { value: "lau" } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    fireEvent.change(search, { target: { value: "launch " } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(299);
    });
    expect(router.replace).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(router.replace).toHaveBeenCalledTimes(1);
    expect(router.replace.mock.calls[0]?.[0]).toBe("/milestones?q=launch");
    expect(router.push).not.toHaveBeenCalled();
  });

  it("pages forward by appending the next cursor and back by dropping it", async () => {
    const user = userEvent.setup();
    const { unmount } = renderTable({ state: { ...DEFAULT_TABLE_STATE, size: 10 } });
    expect(screen.getByRole("button", { name: "Previous page" })).toHaveProperty("disabled", true);
    await user.click(screen.getByRole("button", { name: "Next page" }));
    const second = lastNavigation(router.push);
    expect(second).toEqual({ ...DEFAULT_TABLE_STATE, size: 10, trail: ["0_tok2"] });
    unmount();

    renderTable({ state: second, nextCursor: null });
    expect(screen.getByRole("button", { name: "Next page" })).toHaveProperty("disabled", true);
    expect(screen.getByText(/page 2/i)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Previous page" }));
    expect(lastNavigation(router.push)).toEqual({ ...DEFAULT_TABLE_STATE, size: 10 });
  });

  it("changing rows per page restarts at the first page with the new size", async () => {
    const user = userEvent.setup();
    renderTable({ state: { ...DEFAULT_TABLE_STATE, trail: ["0_a", "0_b"] } });
    await user.selectOptions(screen.getByRole("combobox", { name: "Rows per page" }), "50");
    expect(router.push.mock.calls[0]?.[0]).toBe("/milestones?size=50");
  });

  it("hides a column through the Columns menu and keeps the page", async () => {
    const user = userEvent.setup();
    renderTable({ state: { ...DEFAULT_TABLE_STATE, trail: ["0_a"] } });
    await user.click(screen.getByRole("button", { name: "Columns" }));
    await user.click(await screen.findByRole("menuitemcheckbox", { name: "Owner" }));
    expect(router.replace.mock.calls[0]?.[0]).toBe("/milestones?hide=owner&cursor=0_a");
  });

  it("shows an empty state that offers to reset filters", async () => {
    const user = userEvent.setup();
    renderTable({ rows: [], nextCursor: null, state: { ...DEFAULT_TABLE_STATE, q: "zzz" } });
    expect(screen.getByText("No milestones match these filters")).toBeTruthy();
    const resets = screen.getAllByRole("button", { name: /reset filters/i });
    await user.click(resets[0] as HTMLElement);
    expect(router.push.mock.calls[0]?.[0]).toBe("/milestones");
  });
});

describe("MilestonesTable: roles and mutations", () => {
  it("a member edits only their own rows inline, selects rows for bulk edit, has no bulk delete", () => {
    renderTable({ viewer: member });
    const table = screen.getByRole("table", { name: "Milestones" });
    const selects = within(table).getAllByRole("combobox", { name: "Status" });
    expect(selects).toHaveLength(1);
    const own = within(table).getByRole("row", { name: /hire designer/i });
    expect(within(own).getByRole("combobox", { name: "Status" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /delete selected/i })).toBeNull();
    // Bulk edit: any row may be selected; the API refuses the others' per row.
    expect(within(table).getAllByRole("checkbox").length).toBeGreaterThan(0);
    expect(screen.getByRole("button", { name: /edit selected/i })).toHaveProperty("disabled", true);
  });

  it("a member's bulk edit shows each row's outcome and keeps only the refused ones selected", async () => {
    const user = userEvent.setup();
    actions.updateMilestonesAction.mockResolvedValue({
      ok: true,
      results: [
        {
          id: "m1",
          updated: false,
          version: null,
          errorType: "Unauthorized",
          message: "Only the owner or a holder of org:milestones:manage may change this milestone",
        },
        { id: "m2", updated: true, version: 2, errorType: null, message: null },
      ],
    });
    renderTable({ viewer: member });
    await user.click(screen.getByRole("checkbox", { name: "Select all on this page" }));
    await user.click(screen.getByRole("button", { name: /edit selected/i }));
    const dialog = await screen.findByRole("dialog", { name: "Edit 2 milestones" });
    // A member may not give rows away: no owner field.
    expect(within(dialog).queryByLabelText("Owner")).toBeNull();
    const apply = within(dialog).getByRole("button", { name: "Apply to 2" });
    expect(apply).toHaveProperty("disabled", true);
    await user.selectOptions(within(dialog).getByLabelText("Status"), "DONE");
    await user.click(apply);
    expect(actions.updateMilestonesAction).toHaveBeenCalledWith(
      [
        { id: "m1", expectedVersion: rows[0]?.version },
        { id: "m2", expectedVersion: rows[1]?.version },
      ],
      { status: "DONE" },
    );
    const results = await screen.findByRole("status", { name: "Bulk edit results" });
    expect(within(results).getByText("Updated 1 of 2 milestones")).toBeTruthy();
    expect(
      within(results)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([
      "Not allowedLaunch website— Only the owner or a holder of org:milestones:manage may change this milestone",
      "UpdatedHire designer",
    ]);
    await waitFor(() =>
      expect(screen.getByRole("button", { name: /edit selected/i }).textContent).toContain("(1)"),
    );
  });

  it("an admin's bulk edit offers the owner", async () => {
    const user = userEvent.setup();
    actions.updateMilestonesAction.mockResolvedValue({ ok: true, results: [] });
    renderTable();
    await user.click(screen.getByRole("checkbox", { name: "Select all on this page" }));
    await user.click(screen.getByRole("button", { name: /edit selected/i }));
    const dialog = await screen.findByRole("dialog", { name: "Edit 2 milestones" });
    await user.selectOptions(within(dialog).getByLabelText("Owner"), "user_bob");
    await user.selectOptions(within(dialog).getByLabelText("Due date"), "clear");
    await user.click(within(dialog).getByRole("button", { name: "Apply to 2" }));
    expect(actions.updateMilestonesAction).toHaveBeenCalledWith(expect.any(Array), {
      dueDate: null,
      ownerId: "user_bob",
    });
  });

  it("links Export CSV to the route with the table's filter and sort only", () => {
    renderTable({
      state: parseTableState(new URLSearchParams("status=DONE&q=x&sort=due&size=50&hide=owner")),
    });
    expect(screen.getByRole("link", { name: /export csv/i }).getAttribute("href")).toBe(
      "/milestones/export?status=DONE&q=x&sort=due",
    );
  });

  it("a custom role decides by its permissions: a lead edits every row and bulk-deletes", () => {
    const lead = orgCaller("user_carol", "org_test", "org:lead", "", [
      MILESTONES_READ,
      MILESTONES_CREATE,
      MILESTONES_MANAGE,
    ]);
    renderTable({ viewer: lead });
    const table = screen.getByRole("table", { name: "Milestones" });
    expect(within(table).getAllByRole("combobox", { name: "Status" })).toHaveLength(2);
    expect(within(table).getAllByRole("checkbox").length).toBeGreaterThan(0);
  });

  it("a viewer (read only) edits nothing, not even its own rows", () => {
    const viewer = orgCaller("user_bob", "org_test", "org:viewer", "", [MILESTONES_READ]);
    renderTable({ viewer });
    const table = screen.getByRole("table", { name: "Milestones" });
    expect(within(table).queryByRole("combobox", { name: "Status" })).toBeNull();
    expect(within(table).queryByRole("checkbox")).toBeNull();
  });

  it("an inline status change shows at once and rolls back on a conflict, with a reload", async () => {
    const user = userEvent.setup();
    let settle: (result: ActionResult) => void = () => {};
    actions.updateMilestoneAction.mockImplementation(
      () => new Promise<ActionResult>((resolve) => (settle = resolve)),
    );
    renderTable();
    const row = screen.getByRole("row", { name: /launch website/i });
    const select = within(row).getByRole("combobox", { name: "Status" });
    await user.selectOptions(select, "DONE");
    expect(actions.updateMilestoneAction).toHaveBeenCalledWith("m1", 3, { status: "DONE" });
    await waitFor(() => expect((select as HTMLSelectElement).value).toBe("DONE"));
    // In flight: no second change on a version that is about to move.
    expect(select).toHaveProperty("disabled", true);
    expect(select.getAttribute("aria-busy")).toBe("true");

    await act(async () => {
      settle({ ok: false, error: { type: "ConflictError", message: CONFLICT_MESSAGE } });
      await Promise.resolve();
    });
    await waitFor(() => expect((select as HTMLSelectElement).value).toBe("PLANNED"));
    expect(select).toHaveProperty("disabled", false);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("changed by someone else");
    await user.click(within(alert).getByRole("button", { name: "Reload" }));
    expect(router.refresh).toHaveBeenCalled();
  });

  it("a denied status change says why", async () => {
    const user = userEvent.setup();
    actions.updateMilestoneAction.mockResolvedValue({
      ok: false,
      error: {
        type: "Unauthorized",
        message: "Only the owner or an org admin may change this milestone.",
      },
    });
    renderTable();
    const row = screen.getByRole("row", { name: /hire designer/i });
    await user.selectOptions(within(row).getByRole("combobox", { name: "Status" }), "BLOCKED");
    expect((await screen.findByRole("alert")).textContent).toContain(
      "Only the owner or an org admin",
    );
  });

  it("an admin bulk-deletes the selected rows and sees each id's result", async () => {
    const user = userEvent.setup();
    actions.deleteMilestonesAction.mockResolvedValue({
      ok: true,
      results: [
        { id: "m1", deleted: false, errorType: "Aborted", message: "Cancelled: another id failed" },
        { id: "m2", deleted: false, errorType: "ConflictError", message: "Changed meanwhile" },
      ],
    });
    renderTable();
    const deleteSelected = screen.getByRole("button", { name: /delete selected/i });
    expect(deleteSelected).toHaveProperty("disabled", true);
    await user.click(screen.getByRole("checkbox", { name: "Select all on this page" }));
    expect(deleteSelected).toHaveProperty("disabled", false);
    await user.click(deleteSelected);
    const dialog = await screen.findByRole("alertdialog", { name: "Delete 2 milestones?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(actions.deleteMilestonesAction).toHaveBeenCalledWith(["m1", "m2"]);
    const results = await screen.findByRole("status", { name: "Bulk delete results" });
    expect(within(results).getByText("Nothing was deleted")).toBeTruthy();
    const items = within(results)
      .getAllByRole("listitem")
      .map((item) => item.textContent);
    expect(items).toEqual([
      "Not deletedLaunch website— Cancelled: another id failed",
      "Changed meanwhileHire designer— Changed meanwhile",
    ]);
    // Nothing was deleted: the rows are back.
    await waitFor(() => expect(screen.getByRole("row", { name: /launch website/i })).toBeTruthy());
  });
});

describe("MilestonesTable: accessibility", () => {
  it("has no axe violations (structure, names, ARIA) for an admin or a member", async () => {
    const { default: axe } = await import("axe-core");
    for (const viewer of [admin, member]) {
      const { container, unmount } = renderTable({ viewer });
      const result = await axe.run(container, {
        // jsdom has no layout: contrast is checked in the browser (e2e/a11y.spec.ts).
        rules: { "color-contrast": { enabled: false } },
      });
      expect(result.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual(
        [],
      );
      unmount();
    }
  });
});

describe("FacetedFilter popover", () => {
  it("is a named dialog (axe: aria-dialog-name)", async () => {
    const user = userEvent.setup();
    renderTable();
    await user.click(screen.getByRole("button", { name: /filter by owner/i }));
    expect(await screen.findByRole("dialog", { name: "Filter by owner" })).toBeTruthy();
  });
});
