/**
 * Journey 8: a forged webhook (signed by the test with a wrong secret) is rejected and nothing
 * changes in Members; a delivery that verifies but fails validation shows on Sync health as
 * failed, with its reason.
 */
import { expect, test } from "../support/fixtures";
import { stack } from "../support/stack";
import { clerkEnvelope, deliverWebhook, WRONG_SECRET } from "../support/webhooks";

test("forged deliveries are refused; invalid ones show on Sync health with their reason", async ({
  adminPage: page,
  freshOrg,
  createUser,
}) => {
  const { org, admin, member } = freshOrg;
  const mallory = await createUser("Mallory", "Forger");
  const now = Date.now();
  /** organizationMembership.created making Mallory an admin of the org, in Clerk's shape. */
  const membership = {
    id: `orgmem_forged_${now}`,
    object: "organization_membership",
    role: "org:admin",
    role_name: "Admin",
    permissions: [],
    public_metadata: {},
    private_metadata: {},
    created_at: now,
    updated_at: now,
    organization: { id: org.id, object: "organization", name: org.name, slug: org.slug },
    public_user_data: {
      user_id: mallory.id,
      first_name: "Mallory",
      last_name: "Forger",
      identifier: mallory.email,
    },
  };
  const members = page.getByRole("table", { name: "Members" });
  const expectMembersUnchanged = async () => {
    await page.goto("/members");
    await expect(members.getByRole("row")).toHaveCount(3);
    await expect(members).not.toContainText("Mallory");
    const mirrored = await admin.api.orgMembers();
    expect(mirrored.map((m) => `${m.userId} ${m.role}`).sort()).toEqual(
      [`${admin.id} org:admin`, `${member.id} org:member`].sort(),
    );
  };

  await test.step("a delivery signed with the wrong secret is rejected with 400", async () => {
    const forged = await deliverWebhook(
      clerkEnvelope("organizationMembership.created", membership),
      WRONG_SECRET,
    );
    expect(forged.status).toBe(400);
    expect(forged.json).toMatchObject({ error: { code: "invalid_signature" } });
    // Not even recorded: the sync log has no trace of it.
    const events = await admin.api.syncEvents();
    expect(events.some((e) => e.id === forged.svixId)).toBe(false);
    await expectMembersUnchanged();
    // Mallory cannot act in the org: the issuer does not know the membership, nor does the API.
    const asMallory = await page.request.post("/api/local/sign-in", {
      // The route refuses requests that do not say they come from the dashboard itself.
      headers: { origin: stack.baseUrl },
      data: { userId: mallory.id, orgId: org.id },
      maxRedirects: 0,
    });
    expect(asMallory.status()).toBe(403);
  });

  await test.step("a verified delivery that fails validation is recorded as failed", async () => {
    const { public_user_data: _dropped, ...withoutUser } = membership;
    const invalid = await deliverWebhook(
      clerkEnvelope("organizationMembership.created", withoutUser),
      stack.webhookSecret,
    );
    expect(invalid.status).toBe(200);
    expect(invalid.json).toMatchObject({ outcome: "failed" });

    const events = await admin.api.syncEvents();
    const recorded = events.find((e) => e.id === invalid.svixId);
    expect(recorded).toMatchObject({ type: "organizationMembership.created", outcome: "FAILED" });
    expect(recorded?.reason).toMatch(/public_user_data/);
    await expectMembersUnchanged();

    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Sync health" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Sync health" })).toBeVisible();
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary).toContainText("The latest delivery failed");
    const failures = page.getByRole("region", { name: "Failures" });
    await expect(failures.getByRole("listitem")).toHaveCount(1);
    await expect(failures).toContainText("organizationMembership.created");
    await expect(failures).toContainText(recorded!.reason!);
    const deliveries = page.getByRole("table", { name: "Webhook deliveries" });
    const failedRow = deliveries.getByRole("row").filter({ hasText: "Failed" });
    await expect(failedRow).toHaveCount(1);
    await expect(failedRow).toContainText(recorded!.reason!);
    // The org's real deliveries (its creation and both memberships) are there, applied.
    await expect(deliveries.getByRole("row").filter({ hasText: "Applied" })).toHaveCount(3);
  });
});
