/**
 * The slice of Clerk's Backend API that reconciliation reads through @clerk/backend, behind
 * the secret key. Errors in Clerk's shape, so @clerk/backend raises its
 * ClerkAPIResponseError; a method no route uses is 405.
 */
import { z } from "zod";
import type { MembershipRecord } from "../clerk-json";
import { HttpError, parseInput } from "../http";
import { newId } from "../ids";
import { refuseForeignOrigin } from "../../loopback-guard";
import { json, refuse, route, type ErrorInfo, type RouteRequest, type Surface } from "../router";
import type { IssuerContext } from "./context";

const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(10),
  offset: z.coerce.number().int().min(0).default(0),
});
const page = (r: RouteRequest) => parseInput(pageSchema, Object.fromEntries(r.query));

function paginated<T, R>(
  items: T[],
  { limit, offset }: z.output<typeof pageSchema>,
  toJson: (item: T) => R,
) {
  return { data: items.slice(offset, offset + limit).map(toJson), total_count: items.length };
}

const membershipPage = (c: IssuerContext, r: RouteRequest, list: MembershipRecord[]) =>
  json(
    200,
    paginated(list, page(r), (m) => c.directory.membershipJson(m)),
  );

function userOf(c: IssuerContext, r: RouteRequest) {
  const user = c.directory.getUser(r.params.userId ?? "");
  if (!user) throw new HttpError(404, "resource_not_found", "user not found");
  return user;
}

function orgOf(c: IssuerContext, r: RouteRequest) {
  const org = c.directory.getOrg(r.params.orgId ?? "");
  if (!org) throw new HttpError(404, "resource_not_found", "organization not found");
  return org;
}

export const backendApiSurface: Surface<IssuerContext> = {
  guard(ctx, req) {
    refuse(refuseForeignOrigin(req));
    if (req.headers.authorization !== `Bearer ${ctx.options.secretKey}`) {
      throw new HttpError(401, "authentication_invalid", "invalid or missing secret key");
    }
  },
  refuseOtherMethods: true,
  routes: [
    // A bare array, as Clerk's; the count has its own endpoint.
    route("GET /v1/users", (c, r) => {
      const { limit, offset } = page(r);
      const users = c.directory.listUsers().slice(offset, offset + limit);
      return json(
        200,
        users.map((u) => c.directory.userJson(u)),
      );
    }),
    route("GET /v1/users/count", (c) =>
      json(200, { object: "total_count", total_count: c.directory.listUsers().length }),
    ),
    route("GET /v1/users/:userId", (c, r) => json(200, c.directory.userJson(userOf(c, r)))),
    route("GET /v1/users/:userId/organization_memberships", (c, r) =>
      membershipPage(c, r, c.directory.userMemberships(userOf(c, r).id)),
    ),
    route("GET /v1/organizations", (c, r) =>
      json(
        200,
        paginated(c.directory.listOrgs(), page(r), (o) => c.directory.orgJson(o)),
      ),
    ),
    route("GET /v1/organizations/:orgId", (c, r) => json(200, c.directory.orgJson(orgOf(c, r)))),
    // Clerk's filters `role` and `user_id` (each repeatable): the dashboard reads one member,
    // or counts an org's admins, with one bounded request.
    route("GET /v1/organizations/:orgId/memberships", (c, r) => {
      const roles = r.query.getAll("role");
      const userIds = r.query.getAll("user_id");
      const list = c.directory
        .orgMemberships(orgOf(c, r).id)
        .filter((m) => roles.length === 0 || roles.includes(m.role))
        .filter((m) => userIds.length === 0 || userIds.includes(m.userId));
      return membershipPage(c, r, list);
    }),
  ],
  notFound: new HttpError(404, "resource_not_found", "no such endpoint"),
  errorBody: ({ code, message }: ErrorInfo) => ({
    errors: [{ code, message, long_message: message, meta: {} }],
    clerk_trace_id: newId("trace"),
  }),
};
