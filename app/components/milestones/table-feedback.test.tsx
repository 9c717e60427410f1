import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ActionNotice, BulkResults, bulkSummary, outcomeLabel } from "./table-feedback";

describe("bulk delete results", () => {
  it("sums up how many of the ids were deleted", () => {
    const deleted = { id: "a", deleted: true };
    const kept = { id: "b", deleted: false, errorType: "NotFound", message: "Not found" };
    expect(bulkSummary([deleted])).toBe("Deleted 1 milestone");
    expect(bulkSummary([deleted, { ...deleted, id: "c" }])).toBe("Deleted 2 milestones");
    expect(bulkSummary([deleted, kept, { ...deleted, id: "c" }])).toBe("Deleted 2 of 3 milestones");
    expect(bulkSummary([kept])).toBe("Nothing was deleted");
  });

  it("names each id's outcome", () => {
    expect(outcomeLabel({ id: "a", deleted: true })).toBe("Deleted");
    expect(outcomeLabel({ id: "a", deleted: false, errorType: "NotFound" })).toBe("Not found");
    expect(outcomeLabel({ id: "a", deleted: false, errorType: "ConflictError" })).toBe(
      "Changed meanwhile",
    );
    expect(outcomeLabel({ id: "a", deleted: false, errorType: "Aborted" })).toBe("Not deleted");
  });

  it("lists each row by title, with the reason it was kept, and can be dismissed", async () => {
    const user = userEvent.setup();
    const onDismiss = vi.fn();
    render(
      <BulkResults
        results={[
          { id: "m1", title: "Launch", deleted: true },
          { id: "m2", title: "Hire", deleted: false, errorType: "NotFound", message: "Gone" },
        ]}
        onDismiss={onDismiss}
      />,
    );
    const results = screen.getByRole("status", { name: "Bulk delete results" });
    expect(within(results).getByRole("heading").textContent).toBe("Deleted 1 of 2 milestones");
    expect(
      within(results)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["DeletedLaunch", "Not foundHire— Gone"]);
    await user.click(within(results).getByRole("button", { name: "Dismiss results" }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
  });
});

describe("ActionNotice", () => {
  it("offers a reload only when someone else changed the row", async () => {
    const user = userEvent.setup();
    const onReload = vi.fn();
    const onDismiss = vi.fn();
    const { rerender } = render(
      <ActionNotice
        notice={{ kind: "conflict", message: "Changed by someone else" }}
        onReload={onReload}
        onDismiss={onDismiss}
      />,
    );
    await user.click(within(screen.getByRole("alert")).getByRole("button", { name: "Reload" }));
    expect(onReload).toHaveBeenCalledTimes(1);

    rerender(
      <ActionNotice
        notice={{ kind: "error", message: "Not allowed" }}
        onReload={onReload}
        onDismiss={onDismiss}
      />,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Not allowed");
    expect(within(alert).queryByRole("button", { name: "Reload" })).toBeNull();
    await user.click(within(alert).getByRole("button", { name: "Dismiss" }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
  });
});
