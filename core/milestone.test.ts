import { describe, expect, it } from "vitest";
import { milestoneCreateSchema, milestoneUpdateSchema } from "./milestone";

describe("milestoneCreateSchema", () => {
  it("accepts a minimal input and fills defaults", () => {
    expect(milestoneCreateSchema.parse({ title: "  Launch  " })).toEqual({
      title: "Launch",
      description: "",
      status: "PLANNED",
      dueDate: null,
    });
  });

  it("holds the limits at their edges", () => {
    expect(milestoneCreateSchema.safeParse({ title: "x".repeat(200) }).success).toBe(true);
    expect(milestoneCreateSchema.safeParse({ title: "x".repeat(201) }).success).toBe(false);
    expect(milestoneCreateSchema.safeParse({ title: "   " }).success).toBe(false);
    expect(
      milestoneCreateSchema.safeParse({ title: "t", description: "d".repeat(5000) }).success,
    ).toBe(true);
    expect(
      milestoneCreateSchema.safeParse({ title: "t", description: "d".repeat(5001) }).success,
    ).toBe(false);
  });

  it("accepts only real calendar dates", () => {
    const due = (dueDate: string) =>
      milestoneCreateSchema.safeParse({ title: "t", dueDate }).success;
    expect(due("2028-02-29")).toBe(true);
    expect(due("2027-02-29")).toBe(false);
    expect(due("2026-13-01")).toBe(false);
    expect(due("2026-11-26T00:00:00Z")).toBe(false);
    expect(due("26/11/2026")).toBe(false);
  });

  it("rejects unknown statuses and unknown fields with a message", () => {
    const status = milestoneCreateSchema.safeParse({ title: "t", status: "LATE" });
    expect(status.success).toBe(false);
    expect(status.error?.issues[0]?.message).toBe("Unknown status");
    expect(milestoneCreateSchema.safeParse({ title: "t", ownerId: "user_2" }).success).toBe(false);
  });
});

describe("milestoneUpdateSchema", () => {
  it("takes a partial update, may clear the due date, and refuses an empty one", () => {
    expect(milestoneUpdateSchema.parse({ status: "DONE" })).toEqual({ status: "DONE" });
    expect(milestoneUpdateSchema.parse({ dueDate: null })).toEqual({ dueDate: null });
    expect(milestoneUpdateSchema.safeParse({}).success).toBe(false);
    expect(milestoneUpdateSchema.safeParse({ title: "" }).success).toBe(false);
  });
});
