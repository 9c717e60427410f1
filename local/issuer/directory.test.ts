import { describe, expect, it } from "vitest";
import { MIRRORED_EVENT_TYPES } from "../../core/clerk-events";
import { Directory, type ClerkEventType } from "./directory";

describe("the directory's events", () => {
  it("are core's mirrored event types, each one emitted by some change", () => {
    const emitted: ClerkEventType[] = [];
    const d = new Directory(
      (type) => emitted.push(type),
      (id) => `http://avatars.test/${id}.svg`,
    );
    const user = d.createUser({ firstName: "Ada", email: "ada@x.test" });
    d.updateUser(user.id, { lastName: "Lovelace" });
    const org = d.createOrg({ name: "Acme", slug: "acme" });
    d.updateOrg(org.id, { name: "Acme Inc" });
    d.createMembership({ orgId: org.id, userId: user.id, role: "org:member" });
    d.updateMembership(org.id, user.id, { role: "org:admin" });
    const revoked = d.createInvitation({ orgId: org.id, email: "a@x.test", role: "org:member" });
    d.revokeInvitation(org.id, revoked.id);
    const accepted = d.createInvitation({ orgId: org.id, email: "b@x.test", role: "org:member" });
    d.acceptInvitation(accepted.id, { firstName: "Bea" });
    d.deleteMembership(org.id, user.id);
    d.deleteOrg(org.id);
    d.deleteUser(user.id);
    expect([...new Set(emitted)].sort()).toEqual([...MIRRORED_EVENT_TYPES].sort());
  });
});

describe("membership times", () => {
  it("a membership created again after its deletion is newer than what the deletion carried", () => {
    const sent: { type: ClerkEventType; data: Record<string, unknown> }[] = [];
    const d = new Directory(
      (type, data) => sent.push({ type, data }),
      (id) => `http://avatars.test/${id}.svg`,
    );
    const user = d.createUser({ firstName: "Ada", email: "ada@x.test" });
    const org = d.createOrg({ name: "Acme", slug: "acme" });
    d.createMembership({ orgId: org.id, userId: user.id, role: "org:member" });
    // A burst of changes in one millisecond runs `updated_at` ahead of the clock.
    for (let i = 0; i < 50; i++) {
      d.updateMembership(org.id, user.id, { role: i % 2 ? "org:member" : "org:admin" });
    }
    d.deleteMembership(org.id, user.id);
    const again = d.createMembership({ orgId: org.id, userId: user.id, role: "org:member" });
    const deletion = sent.find((e) => e.type === "organizationMembership.deleted");
    expect(again.updatedAt).toBeGreaterThan(Number(deletion?.data.updated_at));
  });
});
