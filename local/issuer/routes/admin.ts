/**
 * The admin API (DESIGN.md's conventions table): loopback only, JSON only, no foreign Origin,
 * so a web page the developer visits can neither make anyone an admin nor mint tokens.
 * Errors in our shape, `{ error: { code, message, details? } }`.
 */
import { z } from "zod";
import type { InvitationRecord, MembershipRecord, OrgRecord, UserRecord } from "../clerk-json";
import {
  acceptInvitationSchema,
  createMembershipSchema,
  createOrgSchema,
  createUserSchema,
  updateMembershipSchema,
  updateOrgSchema,
  updateUserSchema,
  type Directory,
} from "../directory";
import { HttpError, isLoopback, readJson } from "../http";
import { newId } from "../ids";
import { refuseForeignOrigin, refuseNonJson } from "../../loopback-guard";
import { json, ourErrorBody, refuse, route, type RouteRequest, type Surface } from "../router";
import { mintSessionToken } from "../tokens";
import type { IssuerContext } from "./context";

const tokenRequestSchema = z.strictObject({
  userId: z.string().min(1),
  orgId: z.string().min(1).optional(),
  format: z.enum(["v1", "v2"]).default("v2"),
  sessionStatus: z.enum(["active", "pending"]).default("active"),
  lifetimeSeconds: z.number().int().min(1).max(3600).optional(),
  /** An impersonated session: the real actor's user id (Clerk's `act.sub`). */
  impersonatorId: z.string().min(1).optional(),
});

const id = (r: RouteRequest, name: string) => r.params[name] ?? "";
const body = <T extends z.ZodType>(r: RouteRequest, schema: T) => readJson(r.req, schema);

export const adminSurface: Surface<IssuerContext> = {
  guard(_ctx, req) {
    if (!isLoopback(req.socket.remoteAddress)) {
      throw new HttpError(403, "forbidden", "the admin API answers on loopback only");
    }
    // A no-cors text/plain POST never gets past these.
    refuse(refuseForeignOrigin(req));
    refuse(refuseNonJson(req));
  },
  routes: [
    route("GET /admin/state", (c) => json(200, stateJson(c.directory))),
    route("GET /admin/webhooks", (c) => json(200, { deliveries: c.webhooks.deliveries() })),
    route("POST /admin/keys/rotate", async (c) => json(200, { kid: await c.keys.rotate() })),
    route("POST /admin/users", async (c, r) =>
      json(201, userView(c.directory.createUser(await body(r, createUserSchema)))),
    ),
    route("PATCH /admin/users/:id", async (c, r) =>
      json(200, userView(c.directory.updateUser(id(r, "id"), await body(r, updateUserSchema)))),
    ),
    route("DELETE /admin/users/:id", (c, r) => {
      c.directory.deleteUser(id(r, "id"));
      return json(200, { id: id(r, "id"), deleted: true });
    }),
    route("POST /admin/organizations", async (c, r) =>
      json(201, orgView(c.directory.createOrg(await body(r, createOrgSchema)))),
    ),
    route("PATCH /admin/organizations/:id", async (c, r) =>
      json(200, orgView(c.directory.updateOrg(id(r, "id"), await body(r, updateOrgSchema)))),
    ),
    route("DELETE /admin/organizations/:id", (c, r) => {
      c.directory.deleteOrg(id(r, "id"));
      return json(200, { id: id(r, "id"), deleted: true });
    }),
    route("POST /admin/memberships", async (c, r) =>
      json(
        201,
        membershipView(c.directory.createMembership(await body(r, createMembershipSchema))),
      ),
    ),
    route("PATCH /admin/memberships/:orgId/:userId", async (c, r) => {
      const input = await body(r, updateMembershipSchema);
      return json(
        200,
        membershipView(c.directory.updateMembership(id(r, "orgId"), id(r, "userId"), input)),
      );
    }),
    route("DELETE /admin/memberships/:orgId/:userId", (c, r) => {
      c.directory.deleteMembership(id(r, "orgId"), id(r, "userId"));
      return json(200, { orgId: id(r, "orgId"), userId: id(r, "userId"), deleted: true });
    }),
    // Accepting is the invitee's act (a sign-in or sign-up in Clerk): here the tests' and the demo's.
    route("POST /admin/invitations/:id/accept", async (c, r) => {
      const input = await body(r, acceptInvitationSchema);
      const accepted = c.directory.acceptInvitation(id(r, "id"), input);
      return json(200, {
        invitation: invitationView(accepted.invitation),
        membership: membershipView(accepted.membership),
        userCreated: accepted.userCreated,
      });
    }),
    route("POST /admin/tokens", async (c, r) =>
      json(200, await mintToken(c, await body(r, tokenRequestSchema))),
    ),
  ],
  notFound: new HttpError(404, "not_found", "no such admin route"),
  errorBody: ourErrorBody,
};

async function mintToken(ctx: IssuerContext, request: z.output<typeof tokenRequestSchema>) {
  const user = ctx.directory.getUser(request.userId);
  if (!user) throw new HttpError(404, "not_found", `no user ${request.userId}`);
  let org: { org: OrgRecord; membership: MembershipRecord } | undefined;
  if (request.orgId) {
    const record = ctx.directory.getOrg(request.orgId);
    const membership = ctx.directory.getMembership(request.orgId, request.userId);
    if (!record || !membership) {
      throw new HttpError(
        403,
        "not_a_member",
        `${request.userId} is not a member of ${request.orgId}`,
      );
    }
    org = { org: record, membership };
  }
  if (request.impersonatorId && !ctx.directory.getUser(request.impersonatorId)) {
    throw new HttpError(404, "not_found", `no user ${request.impersonatorId}`);
  }
  let sessionId = ctx.sessions.get(user.id);
  if (!sessionId) {
    sessionId = newId("sess");
    ctx.sessions.set(user.id, sessionId);
  }
  return mintSessionToken({
    key: ctx.keys.signingKey(),
    issuer: ctx.url,
    authorizedParty: ctx.options.authorizedParty,
    userId: user.id,
    sessionId,
    org,
    format: request.format,
    sessionStatus: request.sessionStatus,
    lifetimeSeconds: request.lifetimeSeconds ?? ctx.options.tokenLifetimeSeconds,
    impersonatorId: request.impersonatorId,
  });
}

const userView = (u: UserRecord) => ({
  id: u.id,
  firstName: u.firstName,
  lastName: u.lastName,
  email: u.email,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});
const orgView = (o: OrgRecord) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
});
const membershipView = (m: MembershipRecord) => ({
  id: m.id,
  orgId: m.orgId,
  userId: m.userId,
  role: m.role,
  permissions: m.permissions ?? null,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

const invitationView = (i: InvitationRecord) => ({
  id: i.id,
  orgId: i.orgId,
  email: i.email,
  role: i.role,
  status: i.status,
  userId: i.userId ?? null,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

function stateJson(d: Directory) {
  const snapshot = d.snapshot();
  return {
    users: snapshot.users.map(userView),
    organizations: snapshot.orgs.map(orgView),
    memberships: snapshot.memberships.map(membershipView),
    invitations: (snapshot.invitations ?? []).map(invitationView),
  };
}
