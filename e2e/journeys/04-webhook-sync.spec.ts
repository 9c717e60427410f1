/**
 * Journey 4: webhook sync. A user created in the issuer (Clerk) appears in Members within
 * seconds; promoting them to admin gives admin controls once their token refreshes; removing
 * them from the org cuts their access within seconds — the page says so — although the last
 * token they were given has not expired.
 */
import type { Page } from "@playwright/test";
import { errorTypeOf, graphql } from "../support/api";
import { expect, test } from "../support/fixtures";
import { issuer } from "../support/issuer";
import { milestonesTable, rowOf } from "../support/milestones-ui";

/** Reloads until `check` passes: what a user does waiting for a change made elsewhere. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 15_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [250, 500, 1000] });
}

test("membership changes in the issuer reach Members, the controls and the API within seconds", async ({
  adminPage: page,
  freshOrg,
  createUser,
  newSignedInPage,
}) => {
  const { org, admin } = freshOrg;
  /** Records how long a change took to show (in the report), and that it was seconds. */
  const note = (what: string, start: number) => {
    const ms = Date.now() - start;
    test.info().annotations.push({ type: "propagation", description: `${what}: ${ms} ms` });
    expect(ms, what).toBeLessThan(15_000);
  };
  const plan = await admin.api.createMilestone({ title: "Admin's plan" });
  const members = page.getByRole("table", { name: "Members" });

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Members" })
    .click();
  await expect(members.getByRole("row")).toHaveCount(3); // header, admin, member

  const nova = await createUser("Nova", "Newcomer");
  const novaRow = members.getByRole("row").filter({ hasText: nova.id });

  await test.step("a user added in the issuer appears in Members within seconds", async () => {
    const start = Date.now();
    await issuer.addMember(org.id, nova.id, "org:member");
    await reloadUntil(page, async () => {
      await expect(novaRow).toContainText("Nova Newcomer", { timeout: 500 });
    });
    note("added → shown in Members", start);
    await expect(novaRow).toContainText("Member");
  });

  const novaPage = await newSignedInPage(nova.id, org.id);
  const nav = novaPage.getByRole("navigation", { name: "Main" });

  await test.step("as a member, Nova has no admin controls", async () => {
    await expect(rowOf(novaPage, "Admin's plan")).toBeVisible();
    await expect(nav.getByRole("link", { name: "Members" })).toHaveCount(0);
    await expect(novaPage.getByRole("button", { name: /Delete selected/ })).toHaveCount(0);
    await expect(
      rowOf(novaPage, "Admin's plan").getByRole("combobox", { name: "Status" }),
    ).toHaveCount(0);
  });

  await test.step("promoted in the issuer, Nova gets admin controls after a token refresh", async () => {
    const start = Date.now();
    await issuer.setRole(org.id, nova.id, "org:admin");
    // Local mode mints a token per request: a reload is a token refresh.
    await reloadUntil(novaPage, async () => {
      await expect(nav.getByRole("link", { name: "Members" })).toBeVisible({ timeout: 500 });
    });
    note("promoted → admin controls after a reload", start);
    await expect(novaPage.getByRole("button", { name: /Delete selected/ })).toBeVisible();
    await expect(
      rowOf(novaPage, "Admin's plan").getByRole("combobox", { name: "Status" }),
    ).toBeEnabled();
    await reloadUntil(page, async () => {
      await expect(novaRow).toContainText("Admin", { timeout: 500 });
    });
    expect((await issuer.mintToken(nova.id, org.id)).token).toBeTruthy();
  });

  await test.step("removed in the issuer, Nova loses access within seconds with a valid token", async () => {
    // The last token Nova was given, while still an admin; it stays valid for a minute.
    const lastToken = await issuer.mintToken(nova.id, org.id);
    const asNovaBefore = await graphql<{ milestone: { id: string } | null }>(
      lastToken.token,
      "query ($id: ID!) { milestone(id: $id) { id } }",
      { id: plan.id },
    );
    expect(asNovaBefore.data?.milestone?.id).toBe(plan.id);

    const start = Date.now();
    await issuer.removeMember(org.id, nova.id);
    await expect
      .poll(
        async () =>
          errorTypeOf(
            await graphql(lastToken.token, "query ($id: ID!) { milestone(id: $id) { id } }", {
              id: plan.id,
            }),
          ),
        { timeout: 10_000, intervals: [200] },
      )
      .toBe("Unauthorized");
    note("removed → API denies the still-valid token", start);
    // The token itself is still good: not expired, and the authorizer takes it (the
    // membership check, fed by the webhook, is what refuses it).
    expect(lastToken.expiresAt * 1000).toBeGreaterThan(Date.now());
    const list = await graphql(lastToken.token, "query { milestones(limit: 1) { items { id } } }");
    expect(list.status).toBe(200);
    expect(errorTypeOf(list)).toBe("Unauthorized");

    await reloadUntil(novaPage, async () => {
      await expect(
        novaPage.getByRole("alert", { name: "You no longer have access to this organization" }),
      ).toBeVisible({ timeout: 500 });
    });
    note("removed → the page says so", start);
    await expect(milestonesTable(novaPage)).toHaveCount(0);
    await expect(novaPage.getByText("Admin's plan")).toHaveCount(0);

    await reloadUntil(page, async () => {
      await expect(novaRow).toHaveCount(0, { timeout: 500 });
    });
    await expect(members.getByRole("row")).toHaveCount(3);
  });
});
