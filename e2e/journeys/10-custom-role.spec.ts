/**
 * Journey 10: Clerk permissions decide, not role names. A custom role `org:lead` holding
 * `org:milestones:manage` edits another member's milestone in the dashboard; a plain member
 * cannot (no controls, and the API refuses). When the webhook takes the permission off the
 * lead's membership, the lead's token — still unexpired, still saying `org:lead` with manage
 * in its claims — can no longer edit: within 2 s, the mirror having the last word.
 */
import { apiAs, errorTypeOf } from "../support/api";
import { eventually, expect, test } from "../support/fixtures";
import { issuer } from "../support/issuer";
import { editSection, fillMilestoneForm } from "../support/milestones-ui";
import { stack } from "../support/stack";

const READ = "org:milestones:read";
const CREATE = "org:milestones:create";
const MANAGE = "org:milestones:manage";
const LEAD = "org:lead";

/** The issuer's admin API, for what the typed helper does not cover (roles, permissions). */
async function admin(method: string, path: string, body: unknown) {
  const response = await fetch(`${stack.issuerUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
}

test("a lead with org:milestones:manage edits others' milestones until the webhook takes it away", async ({
  freshOrg,
  createUser,
  newSignedInPage,
  memberPage,
}) => {
  const { org, admin: orgAdmin, member } = freshOrg;
  // The instance's role, as a Clerk admin defines it under Roles & Permissions.
  await admin("PUT", `/admin/roles/${LEAD}`, { name: "Lead", permissions: [READ, CREATE, MANAGE] });
  const leadUser = await createUser("Lee", "Lead");
  await admin("POST", "/admin/memberships", { orgId: org.id, userId: leadUser.id, role: LEAD });
  await eventually("the mirror lists the lead", async () =>
    (await orgAdmin.api.orgMembers()).some((m) => m.userId === leadUser.id && m.role === LEAD),
  );
  const memberMilestone = await member.api.createMilestone({
    title: "Member's field study",
    status: "PLANNED",
  });
  const adminMilestone = await orgAdmin.api.createMilestone({ title: "Admin's budget" });

  await test.step("the lead edits the member's milestone in the dashboard", async () => {
    const page = await newSignedInPage(leadUser.id, org.id);
    await page.getByRole("link", { name: "Member's field study", exact: true }).click();
    const form = editSection(page);
    await fillMilestoneForm(form, { description: "Reviewed by the lead" });
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved", { exact: true })).toBeVisible();
    const stored = (await member.api.milestones()).find((m) => m.id === memberMilestone.id);
    expect(stored).toMatchObject({ ownerId: member.id, description: "Reviewed by the lead" });
  });

  await test.step("a plain member cannot edit another's milestone", async () => {
    await memberPage.reload(); // opened before the milestones existed
    await memberPage.getByRole("link", { name: "Admin's budget", exact: true }).click();
    await expect(
      memberPage.getByRole("heading", { level: 1, name: "Admin's budget" }),
    ).toBeVisible();
    await expect(editSection(memberPage)).toHaveCount(0);
    await expect(memberPage.getByRole("button", { name: "Save changes" })).toHaveCount(0);
    const refused = await member.api.updateMilestone(adminMilestone.id, adminMilestone.version, {
      title: "Taken over",
    });
    expect(errorTypeOf(refused)).toBe("Unauthorized");
  });

  await test.step("without the permission, the lead's unexpired token is refused within 2 s", async () => {
    // One token, minted while the lead holds manage, used for every call below.
    const { token } = await issuer.mintToken(leadUser.id, org.id);
    const lead = apiAs(leadUser.id, org.id, token);
    const before = (await lead.milestones()).find((m) => m.id === adminMilestone.id);
    expect(before).toBeDefined();
    const edited = await lead.updateMilestone(adminMilestone.id, before?.version ?? 0, {
      description: "Lead's note",
    });
    expect(errorTypeOf(edited)).toBeNull();

    // The membership keeps its role; Clerk's organizationMembership.updated lists its new
    // permissions, and the webhook writes them to the mirror.
    await admin("PATCH", `/admin/memberships/${org.id}/${leadUser.id}`, {
      role: LEAD,
      permissions: [READ, CREATE],
    });
    await eventually(
      "the lead's token refused",
      async () => {
        const current = (await lead.milestones()).find((m) => m.id === adminMilestone.id);
        const answer = await lead.updateMilestone(adminMilestone.id, current?.version ?? 0, {
          description: "Lead's second note",
        });
        return errorTypeOf(answer) === "Unauthorized";
      },
      2_000,
    );
    // Reading stays allowed: only manage was taken away.
    expect((await lead.milestones()).map((m) => m.id)).toContain(adminMilestone.id);
    const after = (await orgAdmin.api.milestones()).find((m) => m.id === adminMilestone.id);
    expect(after?.description).toBe("Lead's note");
  });
});
