/**
 * Journey 12: bulk edit with mixed rights. A member selects two of their own rows and two of
 * the admin's and sets them Done: their own are applied, the admin's refused one by one with
 * the reason, the refused rows stay selected; the API holds exactly that, with an audit entry
 * per applied row. Then the admin gives the member's rows to themself and sets a due date.
 */
import { expect, test } from "../support/fixtures";

test("bulk edit: a member's own rows applied, others' refused per row; an admin changes the owner", async ({
  freshOrg,
  memberPage,
  adminPage,
}) => {
  test.slow();
  const { admin, member } = freshOrg;
  const mine = [
    await member.api.createMilestone({ title: "Member task one" }),
    await member.api.createMilestone({ title: "Member task two" }),
  ];
  const theirs = [
    await admin.api.createMilestone({ title: "Admin task one" }),
    await admin.api.createMilestone({ title: "Admin task two" }),
  ];

  await test.step("the member selects own and others' rows and sets them Done", async () => {
    const page = memberPage;
    await page.reload();
    for (const title of ["Member task one", "Admin task one", "Member task two", "Admin task two"])
      await page.getByRole("checkbox", { name: `Select ${title}` }).check();
    // A member has no bulk delete, but may bulk-edit.
    await expect(page.getByRole("button", { name: /delete selected/i })).toHaveCount(0);
    await page.getByRole("button", { name: /edit selected/i }).click();
    const dialog = page.getByRole("dialog", { name: "Edit 4 milestones" });
    await expect(dialog.getByLabel("Owner")).toHaveCount(0);
    await dialog.getByLabel("Status").selectOption("DONE");
    await dialog.getByRole("button", { name: "Apply to 4" }).click();

    const results = page.getByRole("status", { name: "Bulk edit results" });
    await expect(results.getByRole("heading", { name: "Updated 2 of 4 milestones" })).toBeVisible();
    for (const title of ["Member task one", "Member task two"])
      await expect(results.getByRole("listitem").filter({ hasText: title })).toContainText(
        "Updated",
      );
    for (const title of ["Admin task one", "Admin task two"])
      await expect(results.getByRole("listitem").filter({ hasText: title })).toContainText(
        "Not allowed",
      );
    // The applied rows leave the selection; the refused ones stay.
    await expect(page.getByRole("checkbox", { name: "Select Member task one" })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Select Admin task one" })).toBeChecked();
    await expect(page.getByRole("button", { name: /edit selected/i })).toContainText("(2)");
  });

  await test.step("the API holds exactly that, with an audit entry per applied row", async () => {
    for (const m of mine)
      expect(await admin.api.milestone(m.id)).toMatchObject({ status: "DONE", version: 2 });
    for (const m of theirs)
      expect(await admin.api.milestone(m.id)).toMatchObject({ status: "PLANNED", version: 1 });
    const audit = await admin.api.auditLog();
    for (const m of mine) {
      const entries = audit.filter((e) => e.action === "milestone.update" && e.targetId === m.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]?.actorId).toBe(member.id);
      expect(JSON.parse(entries[0]?.before ?? "{}")).toMatchObject({ status: "PLANNED" });
      expect(JSON.parse(entries[0]?.after ?? "{}")).toMatchObject({ status: "DONE" });
    }
    for (const m of theirs)
      expect(audit.filter((e) => e.action === "milestone.update" && e.targetId === m.id)).toEqual(
        [],
      );
  });

  await test.step("the admin gives the member's rows to themself, with a due date", async () => {
    const page = adminPage;
    await page.reload();
    for (const title of ["Member task one", "Member task two"])
      await page.getByRole("checkbox", { name: `Select ${title}` }).check();
    await page.getByRole("button", { name: /edit selected/i }).click();
    const dialog = page.getByRole("dialog", { name: "Edit 2 milestones" });
    await dialog.getByLabel("Owner").selectOption(admin.id);
    await dialog.getByLabel("Due date").selectOption("set");
    await dialog.getByLabel("New due date").fill("2031-03-15");
    await dialog.getByRole("button", { name: "Apply to 2" }).click();
    await expect(
      page
        .getByRole("status", { name: "Bulk edit results" })
        .getByRole("heading", { name: "Updated 2 milestones" }),
    ).toBeVisible();
    for (const m of mine)
      expect(await admin.api.milestone(m.id)).toMatchObject({
        ownerId: admin.id,
        dueDate: "2031-03-15",
        status: "DONE",
        version: 3,
      });
    const audit = await admin.api.auditLog();
    const reassigned = audit.filter(
      (e) =>
        e.action === "milestone.update" && e.targetId === mine[0]?.id && e.actorId === admin.id,
    );
    expect(reassigned).toHaveLength(1);
    expect(JSON.parse(reassigned[0]?.before ?? "{}")).toMatchObject({ ownerId: member.id });
    expect(JSON.parse(reassigned[0]?.after ?? "{}")).toMatchObject({ ownerId: admin.id });
    // Now the admin's, the rows are no longer the member's to edit.
    const refused = await member.api.send<{ updateMilestones: { errorType: string | null }[] }>(
      `mutation ($items: [BulkMilestoneRef!]!) {
        updateMilestones(items: $items, input: { status: BLOCKED }) { errorType } }`,
      { items: [{ id: mine[0]?.id, expectedVersion: 3 }] },
    );
    expect(refused.data?.updateMilestones).toEqual([{ errorType: "Unauthorized" }]);
  });
});
