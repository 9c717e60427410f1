/**
 * Journey 5: two browser contexts edit the same milestone. The second save gets the conflict
 * message and keeps what its user typed; after a reload it saves on top, and neither edit is
 * lost silently.
 */
import { expect, test } from "../support/fixtures";
import { editSection, fillMilestoneForm } from "../support/milestones-ui";

test("the second of two concurrent saves gets a conflict, and both edits survive", async ({
  adminPage,
  memberPage,
  freshOrg,
}) => {
  const { admin, member } = freshOrg;
  const shared = await member.api.createMilestone({
    title: "Shared plan",
    description: "First draft",
    status: "PLANNED",
  });

  // Both open the same version (1).
  for (const page of [adminPage, memberPage]) {
    await page.goto(`/milestones/${shared.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "Shared plan" })).toBeVisible();
  }
  const adminForm = editSection(adminPage);
  const memberForm = editSection(memberPage);

  // The member starts typing first: with live updates a clean form would simply show the
  // admin's save; unsaved input is what is kept on the version it was typed against.
  await fillMilestoneForm(memberForm, { description: "Second draft, with numbers" });

  await test.step("the first save wins", async () => {
    await fillMilestoneForm(adminForm, { title: "Shared plan (approved)", status: "In progress" });
    await adminForm.getByRole("button", { name: "Save changes" }).click();
    await expect(
      adminPage.getByRole("heading", { level: 1, name: "Shared plan (approved)" }),
    ).toBeVisible();
  });

  await test.step("the second save gets the conflict message and keeps the typed text", async () => {
    await memberForm.getByRole("button", { name: "Save changes" }).click();
    const alert = memberForm.getByRole("alert");
    await expect(alert).toContainText("changed by someone else — reload");
    await expect(alert).toContainText("Your changes below are kept.");
    await expect(memberForm.getByLabel("Description")).toHaveValue("Second draft, with numbers");
    // Nothing of the member's was written over the admin's save.
    expect(await admin.api.milestone(shared.id)).toMatchObject({
      title: "Shared plan (approved)",
      description: "First draft",
      status: "IN_PROGRESS",
      version: 2,
    });
  });

  await test.step("reload brings the other edit in, saving applies this one on top", async () => {
    await memberForm.getByRole("button", { name: "Reload" }).click();
    await expect(
      memberPage.getByRole("status").filter({ hasText: "Loaded the latest version" }),
    ).toBeVisible();
    await expect(memberForm.getByLabel("Title")).toHaveValue("Shared plan (approved)");
    await expect(memberForm.getByLabel("Status")).toHaveValue("IN_PROGRESS");
    await expect(memberForm.getByLabel("Description")).toHaveValue("Second draft, with numbers");
    await memberForm.getByRole("button", { name: "Save changes" }).click();
    await expect(memberPage.getByText("Saved", { exact: true })).toBeVisible();
    await expect(memberForm.getByRole("alert")).toHaveCount(0);
  });

  await test.step("both edits are in the API and in the audit log", async () => {
    expect(await member.api.milestone(shared.id)).toMatchObject({
      title: "Shared plan (approved)",
      description: "Second draft, with numbers",
      status: "IN_PROGRESS",
      version: 3,
    });
    const updates = (await admin.api.auditLog()).filter(
      (e) => e.action === "milestone.update" && e.targetId === shared.id,
    );
    expect(updates.map((e) => e.actorId).sort()).toEqual([admin.id, member.id].sort());
    await adminPage.reload();
    await expect(adminForm.getByLabel("Description")).toHaveValue("Second draft, with numbers");
  });
});
