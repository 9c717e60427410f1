/**
 * Journey 14 (issue 21): saved views. The admin filters the table, saves it as a view,
 * reopens it from the Views menu, and shares it; the member of the org sees it in their
 * Views menu and applies it; the member has no Share control, and the API refuses the share.
 */
import { errorTypeOf } from "../support/api";
import { expect, test } from "../support/fixtures";
import { milestonesTable, rowOf, visibleTitles } from "../support/milestones-ui";

test("a view is saved, reopened, shared by an admin and applied by a member", async ({
  freshOrg,
  adminPage,
  memberPage,
}) => {
  const { admin, member } = freshOrg;
  await admin.api.createMilestone({ title: "Blocked launch", status: "BLOCKED" });
  await admin.api.createMilestone({ title: "Planned launch", status: "PLANNED" });
  await admin.api.createMilestone({ title: "Blocked hiring", status: "BLOCKED" });

  const views = (page: typeof adminPage) => page.getByRole("button", { name: /^Views/ });

  await test.step("the admin saves a filtered table as a view", async () => {
    await adminPage.goto("/milestones?status=BLOCKED&q=launch");
    await expect.poll(() => visibleTitles(adminPage)).toEqual(["Blocked launch"]);
    await views(adminPage).click();
    await adminPage.getByRole("menuitem", { name: "Save view…" }).click();
    const dialog = adminPage.getByRole("dialog", { name: "Save view" });
    await dialog.getByLabel("Name").fill("x".repeat(61));
    await dialog.getByRole("button", { name: "Save view" }).click();
    await expect(dialog.getByRole("alert")).toContainText("at most 60");
    await dialog.getByLabel("Name").fill("  Blocked launches  ");
    await dialog.getByRole("button", { name: "Save view" }).click();
    await expect(dialog).toBeHidden();
    await expect(views(adminPage)).toHaveAccessibleName("Views: Blocked launches");
  });

  await test.step("the admin reopens it from the Views menu", async () => {
    await adminPage.goto("/milestones");
    await expect(views(adminPage)).toHaveAccessibleName("Views: none active");
    await views(adminPage).click();
    const mine = adminPage.getByRole("group", { name: "My views" });
    await mine.getByRole("menuitem", { name: "Blocked launches" }).click();
    await expect(adminPage).toHaveURL(/status=BLOCKED/);
    await expect(adminPage).toHaveURL(/q=launch/);
    await expect.poll(() => visibleTitles(adminPage)).toEqual(["Blocked launch"]);
    await expect(views(adminPage)).toHaveAccessibleName("Views: Blocked launches");
  });

  const memberViews = async () => {
    await memberPage.goto("/milestones");
    await views(memberPage).click();
    return memberPage.getByRole("group", { name: "Shared with the organization" });
  };

  await test.step("before sharing, the member does not see it", async () => {
    await memberPage.goto("/milestones");
    await views(memberPage).click();
    await expect(memberPage.getByRole("menuitem", { name: "Blocked launches" })).toHaveCount(0);
    await memberPage.keyboard.press("Escape");
  });

  await test.step("the admin shares it with the org", async () => {
    await views(adminPage).click();
    await adminPage.getByRole("menuitem", { name: "Manage views…" }).click();
    const dialog = adminPage.getByRole("dialog", { name: "Manage views" });
    await dialog.getByRole("button", { name: "Share Blocked launches" }).click();
    await expect(dialog.getByRole("button", { name: "Unshare Blocked launches" })).toBeVisible();
    await adminPage.keyboard.press("Escape");
  });

  await test.step("the member sees the shared view and applies it", async () => {
    const shared = await memberViews();
    await shared.getByRole("menuitem", { name: "Blocked launches" }).click();
    await expect(memberPage).toHaveURL(/status=BLOCKED/);
    await expect.poll(() => visibleTitles(memberPage)).toEqual(["Blocked launch"]);
    await expect(rowOf(memberPage, "Planned launch")).toHaveCount(0);
    await expect(milestonesTable(memberPage).getByRole("row")).toHaveCount(2);
    await expect(views(memberPage)).toHaveAccessibleName("Views: Blocked launches");
  });

  await test.step("the member cannot share: no control, and the API refuses", async () => {
    // The member's own view, in the Manage dialog: Delete, but no Share.
    await views(memberPage).click();
    await memberPage.getByRole("menuitem", { name: "Blocked", exact: true }).click();
    await expect(views(memberPage)).toHaveAccessibleName("Views: Blocked");
    await views(memberPage).click();
    await memberPage.getByRole("menuitem", { name: "Save view…" }).click();
    const save = memberPage.getByRole("dialog", { name: "Save view" });
    await save.getByLabel("Name").fill("My blocked");
    await save.getByRole("button", { name: "Save view" }).click();
    await expect(save).toBeHidden();
    await views(memberPage).click();
    await memberPage.getByRole("menuitem", { name: "Manage views…" }).click();
    const manage = memberPage.getByRole("dialog", { name: "Manage views" });
    await expect(manage.getByRole("button", { name: "Delete My blocked" })).toBeVisible();
    await expect(manage.getByRole("button", { name: /^Share / })).toHaveCount(0);
    await expect(manage.getByRole("button", { name: /^Unshare / })).toHaveCount(0);
    await expect(manage.getByRole("button", { name: "Delete Blocked launches" })).toHaveCount(0);
    await memberPage.keyboard.press("Escape");

    const listed = await member.api.send<{ savedViews: { id: string; name: string }[] }>(
      "{ savedViews { id name } }",
    );
    const own = listed.data?.savedViews.find((view) => view.name === "My blocked");
    expect(own).toBeDefined();
    const refused = await member.api.send(
      "mutation ($id: ID!) { shareView(id: $id, shared: true) { id } }",
      { id: own?.id },
    );
    expect(errorTypeOf(refused)).toBe("Unauthorized");
    const adminList = await admin.api.send<{ savedViews: { name: string }[] }>(
      "{ savedViews { name } }",
    );
    expect(adminList.data?.savedViews.map((view) => view.name)).not.toContain("My blocked");
  });
});
