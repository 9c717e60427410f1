import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@/app/lib/api";
import { impersonationNote, summarizeAuditEntry } from "./audit-summary";

const base: AuditEntry = {
  id: "a1",
  at: "2026-11-26T18:00:00.000Z",
  actorId: "user_ada",
  actorRole: "org:admin",
  action: "milestone.update",
  targetType: "milestone",
  targetId: "m1",
  before: { title: "Launch", status: "PLANNED", dueDate: null, ownerId: "user_ada", version: 1 },
  after: {
    title: "Launch v2",
    status: "IN_PROGRESS",
    dueDate: null,
    ownerId: "user_ada",
    version: 2,
  },
};

describe("summarizeAuditEntry", () => {
  it("lists the fields an update changed, with readable values", () => {
    expect(summarizeAuditEntry(base)).toEqual({
      verb: "Updated",
      title: "Launch v2",
      changes: [
        { field: "Title", before: "Launch", after: "Launch v2" },
        { field: "Status", before: "Planned", after: "In progress" },
      ],
    });
  });

  it("shows what a create made and what a delete removed", () => {
    const created = summarizeAuditEntry({ ...base, action: "milestone.create", before: null });
    expect(created.verb).toBe("Created");
    expect(created.changes).toEqual([{ field: "Status", before: "—", after: "In progress" }]);
    const deleted = summarizeAuditEntry({ ...base, action: "milestone.delete", after: null });
    expect([deleted.verb, deleted.title]).toEqual(["Deleted", "Launch"]);
    expect(deleted.changes).toEqual([{ field: "Status", before: "Planned", after: "—" }]);
  });

  it("falls back to the target id and the raw action", () => {
    const odd = summarizeAuditEntry({
      ...base,
      action: "milestone.archive",
      before: null,
      after: null,
    });
    expect([odd.verb, odd.title, odd.changes]).toEqual(["milestone.archive", "m1", []]);
  });
});

describe("summarizeAuditEntry of a saved view", () => {
  it("names the view and says what was done to it", () => {
    const view = {
      name: "Team blocked",
      state: "status=BLOCKED",
      ownerId: "user_ada",
      shared: false,
    };
    expect(
      summarizeAuditEntry({
        ...base,
        action: "view.share",
        targetType: "view",
        targetId: "v1",
        before: view,
        after: { ...view, shared: true },
      }),
    ).toMatchObject({ verb: "Shared view", title: "Team blocked" });
    expect(
      summarizeAuditEntry({
        ...base,
        action: "view.delete",
        targetType: "view",
        targetId: "v1",
        before: { ...view, shared: true },
        after: null,
      }),
    ).toMatchObject({ verb: "Deleted shared view", title: "Team blocked", changes: [] });
  });
});

describe("impersonationNote", () => {
  it("says who acted as whom in an impersonated session, and nothing otherwise", () => {
    const names = new Map([["user_ada", "Ada Lovelace"]]);
    expect(impersonationNote({ ...base, impersonatorId: "user_support" }, names)).toBe(
      "by user_support as Ada Lovelace",
    );
    expect(
      impersonationNote(
        { ...base, impersonatorId: "user_support" },
        new Map([...names, ["user_support", "Sam Support"]]),
      ),
    ).toBe("by Sam Support as Ada Lovelace");
    expect(impersonationNote(base, names)).toBeNull();
    expect(impersonationNote({ ...base, impersonatorId: null }, names)).toBeNull();
  });
});

describe("summarizeAuditEntry: member management", () => {
  const names = new Map([["user_grace", "Grace Hopper"]]);
  it("names the invitee's address and the role given", () => {
    expect(
      summarizeAuditEntry({
        ...base,
        action: "member.invite",
        targetType: "invitation",
        targetId: "orginv_1",
        before: null,
        after: { role: "org:member", email: "kim@acme.test" },
      }),
    ).toEqual({
      verb: "Invited",
      title: "kim@acme.test",
      changes: [{ field: "Role", before: "—", after: "Member" }],
    });
  });

  it("names the member and the role before → after; a removal has no after", () => {
    expect(
      summarizeAuditEntry(
        {
          ...base,
          action: "member.changeRole",
          targetType: "member",
          targetId: "user_grace",
          before: { role: "org:member" },
          after: { role: "org:admin" },
        },
        names,
      ),
    ).toEqual({
      verb: "Changed role",
      title: "Grace Hopper",
      changes: [{ field: "Role", before: "Member", after: "Admin" }],
    });
    expect(
      summarizeAuditEntry({
        ...base,
        action: "member.remove",
        targetType: "member",
        targetId: "user_gone",
        before: { role: "org:lead" },
        after: null,
      }),
    ).toEqual({
      verb: "Removed",
      title: "user_gone",
      changes: [{ field: "Role", before: "lead", after: "—" }],
    });
  });
});
