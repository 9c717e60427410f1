import { describe, expect, it } from "vitest";
import {
  ADMIN_ACTION_PERMISSION,
  ADMIN_ACTIONS,
  canAdmin,
  canBulkDelete,
  canBulkEdit,
  canBulkEditAny,
  canChangeOwner,
  canCreate,
  canDelete,
  canEdit,
  canRead,
  canReadMilestones,
  isOrgAdmin,
} from "./authorization";
import { effectiveRole, orgCaller, personalCaller, roleRank, type Caller } from "./caller";
import {
  MEMBERSHIPS_MANAGE,
  MEMBERSHIPS_READ,
  MILESTONES_CREATE,
  MILESTONES_MANAGE,
  MILESTONES_READ,
  PERMISSION_KEYS,
  SYSTEM_ROLE_PERMISSIONS,
} from "./permissions";

const inOrg = (userId: string, role: string, permissions: readonly string[]) =>
  orgCaller(userId, "org_a", role, "", permissions);
const admin = inOrg("u_admin", "org:admin", SYSTEM_ROLE_PERMISSIONS["org:admin"] ?? []);
const member = inOrg("u_member", "org:member", SYSTEM_ROLE_PERMISSIONS["org:member"] ?? []);
const lead = inOrg("u_lead", "org:lead", [MILESTONES_READ, MILESTONES_CREATE, MILESTONES_MANAGE]);
const viewer = inOrg("u_viewer", "org:viewer", [MILESTONES_READ]);
const nobody = inOrg("u_none", "org:none", []);
const billing = inOrg("u_billing", "org:billing", [MEMBERSHIPS_READ]);
const creator = inOrg("u_creator", "org:submitter", [MILESTONES_CREATE]);
const manager = inOrg("u_manager", "org:people", [
  MILESTONES_READ,
  MEMBERSHIPS_READ,
  MEMBERSHIPS_MANAGE,
]);
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

  it("keeps a role both sides agree on, else takes the lower", () => {
    expect(effectiveRole("org:admin", "org:admin")).toBe("org:admin");
    expect(effectiveRole("org:lead", "org:lead")).toBe("org:lead");
    expect(effectiveRole("org:admin", "org:member")).toBe("org:member");
    expect(effectiveRole("org:member", "org:admin")).toBe("org:member");
    expect(effectiveRole("org:viewer", "org:admin")).toBe("org:member");
    expect(effectiveRole("org:lead", "org:viewer")).toBe("org:member");
    expect(effectiveRole("org:admin", undefined)).toBeNull();
    expect(effectiveRole("", "org:admin")).toBeNull();
  });

  it("builds callers: admins of an org, never in personal scope; permissions copied", () => {
    expect(admin).toMatchObject({ isAdmin: true, scope: { kind: "org", orgId: "org_a" } });
    expect(member.isAdmin).toBe(false);
    expect(lead.isAdmin).toBe(false);
    const granted = [MILESTONES_READ];
    const caller = orgCaller("u", "org_a", "org:viewer", "", granted);
    granted.push(MILESTONES_MANAGE);
    expect(caller.permissions).toEqual([MILESTONES_READ]);
    expect(personal).toEqual({
      userId: "u_solo",
      scope: { kind: "personal", userId: "u_solo" },
      role: "",
      isAdmin: false,
      impersonatorId: "",
      permissions: [],
    });
  });
});

describe("who may do what, by permission (docs/authorization.md's table)", () => {
  it("reads: with org:milestones:read every milestone of the org; own in personal scope", () => {
    for (const caller of [admin, member, lead, viewer, manager]) {
      expect(canReadMilestones(caller)).toBe(true);
      expect(canRead(caller, other)).toBe(true);
      expect(canRead(caller, own(caller))).toBe(true);
    }
    for (const caller of [nobody, billing, creator]) {
      expect(canReadMilestones(caller)).toBe(false);
      expect(canRead(caller, other)).toBe(false);
      expect(canRead(caller, own(caller))).toBe(false);
    }
    expect(canReadMilestones(personal)).toBe(true);
    expect(canRead(personal, own(personal))).toBe(true);
    expect(canRead(personal, other)).toBe(false);
  });

  it("creates with org:milestones:create (read not needed); always in one's personal scope", () => {
    const allowed = [admin, member, lead, creator, personal];
    const refused = [viewer, nobody, billing, manager];
    expect(allowed.map(canCreate)).toEqual(allowed.map(() => true));
    expect(refused.map(canCreate)).toEqual(refused.map(() => false));
  });

  it("edits and deletes: manage any of the org's, create one's own, read always needed", () => {
    for (const rule of [canEdit, canDelete]) {
      // org:milestones:manage: anyone's.
      for (const caller of [admin, lead]) {
        expect(rule(caller, other)).toBe(true);
        expect(rule(caller, own(caller))).toBe(true);
      }
      // read + create: one's own only.
      expect(rule(member, own(member))).toBe(true);
      expect(rule(member, other)).toBe(false);
      // read without create or manage: nothing, not even one's own.
      for (const caller of [viewer, manager]) {
        expect(rule(caller, own(caller))).toBe(false);
        expect(rule(caller, other)).toBe(false);
      }
      // create without read: cannot edit what it cannot read; nor can nobody.
      for (const caller of [creator, nobody, billing]) {
        expect(rule(caller, own(caller))).toBe(false);
        expect(rule(caller, other)).toBe(false);
      }
      const managerNoRead = inOrg("u_m", "org:odd", [MILESTONES_MANAGE]);
      expect(rule(managerNoRead, other)).toBe(false);
      expect(rule(personal, own(personal))).toBe(true);
      expect(rule(personal, other)).toBe(false);
    }
  });

  it("maps every admin action to one permission key", () => {
    expect(ADMIN_ACTION_PERMISSION).toEqual({
      "milestones.bulkDelete": MILESTONES_MANAGE,
      "org.members": MEMBERSHIPS_READ,
      "org.auditLog": MEMBERSHIPS_MANAGE,
      "org.syncEvents": MEMBERSHIPS_MANAGE,
      "org.invitations": MEMBERSHIPS_MANAGE,
      "org.manageMembers": MEMBERSHIPS_MANAGE,
    });
    for (const action of ADMIN_ACTIONS)
      expect(PERMISSION_KEYS).toContain(ADMIN_ACTION_PERMISSION[action]);
  });

  it("admin actions: org admins all; members none; custom roles exactly their permission's", () => {
    const allowed = (caller: Caller) => ADMIN_ACTIONS.filter((action) => canAdmin(caller, action));
    expect(allowed(admin)).toEqual([...ADMIN_ACTIONS]);
    expect(allowed(member)).toEqual([]);
    expect(allowed(lead)).toEqual(["milestones.bulkDelete"]);
    expect(allowed(viewer)).toEqual([]);
    expect(allowed(nobody)).toEqual([]);
    expect(allowed(billing)).toEqual(["org.members"]);
    expect(allowed(manager)).toEqual([
      "org.members",
      "org.auditLog",
      "org.syncEvents",
      "org.invitations",
      "org.manageMembers",
    ]);
    expect(allowed(personal)).toEqual([]);
  });

  it("bulk delete: org:milestones:manage with read", () => {
    const callers = [admin, member, lead, viewer, nobody, billing, personal];
    expect(callers.map(canBulkDelete)).toEqual([true, false, true, false, false, false, false]);
    expect(canBulkDelete(inOrg("u_m", "org:odd", [MILESTONES_MANAGE]))).toBe(false);
  });

  it("owner change: org:milestones:manage with read, never in personal scope", () => {
    const callers = [admin, member, lead, viewer, nobody, billing, creator, manager, personal];
    expect(callers.map(canChangeOwner)).toEqual([
      true,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(canChangeOwner(inOrg("u_m", "org:odd", [MILESTONES_MANAGE]))).toBe(false);
    const forged: Caller = { ...personal, isAdmin: true, permissions: [...PERMISSION_KEYS] };
    expect(canChangeOwner(forged)).toBe(false);
  });

  it("bulk edit is offered to whoever may edit some row", () => {
    const callers = [admin, member, lead, viewer, nobody, billing, creator, manager, personal];
    expect(callers.map(canBulkEditAny)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    const someoneElses: Caller = { ...personal, scope: { kind: "personal", userId: "u_else" } };
    expect(canBulkEditAny(someoneElses)).toBe(false);
  });

  it("bulk edit of a row: canEdit, plus canChangeOwner when the owner changes", () => {
    const fields = { ownerChange: false };
    const owner = { ownerChange: true };
    // Status or due date: exactly canEdit, row by row.
    expect(canBulkEdit(member, own(member), fields)).toBe(true);
    expect(canBulkEdit(member, other, fields)).toBe(false);
    expect(canBulkEdit(viewer, own(viewer), fields)).toBe(false);
    expect(canBulkEdit(lead, other, fields)).toBe(true);
    expect(canBulkEdit(personal, own(personal), fields)).toBe(true);
    // Owner: managers only, even of a member's own row.
    expect(canBulkEdit(member, own(member), owner)).toBe(false);
    expect(canBulkEdit(personal, own(personal), owner)).toBe(false);
    expect(canBulkEdit(admin, other, owner)).toBe(true);
    expect(canBulkEdit(lead, other, owner)).toBe(true);
    expect(canBulkEdit(manager, other, owner)).toBe(false);
  });

  it("never trusts flags or permissions outside an org, nor a role name", () => {
    const forged: Caller = { ...personal, isAdmin: true, permissions: [...PERMISSION_KEYS] };
    expect(isOrgAdmin(forged)).toBe(false);
    expect(canEdit(forged, other)).toBe(false);
    for (const action of ADMIN_ACTIONS) expect(canAdmin(forged, action)).toBe(false);
    // The role's name decides nothing: an admin without permissions may do nothing.
    const emptyAdmin = inOrg("u_x", "org:admin", []);
    expect(canRead(emptyAdmin, other)).toBe(false);
    expect(canCreate(emptyAdmin)).toBe(false);
    for (const action of ADMIN_ACTIONS) expect(canAdmin(emptyAdmin, action)).toBe(false);
    const someoneElses: Caller = { ...personal, scope: { kind: "personal", userId: "u_else" } };
    expect(canCreate(someoneElses)).toBe(false);
    expect(canRead(someoneElses, own(someoneElses))).toBe(false);
  });
});
