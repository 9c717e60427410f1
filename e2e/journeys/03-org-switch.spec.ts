/**
 * Journey 3: org switch. One person in two organizations and their personal scope: each
 * scope's milestones stay in that scope — in the table, on a milestone's own URL, and in the API.
 */
import { apiAs } from "../support/api";
import { expect, test, waitForMembers } from "../support/fixtures";
import { issuer } from "../support/issuer";
import { slugOf, uniqueId } from "../support/ids";
import { stack } from "../support/stack";
import { createMilestoneInUi, milestonesTable, rowOf, switchScope } from "../support/milestones-ui";

test("each organization and the personal scope only ever show their own milestones", async ({
  page,
  signIn,
  createUser,
  newSignedInPage,
}, testInfo) => {
  const user = await createUser("Sam", "Switcher");
  const [north, south] = await Promise.all(
    ["North", "South"].map(async (label) => {
      const id = uniqueId("org", testInfo.workerIndex);
      return issuer.createOrg({ id, name: `${label} Team`, slug: slugOf(id) });
    }),
  );
  await issuer.addMember(north!.id, user.id, "org:admin");
  await issuer.addMember(south!.id, user.id, "org:member");
  const northApi = apiAs(user.id, north!.id);
  const southApi = apiAs(user.id, south!.id);
  const personalApi = apiAs(user.id, null);
  await waitForMembers(northApi, { [user.id]: "org:admin" });
  await expect.poll(async () => (await southApi.me())?.role).toBe("org:member");

  const scopes = [
    { name: north!.name, title: "North launch", api: northApi, orgId: north!.id },
    { name: south!.name, title: "South harvest", api: southApi, orgId: south!.id },
    { name: "Personal", title: "My own notes", api: personalApi, orgId: null },
  ];

  await signIn(page, user.id, north!.id);
  await test.step("create one milestone in each scope, switching in between", async () => {
    for (const scope of scopes) {
      await switchScope(page, scope.name);
      await createMilestoneInUi(page, { title: scope.title });
    }
  });

  await test.step("each scope lists only its own", async () => {
    for (const scope of scopes) {
      await switchScope(page, scope.name);
      await expect(milestonesTable(page).getByRole("row")).toHaveCount(2);
      await expect(rowOf(page, scope.title)).toBeVisible();
      for (const other of scopes.filter((s) => s !== scope)) {
        await expect(page.getByText(other.title)).toHaveCount(0);
      }
      const items = await scope.api.milestones();
      expect(items.map((m) => ({ title: m.title, orgId: m.orgId }))).toEqual([
        { title: scope.title, orgId: scope.orgId },
      ]);
    }
  });

  await test.step("another scope's milestone is not found, by URL or by API", async () => {
    const northItem = (await northApi.milestones())[0]!;
    const personalItem = (await personalApi.milestones())[0]!;
    const southItem = (await southApi.milestones())[0]!;
    // Shaped like a real id (so the page asks the API), never issued.
    const unknownId = "01JZZZZZZZZZZZZZZZZZZZZZZZ";
    await switchScope(page, south!.name);
    const own = await page.goto(`/milestones/${southItem.id}`);
    expect(own?.status(), "the scope's own milestone").toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: southItem.title })).toBeVisible();
    // Another org's id, a personal one and one that exists nowhere: the same 404, the same page.
    const notFoundPages: string[] = [];
    for (const [what, id, title] of [
      ["another org's", northItem.id, northItem.title],
      ["the personal scope's", personalItem.id, personalItem.title],
      ["an unknown", unknownId, null],
    ] as const) {
      const response = await page.goto(`/milestones/${id}`);
      expect(response?.status(), `${what} id`).toBe(404);
      await expect(page.getByRole("heading", { name: "Milestone not found" })).toBeVisible();
      await expect(page).toHaveTitle("Milestone not found · Waypoint");
      if (title) await expect(page.getByText(title)).toHaveCount(0);
      notFoundPages.push(await page.getByRole("main").innerText());
      expect(await southApi.milestone(id)).toBeNull();
    }
    expect(new Set(notFoundPages).size, "one not-found page for every id").toBe(1);
    expect(await personalApi.milestone(northItem.id)).toBeNull();
    expect(await northApi.milestone(personalItem.id)).toBeNull();
  });

  await test.step("Acme and Globex (the demo tenants) never show each other's", async () => {
    const acme = apiAs("user_ada", "org_acme");
    const globex = apiAs("user_margaret", "org_globex");
    const suffix = testInfo.testId.slice(0, 8);
    const acmeTitle = `Acme rollout ${suffix}`;
    const globexTitle = `Globex merger ${suffix}`;
    await acme.createMilestone({ title: acmeTitle });
    await globex.createMilestone({ title: globexTitle });
    const mine = [...scopes.map((s) => s.title)];
    for (const [client, own, other] of [
      [acme, acmeTitle, globexTitle],
      [globex, globexTitle, acmeTitle],
    ] as const) {
      const titles = (await client.milestones()).map((m) => m.title);
      expect(titles).toContain(own);
      expect(titles).not.toContain(other);
      expect(titles.filter((t) => mine.includes(t))).toEqual([]);
    }
    for (const [userId, orgId, own, other] of [
      ["user_ada", "org_acme", acmeTitle, globexTitle],
      ["user_margaret", "org_globex", globexTitle, acmeTitle],
    ] as const) {
      const tenantPage = await newSignedInPage(userId, orgId);
      await expect(rowOf(tenantPage, own)).toBeVisible();
      await expect(tenantPage.getByText(other)).toHaveCount(0);
      for (const title of mine) await expect(tenantPage.getByText(title)).toHaveCount(0);
    }
    // Acme's admin cannot enter Globex: the issuer refuses the token, the sign-in refuses too.
    const refused = await page.request.post("/api/local/sign-in", {
      // The route refuses requests that do not say they come from the dashboard itself.
      headers: { origin: stack.baseUrl },
      data: { userId: "user_ada", orgId: "org_globex" },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
  });
});
