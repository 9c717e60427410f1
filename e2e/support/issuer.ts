/**
 * A typed client of the local issuer's admin API (DESIGN.md, Conventions): users,
 * organizations, memberships and session tokens. Every change it makes leaves the issuer as a
 * svix-signed webhook, so the mirror (and with it the API and the dashboard) follows.
 */
import { stack } from "./stack";

export type OrgRole = "org:admin" | "org:member";

export interface IssuerUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface IssuerOrg {
  id: string;
  name: string;
  slug: string;
}

export interface IssuerMembership {
  id: string;
  orgId: string;
  userId: string;
  role: string;
}

export interface IssuerInvitation {
  id: string;
  orgId: string;
  email: string;
  role: string;
  status: string;
}

export interface IssuerState {
  users: IssuerUser[];
  organizations: IssuerOrg[];
  memberships: IssuerMembership[];
  invitations: IssuerInvitation[];
}

export interface SessionToken {
  token: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export class IssuerRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`issuer ${what}: HTTP ${status} ${JSON.stringify(body)}`);
    this.name = "IssuerRequestError";
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.issuerUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw new IssuerRequestError(response.status, json, `${method} ${path}`);
  return json as T;
}

export const issuer = {
  state: () => call<IssuerState>("GET", "/admin/state"),
  /** Accepts a pending invitation as a new user with the invited address. */
  acceptInvitation: (id: string, input: { firstName: string; lastName?: string }) =>
    call<{ membership: IssuerMembership; userCreated: boolean }>(
      "POST",
      `/admin/invitations/${encodeURIComponent(id)}/accept`,
      input,
    ),
  createUser: (input: { id?: string; firstName: string; lastName?: string; email: string }) =>
    call<IssuerUser>("POST", "/admin/users", input),
  deleteUser: (id: string) => call<unknown>("DELETE", `/admin/users/${encodeURIComponent(id)}`),
  createOrg: (input: { id?: string; name: string; slug: string }) =>
    call<IssuerOrg>("POST", "/admin/organizations", input),
  addMember: (orgId: string, userId: string, role: OrgRole) =>
    call<IssuerMembership>("POST", "/admin/memberships", { orgId, userId, role }),
  setRole: (orgId: string, userId: string, role: OrgRole) =>
    call<IssuerMembership>(
      "PATCH",
      `/admin/memberships/${encodeURIComponent(orgId)}/${encodeURIComponent(userId)}`,
      { role },
    ),
  removeMember: (orgId: string, userId: string) =>
    call<unknown>(
      "DELETE",
      `/admin/memberships/${encodeURIComponent(orgId)}/${encodeURIComponent(userId)}`,
    ),
  /** A session token in Clerk's format for the user, in the org or (without orgId) personal. */
  mintToken: (userId: string, orgId?: string | null) =>
    call<SessionToken>("POST", "/admin/tokens", orgId ? { userId, orgId } : { userId }),
};
