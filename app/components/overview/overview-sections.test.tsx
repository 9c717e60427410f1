import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/app/lib/api/errors";
import type { Milestone } from "@/app/lib/api/schemas";
import type { Overview } from "@/app/lib/overview/load";
import { OverviewSections } from "./overview-sections";

// The chart is recharts in the browser only; here its lazy wrapper's skeleton stands in.
vi.mock("./status-chart-lazy", () => ({
  StatusChartLazy: () => <div data-testid="status-chart-skeleton" />,
}));

const NOW = new Date("2026-12-02T10:00:00Z");

function milestone(id: string, status: Milestone["status"], dueDate: string | null): Milestone {
  return {
    id,
    scope: "ORG",
    orgId: "org_1",
    ownerId: "user_me",
    owner: null,
    title: `Title ${id}`,
    description: "",
    status,
    dueDate,
    createdAt: "2026-11-01T00:00:00Z",
    updatedAt: "2026-12-01T10:00:00Z",
    version: 1,
  };
}

function overview(change: Partial<Overview> = {}): Overview {
  return {
    today: "2026-12-02",
    lastDueDay: "2026-12-16",
    dueSoonDays: 14,
    mine: {
      ok: true,
      value: {
        overdue: [milestone("a", "PLANNED", "2026-11-30")],
        dueSoon: [milestone("b", "BLOCKED", "2026-12-09")],
        truncated: false,
      },
    },
    stats: {
      ok: true,
      value: {
        counts: [
          { status: "PLANNED", count: 4 },
          { status: "IN_PROGRESS", count: 1 },
          { status: "DONE", count: 0 },
          { status: "BLOCKED", count: 2 },
        ],
        total: 7,
      },
    },
    recent: { ok: true, value: [milestone("c", "DONE", null)] },
    sync: null,
    ...change,
  };
}

describe("OverviewSections", () => {
  it("lists my overdue and soon-due milestones as links to their pages", () => {
    render(<OverviewSections overview={overview()} now={NOW} />);
    const overdue = screen.getByRole("list", { name: "Overdue" });
    expect(within(overdue).getByRole("link", { name: "Title a" }).getAttribute("href")).toBe(
      "/milestones/a",
    );
    expect(within(overdue).getByText("(overdue)")).toBeTruthy();
    const soon = screen.getByRole("list", { name: "Due in the next 14 days" });
    expect(within(soon).getByRole("link", { name: "Title b" })).toBeTruthy();
    const recent = screen.getByRole("list", { name: "Recently changed" });
    expect(within(recent).getByRole("link", { name: "Title c" })).toBeTruthy();
  });

  it("links each status count to the milestones list filtered by it, and repeats the numbers in a table", () => {
    render(<OverviewSections overview={overview()} now={NOW} />);
    const counts = screen.getByRole("list", { name: "Milestones by status" });
    const blocked = within(counts).getByRole("link", { name: /Blocked\s*2/ });
    expect(blocked.getAttribute("href")).toBe("/milestones?status=BLOCKED");
    expect(
      within(counts)
        .getByRole("link", { name: /Planned\s*4/ })
        .getAttribute("href"),
    ).toBe("/milestones?status=PLANNED");
    const table = screen.getByRole("table", { name: "Milestones by status" });
    expect(within(table).getByRole("row", { name: "Blocked 2" })).toBeTruthy();
    expect(within(table).getByRole("row", { name: "Total 7" })).toBeTruthy();
    expect(screen.getByTestId("status-chart-skeleton")).toBeTruthy();
  });

  it("shows empty states when nothing is due and the scope has no milestones", () => {
    const empty = { counts: overview().stats.ok ? [] : [], total: 0 };
    render(
      <OverviewSections
        overview={overview({
          mine: { ok: true, value: { overdue: [], dueSoon: [], truncated: false } },
          stats: { ok: true, value: empty },
          recent: { ok: true, value: [] },
        })}
        now={NOW}
      />,
    );
    expect(screen.getByRole("status", { name: "Nothing due" })).toBeTruthy();
    expect(screen.getByRole("status", { name: "No milestones yet" })).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("keeps a failed section's error to that section, and shows sync health to admins only", () => {
    const { rerender } = render(
      <OverviewSections
        overview={overview({
          stats: { ok: false, error: new ApiError("Unavailable", "API down") },
        })}
        now={NOW}
      />,
    );
    expect(screen.getByRole("alert").textContent).toContain("API down");
    expect(screen.getByRole("list", { name: "Overdue" })).toBeTruthy();
    expect(screen.queryByTestId("sync-health-line")).toBeNull();
    rerender(
      <OverviewSections
        overview={overview({
          sync: {
            ok: true,
            value: {
              counts: { APPLIED: 3, DUPLICATE: 0, STALE: 0, IGNORED: 0, FAILED: 1 },
              total: 4,
              lastEventAt: "2026-12-02T09:00:00Z",
              failures: [],
              status: "degraded",
            },
          },
        })}
        now={NOW}
      />,
    );
    const line = screen.getByTestId("sync-health-line");
    expect(line.textContent).toContain("Some deliveries failed");
    expect(within(line).getByRole("link", { name: "Sync health" }).getAttribute("href")).toBe(
      "/sync",
    );
  });
});
