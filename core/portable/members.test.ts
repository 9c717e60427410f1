import { describe, expect, it } from "vitest";
import {
  ADMIN_COUNT_LIMIT,
  isMemberAuditAction,
  isRoleKey,
  LAST_ADMIN_MESSAGE,
  lastAdminRefusal,
  SELF_CHANGE_MESSAGE,
  selfChangeRefusal,
} from "./members";

describe("self changes", () => {
  it("refuses changing one's own membership, nobody else's", () => {
    expect(selfChangeRefusal("u_1", "u_1")).toBe(SELF_CHANGE_MESSAGE);
    expect(selfChangeRefusal("u_1", "u_2")).toBeNull();
  });
});

describe("the last-admin rule", () => {
  it("refuses demoting or removing the only admin", () => {
    expect(lastAdminRefusal({ kind: "remove", currentRole: "org:admin" }, 1)).toBe(
      LAST_ADMIN_MESSAGE,
    );
    expect(
      lastAdminRefusal({ kind: "changeRole", currentRole: "org:admin", newRole: "org:member" }, 1),
    ).toBe(LAST_ADMIN_MESSAGE);
    // A count of 0 (the mirror or Clerk lagging behind) is not "someone else": refused too.
    expect(lastAdminRefusal({ kind: "remove", currentRole: "org:admin" }, 0)).toBe(
      LAST_ADMIN_MESSAGE,
    );
  });

  it("allows it when another admin exists (the count is read with limit 2)", () => {
    expect(ADMIN_COUNT_LIMIT).toBe(2);
    expect(lastAdminRefusal({ kind: "remove", currentRole: "org:admin" }, 2)).toBeNull();
    expect(
      lastAdminRefusal({ kind: "changeRole", currentRole: "org:admin", newRole: "org:lead" }, 2),
    ).toBeNull();
  });

  it("never stands in the way of members, promotions or an admin staying admin", () => {
    expect(lastAdminRefusal({ kind: "remove", currentRole: "org:member" }, 0)).toBeNull();
    expect(
      lastAdminRefusal({ kind: "changeRole", currentRole: "org:member", newRole: "org:admin" }, 1),
    ).toBeNull();
    expect(
      lastAdminRefusal({ kind: "changeRole", currentRole: "org:admin", newRole: "org:admin" }, 1),
    ).toBeNull();
  });
});

describe("member audit actions and role keys", () => {
  it("knows exactly the four actions", () => {
    for (const a of [
      "member.invite",
      "member.revokeInvitation",
      "member.changeRole",
      "member.remove",
    ])
      expect(isMemberAuditAction(a)).toBe(true);
    for (const a of ["milestone.create", "member.promote", "", 3, null])
      expect(isMemberAuditAction(a)).toBe(false);
  });

  it("accepts Clerk's role keys only", () => {
    for (const r of ["org:admin", "org:member", "org:billing_manager", "org:lead"])
      expect(isRoleKey(r)).toBe(true);
    for (const r of [
      "admin",
      "org:",
      "org:Admin",
      "org:a#b",
      "org:a b",
      `org:${"x".repeat(80)}`,
      1,
    ])
      expect(isRoleKey(r)).toBe(false);
  });
});
