import { describe, expect, it } from "vitest";
import {
  ADMIN_ACTIONS,
  canAdmin,
  canBulkDelete,
  canCreate,
  canDelete,
  canEdit,
  canRead,
  isOrgAdmin,
} from "./authorization";
import { effectiveRole, orgCaller, personalCaller, roleRank, type Caller } from "./caller";

const admin = orgCaller("u_admin", "org_a", "org:admin", "");
const member = orgCaller("u_member", "org_a", "org:member", "");
const personal = personalCaller("u_solo", "");
const own = (caller: Caller) => ({ ownerId: caller.userId });
const other = { ownerId: "u_else" };

describe("roles", () => {
  it("ranks admin above member above nothing; custom roles are members", () => {
    expect(roleRank("org:admin")).toBe(2);
    expect(roleRank("org:member")).toBe(1);
    expect(roleRank("org:viewer")).toBe(1);
    expect(roleRank("org:")).toBe(0);
    expect(roleRank("")).toBe(0);
    expect(roleRank("admin")).toBe(0);
    expect(roleRank(undefined)).toBe(0);
  });

  it("takes the lower of the token's and the mirror's role", () => {
    expect(effectiveRole("org:admin", "org:admin")).toBe("org:admin");
    expect(effectiveRole("org:admin", "org:member")).toBe("org:member");
    expect(effectiveRole("org:member", "org:admin")).toBe("org:member");
    expect(effectiveRole("org:viewer", "org:admin")).toBe("org:member");
    expect(effectiveRole("org:admin", undefined)).toBeNull();
    expect(effectiveRole("", "org:admin")).toBeNull();
  });

  it("builds callers: admins of an org, never in personal scope", () => {
    expect(admin).toMatchObject({ isAdmin: true, scope: { kind: "org", orgId: "org_a" } });
    expect(member.isAdmin).toBe(false);
    expect(personal).toEqual({
      userId: "u_solo",
      scope: { kind: "personal", userId: "u_solo" },
      role: "",
      isAdmin: false,
      impersonatorId: "",
    });
  });
});

describe("who may do what (docs/authorization.md's table)", () => {
  it("reads: all of the org's milestones in an org, only one's own in personal scope", () => {
    expect(canRead(member, other)).toBe(true);
    expect(canRead(admin, other)).toBe(true);
    expect(canRead(personal, own(personal))).toBe(true);
    expect(canRead(personal, other)).toBe(false);
  });

  it("creates in any scope it belongs to", () => {
    expect([admin, member, personal].map(canCreate)).toEqual([true, true, true]);
  });

  it("edits and deletes: admins any milestone of the org, others their own", () => {
    for (const rule of [canEdit, canDelete]) {
      expect(rule(admin, other)).toBe(true);
      expect(rule(member, own(member))).toBe(true);
      expect(rule(member, other)).toBe(false);
      expect(rule(personal, own(personal))).toBe(true);
      expect(rule(personal, other)).toBe(false);
    }
  });

  it("admin actions: org admins only", () => {
    for (const action of ADMIN_ACTIONS) {
      expect(canAdmin(admin, action)).toBe(true);
      expect(canAdmin(member, action)).toBe(false);
      expect(canAdmin(personal, action)).toBe(false);
    }
    expect([admin, member, personal].map(canBulkDelete)).toEqual([true, false, false]);
  });

  it("never trusts an isAdmin flag outside an org, nor a caller without a membership", () => {
    const forged: Caller = { ...personal, isAdmin: true };
    expect(isOrgAdmin(forged)).toBe(false);
    expect(canEdit(forged, other)).toBe(false);
    const noRole: Caller = { ...member, role: "" };
    expect(canCreate(noRole)).toBe(false);
    expect(canRead(noRole, other)).toBe(false);
    expect(canEdit(noRole, own(noRole))).toBe(false);
    const someoneElses: Caller = { ...personal, scope: { kind: "personal", userId: "u_else" } };
    expect(canCreate(someoneElses)).toBe(false);
  });
});
