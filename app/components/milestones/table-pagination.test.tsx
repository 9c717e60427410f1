import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_TABLE_STATE, MAX_TRAIL } from "@/app/lib/milestones/table-state";
import { pageSummary, TablePagination, type TablePaginationProps } from "./table-pagination";

function renderPagination(props: Partial<TablePaginationProps> = {}) {
  const navigate = vi.fn();
  render(
    <TablePagination
      state={DEFAULT_TABLE_STATE}
      navigate={navigate}
      rowCount={25}
      selectedCount={0}
      nextCursor="0_next"
      pending={false}
      {...props}
    />,
  );
  return navigate;
}

describe("TablePagination", () => {
  it("says which page this is, or how many rows are selected", () => {
    const trail = (length: number) => ({
      ...DEFAULT_TABLE_STATE,
      trail: Array.from({ length }, (_, i) => `0_${i}`),
    });
    expect(pageSummary(DEFAULT_TABLE_STATE, 25, 0)).toBe("Page 1 · 25 milestones");
    expect(pageSummary(trail(2), 1, 0)).toBe("Page 3 · 1 milestone");
    // The trail keeps MAX_TRAIL cursors: past that the page number is a lower bound.
    expect(pageSummary(trail(MAX_TRAIL), 0, 0)).toBe(`Page ${MAX_TRAIL + 1}+ · 0 milestones`);
    expect(pageSummary(trail(2), 10, 3)).toBe("3 of 10 selected");
  });

  it("on the first page only goes forward, appending the next cursor", async () => {
    const user = userEvent.setup();
    const navigate = renderPagination({ state: { ...DEFAULT_TABLE_STATE, q: "x" } });
    expect(screen.getByRole("button", { name: "Previous page" })).toHaveProperty("disabled", true);
    await user.click(screen.getByRole("button", { name: "Next page" }));
    expect(navigate).toHaveBeenCalledWith({ ...DEFAULT_TABLE_STATE, q: "x", trail: ["0_next"] });
  });

  it("on the last page only goes back, dropping the last cursor", async () => {
    const user = userEvent.setup();
    const navigate = renderPagination({
      state: { ...DEFAULT_TABLE_STATE, trail: ["0_a", "0_b"] },
      nextCursor: null,
    });
    expect(screen.getByRole("button", { name: "Next page" })).toHaveProperty("disabled", true);
    await user.click(screen.getByRole("button", { name: "Previous page" }));
    expect(navigate).toHaveBeenCalledWith({ ...DEFAULT_TABLE_STATE, trail: ["0_a"] });
  });

  it("waits for a navigation in progress before the next one", () => {
    renderPagination({ state: { ...DEFAULT_TABLE_STATE, trail: ["0_a"] }, pending: true });
    expect(screen.getByRole("button", { name: "Previous page" })).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: "Next page" })).toHaveProperty("disabled", true);
  });

  it("a new page size restarts at the first page", async () => {
    const user = userEvent.setup();
    const navigate = renderPagination({ state: { ...DEFAULT_TABLE_STATE, trail: ["0_a"] } });
    const size = screen.getByRole("combobox", { name: "Rows per page" });
    expect((size as HTMLSelectElement).value).toBe(String(DEFAULT_TABLE_STATE.size));
    await user.selectOptions(size, "100");
    expect(navigate).toHaveBeenCalledWith({ ...DEFAULT_TABLE_STATE, size: 100 });
  });
});
