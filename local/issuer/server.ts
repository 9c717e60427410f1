/**
 * The local Clerk-compatible issuer: JWKS and session tokens (both claim formats), a
 * directory of users, organizations and memberships whose every change leaves as a
 * Svix-signed webhook, the slice of Clerk's Backend API that reconciliation reads, and a
 * loopback-only admin API for the dashboard's local sign-in and the tests.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { z } from "zod";
import type { MembershipRecord, OrgRecord, UserRecord } from "./clerk-json";
import {
  createMembershipSchema,
  createOrgSchema,
  createUserSchema,
  Directory,
  DirectoryError,
  updateMembershipSchema,
  updateOrgSchema,
  updateUserSchema,
  type DirectorySnapshot,
} from "./directory";
import { HttpError, isLoopback, parseInput, readJson, sendJson } from "./http";
import { newId } from "./ids";
import { KeyStore } from "./keys";
import {
  refuseForeignHost,
  refuseForeignOrigin,
  refuseNonJson,
  type Refusal,
} from "../loopback-guard";
import { seedDemo } from "./seed";
import { mintSessionToken } from "./tokens";
import { WebhookSender } from "./webhooks";

export interface IssuerOptions {
  /** 0 picks a free port. */
  port: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Keys live in `<dataDir>/issuer/keys.json`; in memory only when absent. */
  dataDir?: string | undefined;
  /** Keep the directory in `<dataDir>/issuer/directory.json` across restarts. */
  persistDirectory?: boolean;
  webhookUrl: string;
  webhookSecret: string;
  retryScheduleMs: readonly number[];
  /** Bearer token of the Backend API subset. */
  secretKey: string;
  authorizedParty: string;
  tokenLifetimeSeconds: number;
  /** Seed the demo tenants when the directory is empty. */
  seed: boolean;
  log?: (message: string) => void;
}

export interface Issuer {
  /** Also the `iss` of every token. */
  url: string;
  jwksUrl: string;
  directory: Directory;
  keys: KeyStore;
  webhooks: WebhookSender;
  close(): Promise<void>;
}

const tokenRequestSchema = z.strictObject({
  userId: z.string().min(1),
  orgId: z.string().min(1).optional(),
  format: z.enum(["v1", "v2"]).default("v2"),
  sessionStatus: z.enum(["active", "pending"]).default("active"),
  lifetimeSeconds: z.number().int().min(1).max(3600).optional(),
  /** An impersonated session: the real actor's user id (Clerk's `act.sub`). */
  impersonatorId: z.string().min(1).optional(),
});

const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(10),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function startIssuer(options: IssuerOptions): Promise<Issuer> {
  const log = options.log ?? (() => {});
  const issuerDir = options.dataDir ? join(options.dataDir, "issuer") : undefined;
  const keys = await KeyStore.open(issuerDir && join(issuerDir, "keys.json"));
  const directoryFile =
    issuerDir && options.persistDirectory ? join(issuerDir, "directory.json") : undefined;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const webhooks = new WebhookSender({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    instanceId: "ins_waypoint_local",
    retryScheduleMs: options.retryScheduleMs,
    log,
  });
  const directory = new Directory(
    (type, data) => {
      const id = webhooks.send(type, data);
      log(`event ${type} ${String(data.id)} → ${id}`);
    },
    (id) => `${url}/avatars/${id}.svg`,
    () => {
      if (directoryFile) saveDirectory(directoryFile, directory.snapshot());
    },
  );
  if (directoryFile && existsSync(directoryFile)) {
    directory.restore(JSON.parse(readFileSync(directoryFile, "utf8")) as DirectorySnapshot);
  }
  if (options.seed && directory.isEmpty()) seedDemo(directory);

  const sessions = new Map<string, string>();
  const context: RouteContext = { options, url, keys, directory, webhooks, sessions };
  server.on("request", (req, res) => {
    route(context, req, res).catch((error: unknown) => respondError(req, res, error, log));
  });

  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    directory,
    keys,
    webhooks,
    close: async () => {
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface RouteContext {
  options: IssuerOptions;
  url: string;
  keys: KeyStore;
  directory: Directory;
  webhooks: WebhookSender;
  /** One session id per user, reused across minted tokens like a browser session. */
  sessions: Map<string, string>;
}

function refuse(refusal: Refusal | undefined): void {
  if (refusal) throw new HttpError(refusal.status, refusal.code, refusal.message);
}

async function route(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Before anything else, public routes included: a DNS-rebound page (Host: attacker.test)
  // gets nothing from this server (local/loopback-guard.ts).
  refuse(refuseForeignHost(req));
  const { pathname, searchParams } = new URL(req.url ?? "/", ctx.url);
  const method = req.method ?? "GET";
  let segments: string[];
  try {
    segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new HttpError(400, "invalid_path", "malformed percent-encoding in the path");
  }
  const [first, second, third, fourth] = segments;

  // ---- public ----------------------------------------------------------------------
  if (method === "GET" && (pathname === "/.well-known/jwks.json" || pathname === "/v1/jwks")) {
    return sendJson(res, 200, ctx.keys.jwks());
  }
  if (method === "GET" && pathname === "/.well-known/openid-configuration") {
    return sendJson(res, 200, { issuer: ctx.url, jwks_uri: `${ctx.url}/.well-known/jwks.json` });
  }
  if (method === "GET" && pathname === "/healthz") return sendJson(res, 200, { ok: true });
  if (method === "GET" && first === "avatars" && second && segments.length === 2) {
    return sendAvatar(res, ctx.directory, second.replace(/\.svg$/, ""));
  }

  // ---- admin (loopback only) ---------------------------------------------------------
  if (first === "admin") {
    if (!isLoopback(req.socket.remoteAddress)) {
      throw new HttpError(403, "forbidden", "the admin API answers on loopback only");
    }
    // A web page the developer visits must not make anyone an admin or mint tokens: no
    // foreign Origin, and JSON only (a no-cors text/plain POST never gets here).
    refuse(refuseForeignOrigin(req));
    refuse(refuseNonJson(req));
    const d = ctx.directory;
    const key = `${method} ${segments.slice(1, 2).join("/")}:${segments.length}`;
    switch (key) {
      case "GET state:2":
        return sendJson(res, 200, stateJson(d));
      case "GET webhooks:2":
        return sendJson(res, 200, { deliveries: ctx.webhooks.deliveries() });
      case "POST keys:3":
        if (third !== "rotate") break;
        return sendJson(res, 200, { kid: await ctx.keys.rotate() });
      case "POST users:2":
        return sendJson(res, 201, userView(d.createUser(await readJson(req, createUserSchema))));
      case "PATCH users:3":
        return sendJson(
          res,
          200,
          userView(d.updateUser(third ?? "", await readJson(req, updateUserSchema))),
        );
      case "DELETE users:3":
        d.deleteUser(third ?? "");
        return sendJson(res, 200, { id: third, deleted: true });
      case "POST organizations:2":
        return sendJson(res, 201, orgView(d.createOrg(await readJson(req, createOrgSchema))));
      case "PATCH organizations:3":
        return sendJson(
          res,
          200,
          orgView(d.updateOrg(third ?? "", await readJson(req, updateOrgSchema))),
        );
      case "DELETE organizations:3":
        d.deleteOrg(third ?? "");
        return sendJson(res, 200, { id: third, deleted: true });
      case "POST memberships:2":
        return sendJson(
          res,
          201,
          membershipView(d.createMembership(await readJson(req, createMembershipSchema))),
        );
      case "PATCH memberships:4":
        return sendJson(
          res,
          200,
          membershipView(
            d.updateMembership(
              third ?? "",
              fourth ?? "",
              await readJson(req, updateMembershipSchema),
            ),
          ),
        );
      case "DELETE memberships:4":
        d.deleteMembership(third ?? "", fourth ?? "");
        return sendJson(res, 200, { orgId: third, userId: fourth, deleted: true });
      case "POST tokens:2":
        return sendJson(res, 200, await mintToken(ctx, await readJson(req, tokenRequestSchema)));
    }
    throw new HttpError(404, "not_found", "no such admin route");
  }

  // ---- Backend API subset (Bearer secret key) ----------------------------------------
  if (first === "v1") {
    refuse(refuseForeignOrigin(req));
    if (req.headers.authorization !== `Bearer ${ctx.options.secretKey}`) {
      throw new HttpError(401, "authentication_invalid", "invalid or missing secret key");
    }
    if (method !== "GET") throw new HttpError(405, "method_not_allowed", "read-only API");
    const d = ctx.directory;
    const page = () => parseInput(pageSchema, Object.fromEntries(searchParams));
    // GET /v1/users answers a bare array; the count has its own endpoint (as Clerk's).
    if (second === "users" && segments.length === 2) {
      const { limit, offset } = page();
      return sendJson(
        res,
        200,
        d
          .listUsers()
          .slice(offset, offset + limit)
          .map((u) => d.userJson(u)),
      );
    }
    if (second === "users" && third === "count" && segments.length === 3) {
      return sendJson(res, 200, { object: "total_count", total_count: d.listUsers().length });
    }
    if (second === "users" && third && segments.length === 3) {
      const user = d.getUser(third);
      if (!user) throw new HttpError(404, "resource_not_found", "user not found");
      return sendJson(res, 200, d.userJson(user));
    }
    if (
      second === "users" &&
      third &&
      fourth === "organization_memberships" &&
      segments.length === 4
    ) {
      if (!d.getUser(third)) throw new HttpError(404, "resource_not_found", "user not found");
      return sendJson(
        res,
        200,
        paginated(d.userMemberships(third), page(), (m) => d.membershipJson(m)),
      );
    }
    if (second === "organizations" && segments.length === 2) {
      return sendJson(
        res,
        200,
        paginated(d.listOrgs(), page(), (o) => d.orgJson(o)),
      );
    }
    if (second === "organizations" && third && segments.length === 3) {
      const org = d.getOrg(third);
      if (!org) throw new HttpError(404, "resource_not_found", "organization not found");
      return sendJson(res, 200, d.orgJson(org));
    }
    if (second === "organizations" && third && fourth === "memberships" && segments.length === 4) {
      if (!d.getOrg(third))
        throw new HttpError(404, "resource_not_found", "organization not found");
      return sendJson(
        res,
        200,
        paginated(d.orgMemberships(third), page(), (m) => d.membershipJson(m)),
      );
    }
    throw new HttpError(404, "resource_not_found", "no such endpoint");
  }

  throw new HttpError(404, "not_found", "not found");
}

async function mintToken(ctx: RouteContext, request: z.output<typeof tokenRequestSchema>) {
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

function paginated<T, R>(
  items: T[],
  page: { limit: number; offset: number },
  toJson: (item: T) => R,
) {
  return {
    data: items.slice(page.offset, page.offset + page.limit).map(toJson),
    total_count: items.length,
  };
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

function stateJson(d: Directory) {
  const snapshot = d.snapshot();
  return {
    users: snapshot.users.map(userView),
    organizations: snapshot.orgs.map(orgView),
    memberships: snapshot.memberships.map(membershipView),
  };
}

function saveDirectory(file: string, snapshot: DirectorySnapshot): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
}

/** Initials on a colour from the id: an avatar that needs no network. */
function sendAvatar(res: ServerResponse, d: Directory, id: string): void {
  const user = d.getUser(id);
  const org = d.getOrg(id);
  const label = user
    ? `${user.firstName[0] ?? ""}${user.lastName[0] ?? ""}`
    : (org?.name.slice(0, 2) ?? "?");
  let hue = 0;
  for (const char of id) hue = (hue * 31 + char.charCodeAt(0)) % 360;
  const text = label.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="32" fill="hsl(${hue} 55% 45%)"/>` +
    `<text x="32" y="41" font-family="sans-serif" font-size="24" text-anchor="middle" fill="#fff">${text}</text></svg>`;
  res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=300" });
  res.end(svg);
}

function respondError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  log: (m: string) => void,
) {
  let status = 500;
  let code = "internal_error";
  let message = "internal error";
  let details: unknown;
  if (error instanceof HttpError) {
    ({ status, code, message, details } = error);
  } else if (error instanceof DirectoryError) {
    status = error.code === "not_found" ? 404 : 409;
    code = error.code;
    message = error.message;
  } else if (error instanceof z.ZodError) {
    status = 400;
    code = "validation_error";
    message = "invalid input";
    details = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  } else {
    // Unexpected: log the kind, never echo internals to the caller.
    log(
      `error on ${req.method ?? "?"} ${new URL(req.url ?? "/", "http://x").pathname}: ${String(error)}`,
    );
  }
  if (res.headersSent) return void res.end();
  if (new URL(req.url ?? "/", "http://x").pathname.startsWith("/v1/")) {
    // Clerk's error shape, so @clerk/backend raises its ClerkAPIResponseError.
    return sendJson(res, status, {
      errors: [{ code, message, long_message: message, meta: {} }],
      clerk_trace_id: newId("trace"),
    });
  }
  sendJson(res, status, {
    error: { code, message, ...(details === undefined ? {} : { details }) },
  });
}
