/**
 * Typed fixtures for the journeys (STYLE.md 11, after cal.com's playwright/lib/fixtures.ts):
 * a fresh organization created through the issuer with its own admin and member (mirrored by
 * webhook before the test starts), pages signed in as each of them, a personal-only user, and
 * helpers to sign in and to create users. Nothing is shared between tests: each gets new ids.
 */
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { apiAs, type ApiClient, type ApiMilestone } from "./api";
import { issuer, type IssuerOrg, type IssuerUser, type OrgRole } from "./issuer";
import { slugOf, uniqueId } from "./ids";
import { stack } from "./stack";

export interface TenantUser extends IssuerUser {
  /** The API as this user, in the tenant's org. */
  api: ApiClient;
}

export interface Tenant {
  org: IssuerOrg;
  admin: TenantUser;
  member: TenantUser;
}

export interface PersonalUser extends IssuerUser {
  /** The API as this user, personal scope. */
  api: ApiClient;
}

interface Fixtures {
  /** Creates a user in the issuer (mirrored by webhook); names are unique to the test. */
  createUser: (firstName: string, lastName?: string) => Promise<IssuerUser>;
  /** Signs `page`'s context in through the local sign-in route and opens /milestones. */
  signIn: (page: Page, userId: string, orgId: string | null) => Promise<void>;
  /** A page of its own (a new browser context) signed in as the user, on /milestones. */
  newSignedInPage: (userId: string, orgId: string | null) => Promise<Page>;
  /** A fresh org with an admin and a member, all created through the issuer and mirrored. */
  freshOrg: Tenant;
  /** A milestone of the fresh org, created by its admin through the API. */
  orgMilestone: ApiMilestone;
  /** `page`, signed in as the fresh org's admin, on /milestones. */
  adminPage: Page;
  /** A second browser context signed in as the fresh org's member, on /milestones. */
  memberPage: Page;
  /** A fresh user with no organization (personal scope only), mirrored. */
  personalUser: PersonalUser;
  /** A browser context signed in as the personal user, on /milestones. */
  personalPage: Page;
}

/** Polls `check` (which throws or returns false while not yet) until it passes. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms${last instanceof Error ? ` (${last.message})` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until the org's admin sees exactly these members and roles in the API (the mirror). */
export async function waitForMembers(
  adminApi: ApiClient,
  expected: Record<string, OrgRole>,
): Promise<void> {
  await eventually(`the mirror lists ${Object.keys(expected).join(", ")}`, async () => {
    const members = await adminApi.orgMembers();
    return Object.entries(expected).every(([userId, role]) =>
      members.some((m) => m.userId === userId && m.role === role),
    );
  });
}

async function openSignedIn(
  browser: Browser,
  signIn: Fixtures["signIn"],
  userId: string,
  orgId: string | null,
  pages: Page[],
): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.baseUrl });
  const page = await context.newPage();
  pages.push(page);
  await signIn(page, userId, orgId);
  return page;
}

export const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter: `{}` is none.
  // eslint-disable-next-line no-empty-pattern
  createUser: async ({}, use, testInfo) => {
    await use(async (firstName, lastName = "Tester") => {
      const id = uniqueId("user", testInfo.workerIndex);
      return issuer.createUser({
        id,
        firstName,
        lastName,
        email: `${slugOf(id)}@e2e.test`,
      });
    });
  },

  // eslint-disable-next-line no-empty-pattern
  signIn: async ({}, use) => {
    await use(async (page, userId, orgId) => {
      const response = await page.request.post("/api/local/sign-in", {
        // The route refuses requests that do not say they come from the dashboard itself.
        headers: { origin: stack.baseUrl },
        data: { userId, orgId: orgId ?? "personal" },
        maxRedirects: 0,
      });
      expect(response.status(), `sign-in of ${userId}`).toBe(303);
      await page.goto("/milestones");
      await expect(page.getByRole("heading", { level: 1, name: "Milestones" })).toBeVisible();
    });
  },

  newSignedInPage: async ({ browser, signIn }, use) => {
    const pages: Page[] = [];
    await use((userId, orgId) => openSignedIn(browser, signIn, userId, orgId, pages));
    for (const page of pages) await page.context().close();
  },

  freshOrg: async ({ createUser }, use, testInfo) => {
    const orgId = uniqueId("org", testInfo.workerIndex);
    const [admin, member] = await Promise.all([
      createUser("Avery", "Admin"),
      createUser("Morgan", "Member"),
    ]);
    const org = await issuer.createOrg({
      id: orgId,
      name: `Team ${orgId.slice(-10)}`,
      slug: slugOf(orgId),
    });
    await issuer.addMember(org.id, admin.id, "org:admin");
    await issuer.addMember(org.id, member.id, "org:member");
    const adminApi = apiAs(admin.id, org.id);
    await waitForMembers(adminApi, { [admin.id]: "org:admin", [member.id]: "org:member" });
    await use({
      org,
      admin: { ...admin, api: adminApi },
      member: { ...member, api: apiAs(member.id, org.id) },
    });
  },

  orgMilestone: async ({ freshOrg }, use) => {
    await use(
      await freshOrg.admin.api.createMilestone({
        title: "Ship the first release",
        description: "Created by the org's admin through the API",
        status: "IN_PROGRESS",
        dueDate: "2030-01-31",
      }),
    );
  },

  adminPage: async ({ page, signIn, freshOrg }, use) => {
    await signIn(page, freshOrg.admin.id, freshOrg.org.id);
    await use(page);
  },

  memberPage: async ({ newSignedInPage, freshOrg }, use) => {
    await use(await newSignedInPage(freshOrg.member.id, freshOrg.org.id));
  },

  personalUser: async ({ createUser }, use) => {
    const user = await createUser("Pat", "Personal");
    const api = apiAs(user.id, null);
    // Mirrored: the API knows the user's profile.
    await eventually(`${user.id} in the mirror`, async () => (await api.me())?.firstName === "Pat");
    await use({ ...user, api });
  },

  personalPage: async ({ newSignedInPage, personalUser }, use) => {
    await use(await newSignedInPage(personalUser.id, null));
  },
});

export { expect };
