/**
 * The demo tenants, created through the directory so that each one leaves as webhooks,
 * exactly as a real Clerk instance would deliver them. Fixed ids keep a persistent stack
 * and the tests readable.
 */
import type { Directory } from "./directory";

export const DEMO = {
  orgs: {
    acme: { id: "org_acme", name: "Acme", slug: "acme" },
    globex: { id: "org_globex", name: "Globex", slug: "globex" },
  },
  users: {
    acmeAdmin: { id: "user_ada", firstName: "Ada", lastName: "Lovelace", email: "ada@acme.test" },
    acmeMember1: {
      id: "user_grace",
      firstName: "Grace",
      lastName: "Hopper",
      email: "grace@acme.test",
    },
    acmeMember2: {
      id: "user_alan",
      firstName: "Alan",
      lastName: "Turing",
      email: "alan@acme.test",
    },
    globexAdmin: {
      id: "user_margaret",
      firstName: "Margaret",
      lastName: "Hamilton",
      email: "margaret@globex.test",
    },
    globexMember: {
      id: "user_edsger",
      firstName: "Edsger",
      lastName: "Dijkstra",
      email: "edsger@globex.test",
    },
    personal: {
      id: "user_barbara",
      firstName: "Barbara",
      lastName: "Liskov",
      email: "barbara@example.test",
    },
  },
  /** Pending: Acme's admin invited a new member, who has not accepted yet. */
  invitation: { orgId: "org_acme", email: "katherine@acme.test", role: "org:member" },
} as const;

export function seedDemo(directory: Directory): void {
  const { orgs, users } = DEMO;
  for (const user of Object.values(users)) directory.createUser(user);
  for (const org of Object.values(orgs)) directory.createOrg(org);
  const memberships = [
    [orgs.acme.id, users.acmeAdmin.id, "org:admin"],
    [orgs.acme.id, users.acmeMember1.id, "org:member"],
    [orgs.acme.id, users.acmeMember2.id, "org:member"],
    [orgs.globex.id, users.globexAdmin.id, "org:admin"],
    [orgs.globex.id, users.globexMember.id, "org:member"],
  ] as const;
  for (const [orgId, userId, role] of memberships)
    directory.createMembership({ orgId, userId, role });
  directory.createInvitation(DEMO.invitation);
}
