/**
 * Random directory histories for the chaos and reconcile tests: creates, updates, role
 * changes, removals and deletions of users, organizations and memberships, driven through
 * the issuer's Directory so that every event has Clerk's real shape. Seeded: a failure
 * replays exactly.
 */
import type { Directory } from "../issuer/directory";
import type { createRandom } from "./random";

type Random = ReturnType<typeof createRandom>;

const ROLES = ["org:admin", "org:member", "org:viewer"] as const;

export interface HistoryStats {
  usersCreated: number;
  orgsCreated: number;
  operations: number;
}

/**
 * Applies random changes to `directory` until `done()` says so. Ids are never reused after
 * a deletion (Clerk's are not). Returns every id ever created.
 */
export function runRandomHistory(
  directory: Directory,
  random: Random,
  done: () => boolean,
  options: { prefix: string; maxLiveUsers?: number; maxLiveOrgs?: number },
) {
  const users: string[] = [];
  const orgs: string[] = [];
  const liveUsers = () => users.filter((id) => directory.getUser(id));
  const liveOrgs = () => orgs.filter((id) => directory.getOrg(id));
  const maxUsers = options.maxLiveUsers ?? 40;
  const maxOrgs = options.maxLiveOrgs ?? 8;
  let operations = 0;
  let emails = 0;

  const createUser = () => {
    const n = users.length + 1;
    const id = `user_${options.prefix}${n}`;
    directory.createUser({
      id,
      firstName: `First${n}`,
      lastName: random.chance(0.2) ? "" : `Last${n}`,
      email: `${options.prefix}${n}.${++emails}@chaos.test`,
    });
    users.push(id);
  };
  const createOrg = () => {
    const n = orgs.length + 1;
    const id = `org_${options.prefix}${n}`;
    directory.createOrg({ id, name: `Org ${n}`, slug: `${options.prefix}-org-${n}` });
    orgs.push(id);
  };

  while (!done()) {
    operations++;
    const lu = liveUsers();
    const lo = liveOrgs();
    if (lu.length < 8 || (lu.length < maxUsers && random.chance(0.1))) {
      createUser();
      continue;
    }
    if (lo.length < 3 || (lo.length < maxOrgs && random.chance(0.04))) {
      createOrg();
      continue;
    }
    const r = random.next();
    if (r < 0.2) {
      const id = random.pick(lu);
      const change = random.int(0, 2);
      directory.updateUser(
        id,
        change === 0
          ? { firstName: `F${operations}` }
          : change === 1
            ? { lastName: `L${operations}` }
            : { email: `${options.prefix}.${++emails}@chaos.test` },
      );
    } else if (r < 0.3) {
      directory.updateOrg(random.pick(lo), { name: `Org renamed ${operations}` });
    } else if (r < 0.6) {
      const orgId = random.pick(lo);
      const userId = random.pick(lu);
      if (directory.getMembership(orgId, userId)) {
        directory.updateMembership(orgId, userId, { role: random.pick(ROLES) });
      } else {
        directory.createMembership({ orgId, userId, role: random.pick(ROLES) });
      }
    } else if (r < 0.78) {
      const orgId = random.pick(lo);
      const members = directory.orgMemberships(orgId);
      if (members.length > 0) {
        const m = random.pick(members);
        directory.updateMembership(orgId, m.userId, { role: random.pick(ROLES) });
      }
    } else if (r < 0.92) {
      const orgId = random.pick(lo);
      const members = directory.orgMemberships(orgId);
      if (members.length > 0) directory.deleteMembership(orgId, random.pick(members).userId);
    } else if (r < 0.97) {
      directory.deleteUser(random.pick(lu));
    } else {
      directory.deleteOrg(random.pick(lo));
    }
  }
  return {
    users,
    orgs,
    stats: { usersCreated: users.length, orgsCreated: orgs.length, operations },
  };
}
