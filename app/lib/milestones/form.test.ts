import { describe, expect, it } from "vitest";
import { EMPTY_FORM, changedFields, formValuesOf, rebaseFormValues, toCreateInput } from "./form";
import { parseCreateInput, parseUpdateInput } from "./validation";

describe("what the create form sends, validated as the server action does", () => {
  it("valid values become createMilestone's input (trimmed; empty date = none)", () => {
    expect(parseCreateInput(toCreateInput({ ...EMPTY_FORM, title: "  Launch  " }))).toEqual({
      ok: true,
      input: { title: "Launch", description: "", status: "PLANNED", dueDate: null },
    });
    expect(
      parseCreateInput(
        toCreateInput({ ...EMPTY_FORM, title: "t", dueDate: "2027-01-31", status: "DONE" }),
      ),
    ).toMatchObject({ ok: true, input: { dueDate: "2027-01-31", status: "DONE" } });
  });

  it("one message per invalid field: empty title, 10,000 characters, invalid date", () => {
    const input = toCreateInput({
      title: "   ",
      description: "d".repeat(10_000),
      status: "PLANNED",
      dueDate: "2027-02-30",
    });
    expect(parseCreateInput(input)).toEqual({
      ok: false,
      fieldErrors: {
        title: "Title is required",
        description: "Description must be at most 5000 characters",
        dueDate: "Due date must be a valid date (YYYY-MM-DD)",
      },
    });
  });

  it("a half-typed date (value '' with badInput) is an invalid date, not no date", () => {
    const input = toCreateInput({ ...EMPTY_FORM, title: "t" }, true);
    expect(parseCreateInput(input)).toEqual({
      ok: false,
      fieldErrors: { dueDate: "Due date must be a valid date (YYYY-MM-DD)" },
    });
  });

  it("rejects a title over 200 characters, an unknown status and unknown fields", () => {
    const result = parseCreateInput({ title: "x".repeat(201), status: "LATE", ownerId: "u" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.fieldErrors.title).toBe("Title must be at most 200 characters");
      expect(result.fieldErrors.status).toBe("Unknown status");
      expect(result.formError).toMatch(/ownerId/);
    }
  });
});

describe("what the edit form sends", () => {
  const saved = formValuesOf({
    title: "Launch",
    description: "first",
    status: "PLANNED",
    dueDate: "2027-01-31",
  });

  it("only the changed fields; spaces around an unchanged title are no change", () => {
    expect(changedFields({ ...saved, status: "DONE", title: "Launch " }, saved)).toEqual({
      status: "DONE",
    });
    expect(parseUpdateInput({ status: "DONE" })).toEqual({ ok: true, input: { status: "DONE" } });
  });

  it("clears the due date with null, and sends a half-typed one as invalid", () => {
    expect(changedFields({ ...saved, dueDate: "" }, saved)).toEqual({ dueDate: null });
    const bad = changedFields({ ...saved, dueDate: "" }, saved, true);
    expect(parseUpdateInput(bad)).toEqual({
      ok: false,
      fieldErrors: { dueDate: "Due date must be a valid date (YYYY-MM-DD)" },
    });
  });

  it("nothing when nothing differs (and the API's schema refuses an empty update)", () => {
    expect(changedFields(saved, saved)).toEqual({});
    expect(parseUpdateInput({})).toMatchObject({ ok: false, formError: "Nothing to update" });
  });

  it("field messages for invalid changes", () => {
    const change = changedFields({ ...saved, title: " ", description: "d".repeat(5001) }, saved);
    expect(parseUpdateInput(change)).toEqual({
      ok: false,
      fieldErrors: {
        title: "Title is required",
        description: "Description must be at most 5000 characters",
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
