import { createClerkClient } from "@clerk/backend";
import { isClerkAPIResponseError } from "@clerk/shared/error";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, TEST_SECRET_KEY } from "../testing/issuer";
import { DEMO } from "./seed";
import type { Issuer } from "./server";

let issuer: Issuer;
let clerk: ReturnType<typeof createClerkClient>;

beforeAll(async () => {
  issuer = await startTestIssuer({ seed: true });
  clerk = createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: issuer.url });
});
afterAll(async () => {
  await issuer.close();
});

describe("the Backend API subset, read through @clerk/backend", () => {
  it("lists users page by page with their total", async () => {
    const first = await clerk.users.getUserList({ limit: 4 });
    const second = await clerk.users.getUserList({ limit: 4, offset: 4 });
    expect(first.totalCount).toBe(Object.keys(DEMO.users).length);
    expect(first.data).toHaveLength(4);
    expect(second.data).toHaveLength(2);
    const ids = [...first.data, ...second.data].map((u) => u.id);
    expect(new Set(ids)).toEqual(new Set(Object.values(DEMO.users).map((u) => u.id)));
    const ada = [...first.data, ...second.data].find((u) => u.id === DEMO.users.acmeAdmin.id);
    expect(ada?.primaryEmailAddress?.emailAddress).toBe("ada@acme.test");
    expect(ada?.firstName).toBe("Ada");
  });

  it("lists organizations and an organization's memberships", async () => {
    const orgs = await clerk.organizations.getOrganizationList({ limit: 10 });
    expect(orgs.totalCount).toBe(2);
    expect(orgs.data.map((o) => o.slug).sort()).toEqual(["acme", "globex"]);
    const members = await clerk.organizations.getOrganizationMembershipList({
      organizationId: DEMO.orgs.acme.id,
      limit: 2,
    });
    expect(members.totalCount).toBe(3);
    expect(members.data).toHaveLength(2);
    const rest = await clerk.organizations.getOrganizationMembershipList({
      organizationId: DEMO.orgs.acme.id,
      limit: 2,
      offset: 2,
    });
    const all = [...members.data, ...rest.data];
    expect(all.map((m) => m.publicUserData?.userId).sort()).toEqual(
      [DEMO.users.acmeAdmin.id, DEMO.users.acmeMember1.id, DEMO.users.acmeMember2.id].sort(),
    );
    const admin = all.find((m) => m.publicUserData?.userId === DEMO.users.acmeAdmin.id);
    expect(admin?.role).toBe("org:admin");
    expect(admin?.organization.id).toBe(DEMO.orgs.acme.id);
  });

  it("filters an organization's memberships by role and by user id, as Clerk does", async () => {
    const acme = DEMO.orgs.acme.id;
    const admins = await clerk.organizations.getOrganizationMembershipList({
      organizationId: acme,
      role: ["org:admin"],
      limit: 2,
    });
    expect(admins.totalCount).toBe(1);
    expect(admins.data.map((m) => m.publicUserData?.userId)).toEqual([DEMO.users.acmeAdmin.id]);
    const one = await clerk.organizations.getOrganizationMembershipList({
      organizationId: acme,
      userId: [DEMO.users.acmeMember1.id],
      limit: 1,
    });
    expect(one.data.map((m) => [m.publicUserData?.userId, m.role])).toEqual([
      [DEMO.users.acmeMember1.id, "org:member"],
    ]);
    // Another org's member is not in this org's list, whatever the filter says.
    const foreign = await clerk.organizations.getOrganizationMembershipList({
      organizationId: acme,
      userId: [DEMO.users.globexAdmin.id],
      limit: 1,
    });
    expect(foreign.data).toEqual([]);
  });

  it("lists a user's memberships", async () => {
    const memberships = await clerk.users.getOrganizationMembershipList({
      userId: DEMO.users.globexAdmin.id,
    });
    expect(memberships.totalCount).toBe(1);
    expect(memberships.data[0]?.organization.slug).toBe("globex");
  });

  it("answers Clerk's error shape: a wrong key is 401, an unknown org 404, a bad limit 400", async () => {
    const wrong = createClerkClient({ secretKey: "sk_test_wrong", apiUrl: issuer.url });
    const errorOf = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (error) {
        if (isClerkAPIResponseError(error))
          return { status: error.status, code: error.errors[0]?.code };
        throw error;
      }
      throw new Error("expected a ClerkAPIResponseError");
    };
    expect(await errorOf(wrong.users.getUserList())).toEqual({
      status: 401,
      code: "authentication_invalid",
    });
    expect(
      await errorOf(
        clerk.organizations.getOrganizationMembershipList({ organizationId: "org_none" }),
      ),
    ).toEqual({ status: 404, code: "resource_not_found" });
    expect(await errorOf(clerk.organizations.getOrganizationList({ limit: 501 }))).toEqual({
      status: 400,
      code: "validation_error",
    });
  });
});
