/**
 * Journey 2: a member sees all of the org's milestones, edits their own, and has no edit
 * controls on another's; the same edit forced through the API is denied.
 */
import { errorTypeOf } from "../support/api";
import { expect, test } from "../support/fixtures";
import {
  createMilestoneInUi,
  editSection,
  fillMilestoneForm,
  milestonesTable,
  rowOf,
} from "../support/milestones-ui";

test("a member edits their own milestone only; the API refuses the rest", async ({
  freshOrg,
  memberPage: page,
}) => {
  const { admin, member } = freshOrg;
  const roadmap = await admin.api.createMilestone({
    title: "Quarterly roadmap",
    description: "Set by the admin",
    status: "PLANNED",
  });
  const hiring = await admin.api.createMilestone({ title: "Hiring plan", status: "BLOCKED" });

  await test.step("the member sees every milestone of the org", async () => {
    await page.reload();
    await createMilestoneInUi(page, { title: "Member research", description: "Draft" });
    await expect(milestonesTable(page).getByRole("row")).toHaveCount(4);
    for (const title of ["Quarterly roadmap", "Hiring plan", "Member research"]) {
      await expect(rowOf(page, title)).toBeVisible();
    }
    const apiTitles = (await member.api.milestones()).map((m) => m.title).sort();
    expect(apiTitles).toEqual(["Hiring plan", "Member research", "Quarterly roadmap"]);
  });

  await test.step("no admin pages, no bulk delete", async () => {
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Milestones" })).toBeVisible();
    // Overview and Milestones only: no Members, Audit log or Sync health.
    await expect(nav.getByRole("link")).toHaveText(["Overview", "Milestones"]);
    await expect(page.getByRole("button", { name: /Delete selected/ })).toHaveCount(0);
    // Rows are selectable for bulk edit (the API refuses others' rows per row, journey 12),
    // but there is no bulk delete.
    await expect(page.getByRole("button", { name: /Edit selected/ })).toBeVisible();
  });

  await test.step("no edit controls on another's milestone", async () => {
    const row = rowOf(page, "Quarterly roadmap");
    await expect(row.getByRole("combobox", { name: "Status" })).toHaveCount(0);
    await expect(row).toContainText("Planned");
    await row.getByRole("button", { name: "Actions for Quarterly roadmap" }).click();
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem", { name: "Open", exact: true })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: /Delete/ })).toHaveCount(0);
    await page.keyboard.press("Escape");
    // Their own row has the controls.
    await expect(
      rowOf(page, "Member research").getByRole("combobox", { name: "Status" }),
    ).toBeEnabled();

    await page.getByRole("link", { name: "Quarterly roadmap", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Quarterly roadmap" })).toBeVisible();
    await expect(
      page.getByText(
        "Only its owner, or someone who manages this organization’s milestones, can edit it.",
      ),
    ).toBeVisible();
    await expect(editSection(page)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  });

  await test.step("the member edits their own milestone", async () => {
    await page.goto("/milestones");
    await page.getByRole("link", { name: "Member research", exact: true }).click();
    const form = editSection(page);
    await fillMilestoneForm(form, { description: "Interviews done", dueDate: "2030-06-15" });
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved", { exact: true })).toBeVisible();
    await expect(page.getByText("15 June 2030")).toBeVisible();
    const own = (await member.api.milestones()).find((m) => m.title === "Member research");
    expect(own).toMatchObject({
      ownerId: member.id,
      description: "Interviews done",
      dueDate: "2030-06-15",
      version: 2,
    });
  });

  await test.step("the same edit forced through the API is denied", async () => {
    const update = await member.api.updateMilestone(roadmap.id, roadmap.version, {
      description: "Forced by a member",
    });
    expect(errorTypeOf(update)).toBe("Unauthorized");
    expect(update.data?.updateMilestone ?? null).toBeNull();
    const remove = await member.api.deleteMilestone(hiring.id, hiring.version);
    expect(errorTypeOf(remove)).toBe("Unauthorized");
    const bulk = await member.api.send(
      "mutation ($ids: [ID!]!) { deleteMilestones(ids: $ids) { id deleted } }",
      { ids: [roadmap.id, hiring.id] },
    );
    expect(errorTypeOf(bulk)).toBe("Unauthorized");

    // Nothing changed: both are as the admin left them.
    expect(await admin.api.milestone(roadmap.id)).toMatchObject({
      description: "Set by the admin",
      version: 1,
    });
    expect(await admin.api.milestone(hiring.id)).toMatchObject({ status: "BLOCKED", version: 1 });
    await page.goto(`/milestones/${roadmap.id}`);
    await expect(page.getByText("Set by the admin")).toBeVisible();
  });
});
