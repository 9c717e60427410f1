/**
 * The slice of Clerk's Backend API that reconciliation reads and the dashboard's member
 * management writes through @clerk/backend, behind the secret key: the reads, invitations
 * (create, list, revoke), membership role changes and removals, the roles list. Every
 * change goes through the directory, so it leaves as its webhook. Errors in Clerk's shape
 * (`{ errors: [{ code, message, long_message, meta: { param_name? } }] }`), so @clerk/backend
 * raises its ClerkAPIResponseError; a method no route uses is 405.
 */
import { z } from "zod";
import { rolesJson, type MembershipRecord } from "../clerk-json";
import { DirectoryError, email } from "../directory";
import { HttpError, parseInput, readBody } from "../http";
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

/** The request parameter an error concerns, for Clerk's `meta.param_name`. */
interface ParamDetails {
  paramName: string;
}
const isParamDetails = (details: unknown): details is ParamDetails =>
  typeof details === "object" && details !== null && "paramName" in details;

/**
 * A JSON body parsed with `schema`; a failure is Clerk's 422 for the first parameter at
 * fault (`form_param_missing` or `form_param_format_invalid`, with `meta.param_name`).
 */
async function clerkBody<T extends z.ZodType>(r: RouteRequest, schema: T): Promise<z.output<T>> {
  const text = await readBody(r.req);
  let value: unknown;
  try {
    value = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, "malformed_request", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = String(issue?.path[0] ?? "body");
  const missing = issue?.code === "invalid_type" && issue.input === undefined;
  throw new HttpError(
    422,
    missing ? "form_param_missing" : "form_param_format_invalid",
    missing ? `${param} is missing` : `${param} is invalid`,
    { paramName: param } satisfies ParamDetails,
  );
}

/** The status Clerk answers each of the directory's refusals with. */
const CLERK_STATUS: Record<string, number> = {
  resource_not_found: 404,
  form_param_value_invalid: 422,
  duplicate_record: 400,
  already_a_member_in_organization: 400,
  organization_invitation_not_pending: 400,
};

/** Runs a directory change; its refusal becomes Clerk's error, and nothing has changed. */
function change<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    const code = error.clerkCode ?? (error.code === "not_found" ? "resource_not_found" : "");
    const status = CLERK_STATUS[code];
    if (status === undefined) throw error;
    throw new HttpError(
      status,
      code,
      error.message,
      error.param === undefined ? undefined : ({ paramName: error.param } satisfies ParamDetails),
    );
  }
}

const metadata = z.record(z.string(), z.unknown()).optional();
const roleKey = z.string().min(1).max(256);
const userIdParam = z.string().min(1).max(256).optional();
const createInvitationBody = z.object({
  email_address: email,
  role: roleKey,
  expires_in_days: z.number().int().min(1).max(365).optional(),
  inviter_user_id: userIdParam,
  public_metadata: metadata,
  private_metadata: metadata,
  redirect_url: z.string().max(2048).optional(),
});
const revokeInvitationBody = z.object({ requesting_user_id: userIdParam });
const updateMembershipBody = z.object({
  role: roleKey,
  public_metadata: metadata,
  private_metadata: metadata,
});
const invitationStatus = z.enum(["pending", "accepted", "revoked", "expired"]);

/** The role a Backend API change asks for must be one the instance defines. */
function knownRole(c: IssuerContext, role: string): string {
  if (!c.directory.getRole(role)) {
    throw new HttpError(422, "form_param_value_invalid", `no role ${role}`, {
      paramName: "role",
    } satisfies ParamDetails);
  }
  return role;
}

function invitationOf(c: IssuerContext, r: RouteRequest) {
  const org = orgOf(c, r);
  const invitation = c.directory.getInvitation(r.params.invitationId ?? "");
  if (invitation?.orgId !== org.id) {
    throw new HttpError(404, "resource_not_found", "invitation not found");
  }
  return invitation;
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
    route("PATCH /v1/organizations/:orgId/memberships/:userId", async (c, r) => {
      const org = orgOf(c, r);
      const user = userOf(c, r);
      const body = await clerkBody(r, updateMembershipBody);
      const role = knownRole(c, body.role);
      if (!c.directory.getMembership(org.id, user.id)) {
        throw new HttpError(404, "resource_not_found", "membership not found");
      }
      const updated = change(() => c.directory.updateMembership(org.id, user.id, { role }));
      return json(200, c.directory.membershipJson(updated));
    }),
    route("DELETE /v1/organizations/:orgId/memberships/:userId", (c, r) => {
      const org = orgOf(c, r);
      const user = userOf(c, r);
      const membership = c.directory.getMembership(org.id, user.id);
      if (!membership) throw new HttpError(404, "resource_not_found", "membership not found");
      // Clerk answers with the membership as it was.
      const removed = c.directory.membershipJson(membership);
      change(() => c.directory.deleteMembership(org.id, user.id));
      return json(200, removed);
    }),
    route("GET /v1/organizations/:orgId/invitations", (c, r) => {
      const org = orgOf(c, r);
      const statuses = parseInput(z.array(invitationStatus).max(100), r.query.getAll("status"));
      // No invitation here expires (none outlives a local stack's 30 days): `expired` lists none.
      const list = c.directory.orgInvitations(org.id, statuses);
      return json(
        200,
        paginated(list, page(r), (i) => c.directory.invitationJson(i)),
      );
    }),
    route("GET /v1/organizations/:orgId/invitations/:invitationId", (c, r) =>
      json(200, c.directory.invitationJson(invitationOf(c, r))),
    ),
    route("POST /v1/organizations/:orgId/invitations", async (c, r) => {
      const org = orgOf(c, r);
      const body = await clerkBody(r, createInvitationBody);
      const role = knownRole(c, body.role);
      if (body.inviter_user_id !== undefined && !c.directory.getUser(body.inviter_user_id)) {
        throw new HttpError(404, "resource_not_found", "inviter not found", {
          paramName: "inviter_user_id",
        } satisfies ParamDetails);
      }
      const invitation = change(() =>
        c.directory.createInvitation({
          orgId: org.id,
          email: body.email_address,
          role,
          ...(body.expires_in_days !== undefined ? { expiresInDays: body.expires_in_days } : {}),
        }),
      );
      return json(200, c.directory.invitationJson(invitation));
    }),
    route("POST /v1/organizations/:orgId/invitations/:invitationId/revoke", async (c, r) => {
      const invitation = invitationOf(c, r);
      await clerkBody(r, revokeInvitationBody);
      const revoked = change(() => c.directory.revokeInvitation(invitation.orgId, invitation.id));
      return json(200, c.directory.invitationJson(revoked));
    }),
    route("GET /v1/organization_roles", (c, r) =>
      json(
        200,
        paginated(rolesJson(c.directory.listRoles()), page(r), (role) => role),
      ),
    ),
  ],
  notFound: new HttpError(404, "resource_not_found", "no such endpoint"),
  errorBody: ({ code, message, details }: ErrorInfo) => ({
    errors: [
      {
        code,
        message,
        long_message: message,
        meta: isParamDetails(details) ? { param_name: details.paramName } : {},
      },
    ],
    clerk_trace_id: newId("trace"),
  }),
};
