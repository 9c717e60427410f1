import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_TABLE_STATE } from "@/app/lib/milestones/table-state";
import { TableToolbar, withoutFilters, type TableToolbarProps } from "./table-toolbar";

const owners = [
  { id: "user_alice", name: "Alice Admin" },
  { id: "user_bob", name: "Bob Member" },
];

function renderToolbar(props: Partial<TableToolbarProps> = {}) {
  const all: TableToolbarProps = {
    state: DEFAULT_TABLE_STATE,
    navigate: vi.fn(),
    owners,
    viewerId: "user_alice",
    selectedCount: 0,
    mutating: false,
    onDeleteSelected: vi.fn(),
    onColumnVisibility: vi.fn(),
    ...props,
  };
  render(<TableToolbar {...all} />);
  return all;
}

describe("TableToolbar", () => {
  it("resets filters and search only when there are some, keeping sort and size", async () => {
    const user = userEvent.setup();
    renderToolbar();
    expect(screen.queryByRole("button", { name: /reset filters/i })).toBeNull();

    const filtered = {
      ...DEFAULT_TABLE_STATE,
      status: ["DONE" as const],
      owner: ["user_bob"],
      q: "launch",
      sort: "due" as const,
      size: 50 as const,
      trail: ["0_a"],
    };
    expect(withoutFilters(filtered)).toEqual({ ...DEFAULT_TABLE_STATE, sort: "due", size: 50 });
    const { navigate } = renderToolbar({ state: filtered });
    await user.click(screen.getByRole("button", { name: /reset filters/i }));
    expect(navigate).toHaveBeenCalledWith({ ...DEFAULT_TABLE_STATE, sort: "due", size: 50 });
  });

  it("marks the viewer in the owner filter, and has none in personal scope", async () => {
    const user = userEvent.setup();
    renderToolbar();
    await user.click(screen.getByRole("button", { name: "Filter by owner" }));
    expect(await screen.findByRole("checkbox", { name: /alice admin \(you\)/i })).toBeTruthy();
    expect(screen.getByRole("checkbox", { name: "Bob Member" })).toBeTruthy();
  });

  it("has no owner filter when there are no owners to choose (personal scope)", () => {
    renderToolbar({ owners: null });
    expect(screen.getByRole("button", { name: "Filter by status" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /filter by owner/i })).toBeNull();
  });

  it("offers bulk delete with the selection's size, only to those who may", async () => {
    const user = userEvent.setup();
    const { onDeleteSelected } = renderToolbar({ selectedCount: 3 });
    const button = screen.getByRole("button", { name: /^delete selected\s*\(3\)$/i });
    await user.click(button);
    expect(onDeleteSelected).toHaveBeenCalledTimes(1);
  });

  it("disables bulk delete with nothing selected", () => {
    renderToolbar({ selectedCount: 0 });
    expect(screen.getByRole("button", { name: "Delete selected" })).toHaveProperty(
      "disabled",
      true,
    );
  });

  it("disables bulk delete while a mutation runs, and hides it from members", () => {
    renderToolbar({ selectedCount: 2, mutating: true });
    expect(screen.getByRole("button", { name: /delete selected/i })).toHaveProperty(
      "disabled",
      true,
    );
    renderToolbar({ selectedCount: null });
    expect(screen.getAllByRole("button", { name: /delete selected/i })).toHaveLength(1);
  });

  it("lists the hideable columns, hidden ones unchecked, and reports a toggle", async () => {
    const user = userEvent.setup();
    const { onColumnVisibility } = renderToolbar({
      state: { ...DEFAULT_TABLE_STATE, hide: ["dueDate"] },
    });
    await user.click(screen.getByRole("button", { name: "Columns" }));
    const items = await screen.findAllByRole("menuitemcheckbox");
    expect(items.map((item) => [item.textContent, item.getAttribute("aria-checked")])).toEqual([
      ["Status", "true"],
      ["Owner", "true"],
      ["Due date", "false"],
      ["Updated", "true"],
    ]);
    await user.click(screen.getByRole("menuitemcheckbox", { name: "Due date" }));
    expect(onColumnVisibility).toHaveBeenCalledWith("dueDate", true);
  });
});
