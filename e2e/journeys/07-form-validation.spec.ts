/**
 * Journey 7: bad input in the forms — an empty title, a 10,000-character description, an
 * invalid date — gets a message at the field, and nothing is saved (UI, API, audit log). The
 * API refuses the same input sent directly.
 */
import { errorTypeOf } from "../support/api";
import { expect, test } from "../support/fixtures";
import {
  editSection,
  fillMilestoneForm,
  milestonesTable,
  rowOf,
  submitNewMilestone,
} from "../support/milestones-ui";

const LONG = "x".repeat(10_000);

test("invalid titles, descriptions and dates are refused with messages; nothing is saved", async ({
  adminPage: page,
  freshOrg,
}) => {
  const { admin } = freshOrg;
  const dialog = page.getByRole("dialog", { name: "New milestone" });

  await test.step("new milestone: empty title", async () => {
    await submitNewMilestone(page, { title: "   ", description: "No title at all" });
    await expect(dialog.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByText("Title is required")).toBeVisible();
    await expect(dialog).toBeVisible();
  });

  await test.step("new milestone: a 10,000-character description", async () => {
    await fillMilestoneForm(dialog, { title: "Too wordy", description: LONG });
    await expect(dialog.getByText("10,000 / 5,000 characters")).toBeVisible();
    await dialog.getByRole("button", { name: "Create milestone" }).click();
    await expect(dialog.getByText("Description must be at most 5000 characters")).toBeVisible();
    await expect(dialog.getByLabel("Description")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog).toBeVisible();
  });

  await test.step("new milestone: an invalid date", async () => {
    await fillMilestoneForm(dialog, { title: "Bad date", description: "Short" });
    // A half-typed date: the browser reports no value and a bad input.
    const due = dialog.getByLabel("Due date");
    await due.click();
    await due.press("0");
    await due.press("2");
    await due.press("3");
    await due.press("1");
    await dialog.getByRole("button", { name: "Create milestone" }).click();
    await expect(dialog.getByText(/Due date must be a valid date/)).toBeVisible();
    await expect(due).toHaveAttribute("aria-invalid", "true");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step("nothing was saved", async () => {
    await page.reload();
    await expect(page.getByText("No milestones yet")).toBeVisible();
    expect(await admin.api.milestones()).toEqual([]);
    expect(await admin.api.auditLog()).toEqual([]);
  });

  await test.step("the API refuses the same input", async () => {
    for (const input of [
      { title: "" },
      { title: "   " },
      { title: "Too wordy", description: LONG },
      { title: "Bad date", dueDate: "2030-02-31" },
      { title: "Bad date", dueDate: "31/12/2030" },
    ]) {
      const response = await admin.api.send(
        "mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }",
        { input },
      );
      expect(errorTypeOf(response), JSON.stringify(input).slice(0, 80)).toMatch(
        /ValidationError|BadRequest/,
      );
    }
    expect(await admin.api.milestones()).toEqual([]);
  });

  const saved = await admin.api.createMilestone({
    title: "Valid milestone",
    description: "Fine as it is",
    dueDate: "2030-05-01",
  });

  await test.step("editing: the same checks, and the saved version stays", async () => {
    await page.reload();
    await rowOf(page, "Valid milestone").getByRole("link", { name: "Valid milestone" }).click();
    const form = editSection(page);
    const save = form.getByRole("button", { name: "Save changes" });

    await fillMilestoneForm(form, { title: "" });
    await save.click();
    await expect(form.getByText("Title is required")).toBeVisible();

    await fillMilestoneForm(form, { title: "Valid milestone", description: LONG });
    await save.click();
    await expect(form.getByText("Description must be at most 5000 characters")).toBeVisible();

    await form.getByRole("button", { name: "Discard changes" }).click();
    await expect(form.getByLabel("Description")).toHaveValue("Fine as it is");
    const due = form.getByLabel("Due date");
    await due.click();
    await due.press("Backspace");
    await due.press("Tab");
    await save.click();
    await expect(form.getByText(/Due date must be a valid date/)).toBeVisible();

    await page.reload();
    await expect(form.getByLabel("Title")).toHaveValue("Valid milestone");
    await expect(form.getByLabel("Description")).toHaveValue("Fine as it is");
    await expect(form.getByLabel("Due date")).toHaveValue("2030-05-01");
    expect(await admin.api.milestone(saved.id)).toMatchObject({
      title: "Valid milestone",
      description: "Fine as it is",
      dueDate: "2030-05-01",
      version: 1,
    });
    const forced = await admin.api.updateMilestone(saved.id, 1, { title: " " });
    expect(errorTypeOf(forced)).toBe("ValidationError");
    const entries = await admin.api.auditLog();
    expect(entries.map((e) => e.action)).toEqual(["milestone.create"]);
    await page.goto("/milestones");
    await expect(milestonesTable(page).getByRole("row")).toHaveCount(2);
  });
});
