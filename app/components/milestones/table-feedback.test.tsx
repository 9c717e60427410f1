import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { DeleteMilestoneResult } from "@/app/lib/api/schemas";
import { ActionNotice, BulkResults, bulkSummary, outcomeLabel } from "./table-feedback";

/** One id's result as deleteMilestones returns it. */
function result(
  id: string,
  deleted: boolean,
  errorType: string | null = null,
  message: string | null = null,
): DeleteMilestoneResult {
  return { id, deleted, errorType, message };
}

describe("bulk delete results", () => {
  it("sums up how many of the ids were deleted", () => {
    const kept = result("b", false, "NotFound", "Not found");
    expect(bulkSummary([result("a", true)])).toBe("Deleted 1 milestone");
    expect(bulkSummary([result("a", true), result("c", true)])).toBe("Deleted 2 milestones");
    expect(bulkSummary([result("a", true), kept, result("c", true)])).toBe(
      "Deleted 2 of 3 milestones",
    );
    expect(bulkSummary([kept])).toBe("Nothing was deleted");
  });

  it("names each id's outcome", () => {
    expect(outcomeLabel(result("a", true))).toBe("Deleted");
    expect(outcomeLabel(result("a", false, "NotFound"))).toBe("Not found");
    expect(outcomeLabel(result("a", false, "ConflictError"))).toBe("Changed meanwhile");
    expect(outcomeLabel(result("a", false, "Aborted"))).toBe("Not deleted");
  });

  it("lists each row by title, with the reason it was kept, and can be dismissed", async () => {
    const user = userEvent.setup();
    const onDismiss = vi.fn();
    render(
      <BulkResults
        results={[
          { ...result("m1", true), title: "Launch" },
          { ...result("m2", false, "NotFound", "Gone"), title: "Hire" },
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
