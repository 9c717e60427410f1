/**
 * The resolvers' plain helpers (api/resolvers/lib) against core: the same keys, the same
 * key-part rule, the same input limits. `@aws-appsync/utils` ships types only, so `util`
 * is the local runtime's implementation, the one the resolvers run with.
 */
import { describe, expect, it, vi } from "vitest";
import { MILESTONE_LIMITS, MILESTONE_STATUSES, milestoneUpdateSchema } from "../core/milestone";
import { keys, type Scope as CoreScope } from "../core/table";
import { createUtil } from "../local/appsync/runtime/util";
import { canEdit, roleRank, type Caller } from "./resolvers/lib/auth";
import {
  auditEntryKey,
  auditLogQuery,
  isKeyPart,
  membershipKey,
  milestoneIndexes,
  milestoneKey,
  orgMembersQuery,
  orgSyncEventsQuery,
  userKey,
  type Scope,
} from "./resolvers/lib/keys";
import { LIMITS, STATUSES, validateFields } from "./resolvers/lib/milestone";

vi.mock("@aws-appsync/utils", () => ({
  util: createUtil({
    info: { parentTypeName: "Mutation", fieldName: "test" },
    appendError: () => {},
  }),
}));

const org: [Scope, CoreScope] = [
  { kind: "ORG", id: "org_acme" },
  { kind: "org", orgId: "org_acme" },
];
const personal: [Scope, CoreScope] = [
  { kind: "PERSONAL", id: "user_barbara" },
  { kind: "personal", userId: "user_barbara" },
];

describe("resolver keys agree with core/table.ts", () => {
  it.each([org, personal])("milestone keys and indexes (%o)", (ours, core) => {
    expect(milestoneKey(ours, "m1")).toEqual(keys.milestone(core, "m1"));
    for (const dueDate of [null, "2026-03-01"]) {
      const m = { id: "m1", updatedAt: "2026-01-01T00:00:00.000Z", dueDate, status: "DONE" };
      expect(milestoneIndexes(ours, m)).toEqual(keys.milestoneIndexes(core, m));
    }
  });

  it("membership, user and audit keys", () => {
    const { PK, SK } = keys.membership("org_acme", "user_ada");
    expect(membershipKey("org_acme", "user_ada")).toEqual({ PK, SK });
    expect(userKey("user_ada")).toEqual(keys.user("user_ada"));
    expect(auditEntryKey("org_acme", "2026-01-01T00:00:00Z", "e1")).toEqual(
      keys.auditEntry("org_acme", "2026-01-01T00:00:00Z", "e1"),
    );
  });

  it("reads the admin lists where core's builders put them", () => {
    expect(orgMembersQuery("org_acme")).toEqual(keys.orgMembers("org_acme"));
    expect(auditLogQuery("org_acme")).toEqual(keys.auditLog("org_acme"));
    expect(orgSyncEventsQuery("org_acme")).toEqual(keys.orgSyncEvents("org_acme"));
    const record = keys.orgSyncEventIndex("org_acme", "2026-01-01T00:00:00.000Z", "msg_1");
    expect(orgSyncEventsQuery("org_acme").partitionKey).toBe(record.GSI2PK);
  });

  it.each([
    "m1",
    "01HZX",
    "",
    "a#b",
    "#",
    "x".repeat(256),
    "x".repeat(257),
    "tab\there",
    "nl\n",
    "\u0000",
    "del\u007f",
    "ünïcode",
    "with space",
  ])("isKeyPart(%j) agrees with core's rule", (value) => {
    let coreAccepts = true;
    try {
      keys.user(value);
    } catch {
      coreAccepts = false;
    }
    expect(isKeyPart(value)).toBe(coreAccepts);
  });

  it("refuses non-strings as key parts", () => {
    expect(isKeyPart(undefined)).toBe(false);
    expect(isKeyPart(42)).toBe(false);
  });
});

describe("milestone input rules agree with core/milestone.ts", () => {
  it("has the same limits and statuses", () => {
    expect(LIMITS).toEqual(MILESTONE_LIMITS);
    expect(STATUSES).toEqual([...MILESTONE_STATUSES]);
  });

  const accepts = (input: Record<string, unknown>) => {
    try {
      validateFields(input);
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    { title: "ok" },
    { title: "  padded  " },
    { title: "   " },
    { title: "" },
    { title: "x".repeat(200) },
    { title: "x".repeat(201) },
    { title: ` ${"x".repeat(200)} ` },
    { description: "x".repeat(5000) },
    { description: "x".repeat(5001) },
    { status: "DONE" },
    { status: "LATER" },
    { dueDate: "2026-02-28" },
    { dueDate: "2026-02-28Z" },
    { dueDate: "26-02-28" },
    { dueDate: null },
    { title: null },
    { title: 5 },
  ])("%o: same verdict as milestoneUpdateSchema", (input) => {
    expect(accepts(input)).toBe(milestoneUpdateSchema.safeParse(input).success);
  });

  it("trims the title as core's schema does, and keeps its lower-case search key", () => {
    expect(validateFields({ title: "  A b  " })).toEqual({ title: "A b", titleSearch: "a b" });
  });
});

describe("roles", () => {
  it("ranks admin above member above nothing; custom roles are members", () => {
    expect(roleRank("org:admin")).toBe(2);
    expect(roleRank("org:member")).toBe(1);
    expect(roleRank("org:viewer")).toBe(1);
    expect(roleRank("")).toBe(0);
    expect(roleRank("admin")).toBe(0);
    expect(roleRank(undefined)).toBe(0);
  });

  it("lets admins edit any milestone and others only their own", () => {
    const caller = (isAdmin: boolean): Caller => ({
      userId: "u1",
      scope: { kind: "ORG", id: "o" },
      role: isAdmin ? "org:admin" : "org:member",
      isAdmin,
      impersonatorId: "",
    });
    expect(canEdit(caller(false), "u1")).toBe(true);
    expect(canEdit(caller(false), "u2")).toBe(false);
    expect(canEdit(caller(true), "u2")).toBe(true);
  });
});
