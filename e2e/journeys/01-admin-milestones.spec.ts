/**
 * Journey 1: an admin signs in, creates milestones in their org, edits one, bulk-deletes two;
 * the audit log lists all of it — on the page and in the API.
 */
import { expect, test } from "../support/fixtures";
import {
  createMilestoneInUi,
  editSection,
  fillMilestoneForm,
  milestonesTable,
  rowOf,
} from "../support/milestones-ui";

test("an admin creates, edits and bulk-deletes milestones; the audit log lists it all", async ({
  adminPage: page,
  freshOrg,
}) => {
  const { admin, org } = freshOrg;
  await expect(page.getByRole("button", { name: "Switch organization" })).toContainText(org.name);
  await expect(page.getByText("No milestones yet")).toBeVisible();

  await test.step("create four milestones", async () => {
    await createMilestoneInUi(page, {
      title: "Launch plan",
      description: "Everything for the launch",
      dueDate: "2031-03-01",
    });
    await createMilestoneInUi(page, { title: "Write the docs", status: "In progress" });
    await createMilestoneInUi(page, { title: "Beta feedback" });
    await createMilestoneInUi(page, { title: "Retrospective" });
    await expect(milestonesTable(page).getByRole("row")).toHaveCount(5); // header + 4
    const launch = rowOf(page, "Launch plan");
    await expect(launch).toContainText("1 Mar 2031");
    await expect(launch).toContainText(`${admin.firstName} ${admin.lastName} (you)`);
  });

  await test.step("edit one on its page", async () => {
    await page.getByRole("link", { name: "Launch plan", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Launch plan" })).toBeVisible();
    const form = editSection(page);
    await fillMilestoneForm(form, { title: "Launch plan v2", status: "In progress" });
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Launch plan v2" })).toBeVisible();
    await page.getByRole("link", { name: "Milestones", exact: true }).first().click();
    await expect(rowOf(page, "Launch plan v2")).toBeVisible();
    await expect(rowOf(page, "Launch plan v2").getByLabel("Status")).toHaveValue("IN_PROGRESS");
  });

  await test.step("bulk-delete two", async () => {
    await page.getByRole("checkbox", { name: "Select Beta feedback" }).click();
    await page.getByRole("checkbox", { name: "Select Retrospective" }).click();
    await page.getByRole("button", { name: /Delete selected/ }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete 2 milestones?" });
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("status", { name: "Bulk delete results" })).toContainText(
      "Deleted 2 milestones",
    );
    await expect(rowOf(page, "Beta feedback")).toHaveCount(0);
    await expect(rowOf(page, "Retrospective")).toHaveCount(0);
    await page.reload();
    await expect(milestonesTable(page).getByRole("row")).toHaveCount(3);
  });

  await test.step("the API holds what the page shows", async () => {
    const items = await admin.api.milestones();
    expect(items.map((m) => m.title).sort()).toEqual(["Launch plan v2", "Write the docs"]);
    const launch = items.find((m) => m.title === "Launch plan v2");
    expect(launch).toMatchObject({
      orgId: org.id,
      ownerId: admin.id,
      status: "IN_PROGRESS",
      dueDate: "2031-03-01",
      description: "Everything for the launch",
      version: 2,
    });
  });

  await test.step("the audit log lists every change", async () => {
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Audit log" })
      .click();
    const log = page.getByRole("table", { name: "Audit log" });
    await expect(log).toBeVisible();
    const rows = log.getByRole("row");
    await expect(rows).toHaveCount(1 + 4 + 1 + 2);
    for (const title of ["Write the docs", "Beta feedback", "Retrospective"]) {
      await expect(rows.filter({ hasText: "Created" }).filter({ hasText: title })).toHaveCount(1);
    }
    await expect(
      rows.filter({ hasText: "Created" }).filter({ hasText: "Launch plan" }),
    ).toHaveCount(1);
    const update = rows.filter({ hasText: "Updated" });
    await expect(update).toHaveCount(1);
    await expect(update).toContainText("Launch plan v2");
    await expect(update).toContainText("Status:");
    for (const title of ["Beta feedback", "Retrospective"]) {
      await expect(rows.filter({ hasText: "Deleted" }).filter({ hasText: title })).toHaveCount(1);
    }
    await expect(rows.filter({ hasText: `${admin.firstName} ${admin.lastName}` })).toHaveCount(7);

    const entries = await admin.api.auditLog();
    const count = (action: string) => entries.filter((e) => e.action === action).length;
    expect(count("milestone.create")).toBe(4);
    expect(count("milestone.update")).toBe(1);
    expect(count("milestone.delete")).toBe(2);
    expect(entries.every((e) => e.actorId === admin.id)).toBe(true);
  });
});
