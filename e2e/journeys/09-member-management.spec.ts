/**
 * Journey 9: team administration from the dashboard (issue 20). An admin invites a new person
 * by email; the invitation shows as pending (from the mirror); it is accepted through the
 * issuer; the new member appears in Members within seconds, signs in and sees the org's
 * milestones; the admin promotes them, then removes them; the removed member's next request
 * is refused; each step is in the audit log. Then hand-forged server-action POSTs (the
 * captured action id, the forger's own cookie, arguments of their choosing) by a member and
 * by an outsider are refused, and nothing changes in the issuer.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { issuer } from "../support/issuer";
import { uniqueId } from "../support/ids";
import { rowOf } from "../support/milestones-ui";
import { stack } from "../support/stack";

async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 15_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [250, 500, 1000] });
}

test("an admin invites, the invitee joins, is promoted, then removed; all audited; forged actions refused", async ({
  adminPage: page,
  freshOrg,
  memberPage,
  personalPage,
  newSignedInPage,
}) => {
  const { org, admin } = freshOrg;
  await admin.api.createMilestone({ title: "Team roadmap" });
  const email = `${uniqueId("user", test.info().workerIndex)}@invited.test`.toLowerCase();
  await page.goto("/members");
  const members = page.getByRole("table", { name: "Members" });

  await test.step("the admin invites a new person", async () => {
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("org:member");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: `Invitation sent to ${email}` }),
    ).toBeVisible();
  });

  const invitations = page.getByRole("table", { name: "Pending invitations" });
  await test.step("the invitation shows as pending", async () => {
    await reloadUntil(page, async () => {
      await expect(invitations.getByRole("row").filter({ hasText: email })).toBeVisible({
        timeout: 500,
      });
    });
  });

  let newcomerId = "";
  await test.step("accepted through the issuer, the new member appears within seconds", async () => {
    const invitation = (await issuer.state()).invitations.find(
      (i) => i.email === email && i.orgId === org.id,
    );
    expect(invitation?.status).toBe("pending");
    const accepted = await issuer.acceptInvitation(invitation?.id ?? "", {
      firstName: "Nia",
      lastName: "Invitee",
    });
    newcomerId = accepted.membership.userId;
    await reloadUntil(page, async () => {
      await expect(members.getByRole("row").filter({ hasText: newcomerId })).toContainText(
        "Nia Invitee",
        { timeout: 500 },
      );
    });
    await expect(invitations.getByRole("row").filter({ hasText: email })).toHaveCount(0);
  });

  const newcomerPage = await newSignedInPage(newcomerId, org.id);
  await test.step("the new member signs in and sees the org's milestones", async () => {
    await expect(rowOf(newcomerPage, "Team roadmap")).toBeVisible();
  });

  const row = members.getByRole("row").filter({ hasText: newcomerId });
  let changeRoleActionId = "";
  await test.step("the admin promotes them", async () => {
    await row.getByLabel("Role for Nia Invitee").selectOption("org:admin");
    // The action's id, as the browser posts it: the forgeries below reuse it.
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
      row.getByRole("button", { name: "Change role of Nia Invitee" }).click(),
    ]);
    changeRoleActionId = request.headers()["next-action"] ?? "";
    await expect(row.getByRole("status")).toHaveText("Role changed.");
    await reloadUntil(page, async () => {
      await expect(row.getByRole("cell").nth(2)).toHaveText("Admin", { timeout: 500 });
    });
  });

  await test.step("then removes them, after confirming", async () => {
    await row.getByRole("button", { name: "Remove Nia Invitee" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Remove Nia Invitee?" });
    await dialog.getByRole("button", { name: "Remove" }).click();
    await reloadUntil(page, async () => {
      await expect(members.getByRole("row").filter({ hasText: newcomerId })).toHaveCount(0, {
        timeout: 500,
      });
    });
  });

  await test.step("the removed member's next request is refused", async () => {
    await newcomerPage.reload();
    await expect(
      newcomerPage.getByRole("heading", { name: "You no longer have access to this organization" }),
    ).toBeVisible();
  });

  await test.step("each step is in the audit log", async () => {
    await page.goto("/audit");
    const log = page.getByRole("table", { name: "Audit log" });
    await expect(
      log.getByRole("row").filter({ hasText: "Invited" }).filter({ hasText: email }),
    ).toBeVisible();
    await expect(log.getByRole("row").filter({ hasText: "Changed role" })).toContainText("Admin");
    await expect(log.getByRole("row").filter({ hasText: "Removed" })).toBeVisible();
  });

  await test.step("hand-forged server-action POSTs by a member and an outsider are refused", async () => {
    expect(changeRoleActionId).not.toBe("");
    // This org's part of the issuer: journeys in the other worker change theirs meanwhile
    // (journey 10 redefines a custom role, which rewrites its members' permissions).
    const ours = async () => {
      const state = await issuer.state();
      return {
        organizations: state.organizations.filter((o) => o.id === org.id),
        memberships: state.memberships.filter((m) => m.orgId === org.id),
        invitations: state.invitations.filter((i) => i.orgId === org.id),
        users: state.users.filter((u) => u.id === admin.id),
      };
    };
    const before = await ours();
    expect(before.memberships.length).toBeGreaterThan(0);
    for (const forger of [memberPage, personalPage]) {
      const answer = await forger.request.post(`${stack.baseUrl}/members`, {
        headers: {
          "next-action": changeRoleActionId,
          "content-type": "text/plain;charset=UTF-8",
          origin: stack.baseUrl,
          accept: "text/x-component",
        },
        // Demote the org's admin: arguments of the forger's choosing.
        data: JSON.stringify([{ userId: admin.id, role: "org:member" }]),
      });
      expect(answer.status()).toBe(200);
      expect(await answer.text()).toContain(
        "Only admins of this organization may manage its members.",
      );
    }
    expect(await ours()).toEqual(before);
  });
});
