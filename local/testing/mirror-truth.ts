/**
 * Compares the mirror in DynamoDB with the directory's final state, item by item. The
 * whole table is read with Scan: a test's privilege, never done on a request path.
 */
import { ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { membershipKey, orgKey, userKey, type ItemKey } from "../../core/portable/keys";
import type { Directory } from "../issuer/directory";
import { mirrorReader } from "./webhooks";

export async function scanAll(doc: DynamoDBDocumentClient, tableName: string) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export interface TruthOptions {
  directory: Directory;
  /** Every user and org id ever created (the deleted ones must be tombstones). */
  userIds: readonly string[];
  orgIds: readonly string[];
  avatarUrl: (id: string) => string;
  /** Expected `membersCount` per org; compared only when given. */
  membersCount?: ReadonlyMap<string, number>;
  /**
   * Accept no item at all for a deleted user or org: right for a mirror rebuilt by
   * reconcile, which never hears of what was created and deleted while it looked away.
   */
  deletedMayBeAbsent?: boolean;
}

/** Every difference between the mirror and the truth, as readable lines; [] when equal. */
export async function diffMirror(
  doc: DynamoDBDocumentClient,
  tableName: string,
  truth: TruthOptions,
) {
  const items = await scanAll(doc, tableName);
  const mismatches: string[] = [];
  const seen = new Set<string>();
  const byKey = new Map(items.map((item) => [`${String(item.PK)}|${String(item.SK)}`, item]));
  // The keys the mirror should hold, from core's builders (their formats are tested there).
  const at = (key: ItemKey | null) => (key ? `${key.PK}|${key.SK}` : "(malformed id)");
  const compare = (label: string, actual: unknown, expected: unknown) => {
    if (truth.deletedMayBeAbsent && expected === "deleted" && actual === undefined) return;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      mismatches.push(
        `${label}: mirror ${JSON.stringify(actual)} ≠ truth ${JSON.stringify(expected)}`,
      );
    }
  };
  const d = truth.directory;

  for (const id of truth.userIds) {
    const key = at(userKey(id));
    seen.add(key);
    const item = byKey.get(key);
    const user = d.getUser(id);
    compare(
      `user ${id}`,
      item &&
        (item.deleted
          ? "deleted"
          : {
              email: item.email,
              firstName: item.firstName,
              lastName: item.lastName,
              imageUrl: item.imageUrl,
              updatedAt: item.updatedAt,
            }),
      user
        ? {
            email: user.email,
            firstName: user.firstName,
            lastName: user.lastName,
            imageUrl: truth.avatarUrl(id),
            updatedAt: user.updatedAt,
          }
        : "deleted",
    );
  }
  for (const id of truth.orgIds) {
    const key = at(orgKey(id));
    seen.add(key);
    const item = byKey.get(key);
    const org = d.getOrg(id);
    const withCount = truth.membersCount !== undefined;
    compare(
      `org ${id}`,
      item &&
        (item.deleted
          ? "deleted"
          : {
              name: item.name,
              slug: item.slug,
              imageUrl: item.imageUrl,
              ...(withCount ? { membersCount: item.membersCount } : {}),
              updatedAt: item.updatedAt,
            }),
      org
        ? {
            name: org.name,
            slug: org.slug,
            imageUrl: truth.avatarUrl(id),
            ...(withCount ? { membersCount: truth.membersCount?.get(id) } : {}),
            updatedAt: org.updatedAt,
          }
        : "deleted",
    );
  }

  // Memberships: the items themselves, then both read directions through the keys.
  const expectedMemberships = d.snapshot().memberships;
  for (const m of expectedMemberships) {
    const key = at(membershipKey(m.orgId, m.userId));
    seen.add(key);
    const item = byKey.get(key);
    compare(
      `membership ${m.orgId}/${m.userId}`,
      item && {
        role: item.role,
        permissions: item.permissions,
        updatedAt: item.updatedAt,
        GSI1PK: item.GSI1PK,
      },
      {
        role: m.role,
        permissions: d.permissionsOf(m),
        updatedAt: m.updatedAt,
        GSI1PK: `USER#${m.userId}`,
      },
    );
  }
  const reader = mirrorReader(doc, tableName);
  for (const orgId of truth.orgIds) {
    const expected = Object.fromEntries(
      expectedMemberships.filter((m) => m.orgId === orgId).map((m) => [m.userId, m.role]),
    );
    compare(`members of ${orgId}`, sortKeys(await reader.orgMembers(orgId)), sortKeys(expected));
  }
  for (const userId of truth.userIds) {
    const expected = Object.fromEntries(
      expectedMemberships.filter((m) => m.userId === userId).map((m) => [m.orgId, m.role]),
    );
    compare(`orgs of ${userId}`, sortKeys(await reader.userOrgs(userId)), sortKeys(expected));
  }

  // Anything else must be a membership tombstone that no live membership is older than,
  // or a webhook record.
  const live = new Map(expectedMemberships.map((m) => [`${m.orgId}/${m.userId}`, m.updatedAt]));
  let records = 0;
  for (const item of items) {
    const key = `${String(item.PK)}|${String(item.SK)}`;
    if (seen.has(key)) continue;
    if (item.entity === "webhookEvent") {
      if (item.SK === "EVENT") records++;
      continue;
    }
    if (item.entity === "membershipTombstone") {
      const liveAt = live.get(`${String(item.orgId)}/${String(item.userId)}`);
      if (liveAt !== undefined && liveAt <= Number(item.updatedAt)) {
        mismatches.push(`tombstone ${key} is not older than the live membership`);
      }
      continue;
    }
    mismatches.push(`unexpected item ${key}: ${JSON.stringify(item)}`);
  }
  return { mismatches, records, items: items.length };
}

function sortKeys(record: Record<string, string>) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
