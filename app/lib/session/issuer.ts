/**
 * The local issuer's admin API (local mode only): the directory for the sign-in page and the
 * org switcher, and session tokens minted per request in Clerk's format. The one module that
 * talks to the issuer; shapes are zod-parsed into our own types.
 */
import "server-only";
import { z } from "zod";
import { getEnv } from "../env";
import { reportInternal } from "../errors";
import { roleFromOrgRole, type Role } from "./types";

const stateSchema = z.object({
  users: z.array(
    z.object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
    }),
  ),
  organizations: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string() })),
  memberships: z.array(z.object({ orgId: z.string(), userId: z.string(), role: z.string() })),
});

export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  imageUrl: string;
  memberships: { orgId: string; orgName: string; orgSlug: string; role: Role }[];
}

/**
 * Thrown when the issuer cannot be reached or answers unexpectedly. Its message is for
 * people (no URL, no raw error); the details are in the server log under `reference`.
 */
export class IssuerError extends Error {
  constructor(
    message: string,
    readonly reference: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "IssuerError";
  }
}

export const ISSUER_UNAVAILABLE_MESSAGE = "The local issuer is not answering";

async function issuerFetch(path: string, init?: RequestInit): Promise<unknown> {
  const url = `${getEnv().WAYPOINT_ISSUER_URL}${path}`;
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: "no-store", signal: AbortSignal.timeout(5000) });
  } catch (error) {
    const reference = reportInternal(
      `the local issuer (WAYPOINT_ISSUER_URL) is unreachable at ${path}`,
      error,
    );
    throw new IssuerError(ISSUER_UNAVAILABLE_MESSAGE, reference);
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const code = z.object({ error: z.object({ code: z.string() }) }).safeParse(body).data
      ?.error.code;
    const reference = reportInternal(`issuer ${path}`, `HTTP ${response.status} ${code ?? ""}`);
    throw new IssuerError(ISSUER_UNAVAILABLE_MESSAGE, reference, response.status, code);
  }
  return body;
}

/** Every user of the issuer's directory with their memberships, sorted by name. */
export async function listDirectoryUsers(): Promise<DirectoryUser[]> {
  const state = stateSchema.parse(await issuerFetch("/admin/state"));
  const orgs = new Map(state.organizations.map((org) => [org.id, org]));
  const base = getEnv().WAYPOINT_ISSUER_URL;
  return state.users
    .map((user) => ({
      id: user.id,
      name: `${user.firstName} ${user.lastName}`.trim(),
      email: user.email,
      imageUrl: `${base}/avatars/${user.id}.svg`,
      memberships: state.memberships
        .filter((m) => m.userId === user.id && orgs.has(m.orgId))
        .map((m) => {
          const org = orgs.get(m.orgId);
          return {
            orgId: m.orgId,
            orgName: org?.name ?? m.orgId,
            orgSlug: org?.slug ?? "",
            role: roleFromOrgRole(m.role) ?? "member",
          };
        })
        .sort((a, b) => a.orgName.localeCompare(b.orgName)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const tokenSchema = z.object({ token: z.string().min(1), expiresAt: z.number().int() });

/**
 * A fresh session token for the user (and active org) from the issuer. Throws IssuerError
 * with code `not_a_member` when the user no longer belongs to the org.
 */
export async function mintIssuerToken(
  userId: string,
  orgId: string | null,
): Promise<{ token: string; expiresAt: number }> {
  return tokenSchema.parse(
    await issuerFetch("/admin/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(orgId ? { userId, orgId } : { userId }),
    }),
  );
}
