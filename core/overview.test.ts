import { describe, expect, it } from "vitest";
import { DUE_SOON_DAYS, dueWindow, groupMyMilestones, utcDay } from "./overview";
import { isOverdue } from "./portable/milestone";

describe("dueWindow", () => {
  it("looks 14 days ahead, today included, in UTC days", () => {
    expect(DUE_SOON_DAYS).toBe(14);
    expect(dueWindow(new Date("2026-12-02T23:59:59Z"))).toEqual({
      today: "2026-12-02",
      lastDueDay: "2026-12-16",
      dueBefore: "2026-12-17",
    });
    // Across a month and a year end.
    expect(dueWindow(new Date("2026-12-25T00:00:00Z")).dueBefore).toBe("2027-01-09");
    expect(utcDay(new Date("2027-03-01T00:30:00+02:00"))).toBe("2027-02-28");
  });
});

describe("isOverdue", () => {
  it("is a due date before today, for anything not done", () => {
    expect(isOverdue({ status: "PLANNED", dueDate: "2026-12-01" }, "2026-12-02")).toBe(true);
    expect(isOverdue({ status: "BLOCKED", dueDate: "2026-12-02" }, "2026-12-02")).toBe(false);
    expect(isOverdue({ status: "DONE", dueDate: "2026-01-01" }, "2026-12-02")).toBe(false);
    expect(isOverdue({ status: "PLANNED", dueDate: null }, "2026-12-02")).toBe(false);
  });
});

describe("groupMyMilestones", () => {
  const window = { today: "2026-12-02", lastDueDay: "2026-12-16" };
  const m = (
    id: string,
    status: "PLANNED" | "IN_PROGRESS" | "DONE" | "BLOCKED",
    dueDate: string | null,
  ) => ({
    id,
    status,
    dueDate,
  });

  it("splits open milestones into overdue and due soon, earliest first, leaving the rest out", () => {
    const groups = groupMyMilestones(
      [
        m("soon-late", "PLANNED", "2026-12-16"),
        m("later", "PLANNED", "2026-12-17"),
        m("done-overdue", "DONE", "2026-11-01"),
        m("overdue-2", "BLOCKED", "2026-12-01"),
        m("today", "IN_PROGRESS", "2026-12-02"),
        m("undated", "PLANNED", null),
        m("overdue-1", "PLANNED", "2026-10-30"),
      ],
      window,
    );
    expect(groups.overdue.map((x) => x.id)).toEqual(["overdue-1", "overdue-2"]);
    expect(groups.dueSoon.map((x) => x.id)).toEqual(["today", "soon-late"]);
  });

  it("answers two empty groups for nothing", () => {
    expect(groupMyMilestones([], window)).toEqual({ overdue: [], dueSoon: [] });
  });
});
