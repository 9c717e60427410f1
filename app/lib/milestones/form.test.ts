import { describe, expect, it } from "vitest";
import {
  EMPTY_FORM,
  formValuesOf,
  parseCreateForm,
  parseUpdateForm,
  rebaseFormValues,
} from "./form";

describe("parseCreateForm", () => {
  it("turns valid values into createMilestone's input (empty date = none)", () => {
    expect(parseCreateForm({ ...EMPTY_FORM, title: "  Launch  " })).toEqual({
      ok: true,
      input: { title: "Launch", description: "", status: "PLANNED", dueDate: null },
    });
    expect(
      parseCreateForm({ ...EMPTY_FORM, title: "t", dueDate: "2027-01-31", status: "DONE" }),
    ).toMatchObject({ ok: true, input: { dueDate: "2027-01-31", status: "DONE" } });
  });

  it("gives one message per invalid field: empty title, 10,000 characters, invalid date", () => {
    const result = parseCreateForm({
      title: "   ",
      description: "d".repeat(10_000),
      status: "PLANNED",
      dueDate: "2027-02-30",
    });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        title: "Title is required",
        description: "Description must be at most 5000 characters",
        dueDate: "Due date must be a valid date (YYYY-MM-DD)",
      },
    });
  });

  it("rejects a title over 200 characters and an unknown status", () => {
    const result = parseCreateForm({
      ...EMPTY_FORM,
      title: "x".repeat(201),
      // A tampered select: the type says MilestoneStatus, the DOM may say anything.
      status: "LATE" as "PLANNED",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.fieldErrors.title).toBe("Title must be at most 200 characters");
      expect(result.fieldErrors.status).toBe("Unknown status");
    }
  });
});

describe("parseUpdateForm", () => {
  const saved = formValuesOf({
    title: "Launch",
    description: "first",
    status: "PLANNED",
    dueDate: "2027-01-31",
  });

  it("sends only the changed fields", () => {
    expect(parseUpdateForm({ ...saved, status: "DONE", title: "Launch " }, saved)).toEqual({
      ok: true,
      input: { status: "DONE" },
      changed: true,
    });
  });

  it("clears the due date with null", () => {
    expect(parseUpdateForm({ ...saved, dueDate: "" }, saved)).toEqual({
      ok: true,
      input: { dueDate: null },
      changed: true,
    });
  });

  it("reports no change when nothing differs", () => {
    expect(parseUpdateForm(saved, saved)).toEqual({ ok: true, input: {}, changed: false });
  });

  it("validates every field, not only the changed ones", () => {
    const result = parseUpdateForm({ ...saved, title: "", dueDate: "tomorrow" }, saved);
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        title: "Title is required",
        dueDate: "Due date must be a valid date (YYYY-MM-DD)",
      },
    });
  });
});

describe("rebaseFormValues", () => {
  it("keeps the user's edited fields and takes the others from the newer version", () => {
    const base = { title: "Launch", description: "old", status: "PLANNED" as const, dueDate: "" };
    const edited = { ...base, description: "mine" };
    const latest = { ...base, title: "Launch v2", status: "DONE" as const };
    expect(rebaseFormValues(edited, base, latest)).toEqual({
      title: "Launch v2",
      description: "mine",
      status: "DONE",
      dueDate: "",
    });
  });
});
