import { describe, expect, it } from "vitest";
import {
  effectivePermissions,
  isSystemPermission,
  isSystemRole,
  MEMBERSHIPS_MANAGE,
  MEMBERSHIPS_READ,
  MILESTONES_CREATE,
  MILESTONES_MANAGE,
  MILESTONES_READ,
  PERMISSION_KEYS,
  splitPermissions,
  SYSTEM_ROLE_PERMISSIONS,
} from "./permissions";

const READ = MILESTONES_READ;
const CREATE = MILESTONES_CREATE;
const MANAGE = MILESTONES_MANAGE;
const LEAD = [READ, CREATE, MANAGE];
// What Clerk's payload lists for a lead who may also read the member list.
const LEAD_MIRROR = [READ, CREATE, MANAGE, MEMBERSHIPS_READ];

describe("permission keys and system roles", () => {
  it("holds Clerk's keys; system permissions are org:sys_*", () => {
    expect(PERMISSION_KEYS).toEqual([
      "org:milestones:read",
      "org:milestones:create",
      "org:milestones:manage",
      "org:sys_memberships:read",
      "org:sys_memberships:manage",
    ]);
    expect(PERMISSION_KEYS.filter(isSystemPermission)).toEqual([
      MEMBERSHIPS_READ,
      MEMBERSHIPS_MANAGE,
    ]);
    expect(isSystemPermission("org:sysadmin:x")).toBe(false);
  });

  it("gives org:admin every key and org:member read and create", () => {
    expect(SYSTEM_ROLE_PERMISSIONS["org:admin"]).toEqual(PERMISSION_KEYS);
    expect(SYSTEM_ROLE_PERMISSIONS["org:member"]).toEqual([READ, CREATE]);
    expect(["org:admin", "org:member", "org:lead", "admin"].map(isSystemRole)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("splits resolverContext's comma-joined permissions", () => {
    expect(splitPermissions(`${READ},${CREATE}`)).toEqual([READ, CREATE]);
    expect(splitPermissions(`${READ},,`)).toEqual([READ]);
    expect(splitPermissions("")).toEqual([]);
    expect(splitPermissions(undefined)).toEqual([]);
    expect(splitPermissions(["x"])).toEqual([]);
  });
});

describe("effective permissions: token ∩ mirror", () => {
  it("system roles hold their defaults whatever either side lists", () => {
    expect(effectivePermissions("org:admin", [], "org:admin", [])).toEqual(PERMISSION_KEYS);
    expect(
      effectivePermissions("org:member", [MANAGE], "org:member", [MANAGE, MEMBERSHIPS_READ]),
    ).toEqual([READ, CREATE]);
    // Legacy mirror items (no permissions attribute): the same.
    expect(effectivePermissions("org:admin", LEAD, "org:admin", undefined)).toEqual(
      PERMISSION_KEYS,
    );
  });

  it("a custom role holds what both the token and the mirror list, system ones from the mirror", () => {
    expect(effectivePermissions("org:lead", LEAD, "org:lead", LEAD_MIRROR)).toEqual(LEAD_MIRROR);
    // A permission the webhook removed is gone although the token still lists it.
    expect(effectivePermissions("org:lead", LEAD, "org:lead", [READ, CREATE])).toEqual([
      READ,
      CREATE,
    ]);
    // A permission the token does not list (granted after it was issued) waits for the next.
    expect(effectivePermissions("org:lead", [READ], "org:lead", LEAD)).toEqual([READ]);
    // A system permission listed in a (forged or non-Clerk) token alone grants nothing.
    expect(
      effectivePermissions("org:lead", [...LEAD, MEMBERSHIPS_MANAGE], "org:lead", LEAD),
    ).toEqual(LEAD);
    expect(effectivePermissions("org:none", [], "org:none", [])).toEqual([]);
    // Legacy item of a custom role: nothing until the mirror says.
    expect(effectivePermissions("org:lead", LEAD, "org:lead", undefined)).toEqual([]);
    // Junk in the mirror is not a permission.
    expect(effectivePermissions("org:lead", LEAD, "org:lead", [READ, 7, "", null])).toEqual([READ]);
    expect(effectivePermissions("org:lead", LEAD, "org:lead", [READ, READ])).toEqual([READ]);
  });

  it("a role change: the lower of both sides, system permissions only with the same role", () => {
    // Demoted admin → member: the member's defaults at once.
    expect(effectivePermissions("org:admin", [], "org:member", undefined)).toEqual([READ, CREATE]);
    // Promoted member → admin: still a member's until the next token.
    expect(effectivePermissions("org:member", [READ, CREATE], "org:admin", undefined)).toEqual([
      READ,
      CREATE,
    ]);
    // Admin → lead: the lead's, system ones included (the admin's token vouches for them).
    expect(effectivePermissions("org:admin", [], "org:lead", LEAD_MIRROR)).toEqual(LEAD_MIRROR);
    // Lead → admin: the lead's custom permissions, no system ones until the next token.
    expect(effectivePermissions("org:lead", LEAD, "org:admin", undefined)).toEqual(LEAD);
    // Lead → viewer: what both allow.
    expect(effectivePermissions("org:lead", LEAD, "org:viewer", [READ, MEMBERSHIPS_READ])).toEqual([
      READ,
    ]);
  });

  it("no membership role on either side: null", () => {
    expect(effectivePermissions("", LEAD, "org:lead", LEAD)).toBeNull();
    expect(effectivePermissions("org:lead", LEAD, undefined, LEAD)).toBeNull();
    expect(effectivePermissions("admin", [], "org:admin", [])).toBeNull();
  });
});
