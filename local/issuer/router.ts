/**
 * The issuer's routing: a request goes to one surface (public, admin API, Backend API), by
 * its path's first segment; each surface is a table of routes, a guard that runs before
 * any of them, and the error shape its clients parse. Adding an endpoint is one entry:
 * `route("POST /v1/invitations", (ctx, r) => …)`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Refusal } from "../loopback-guard";
import { DirectoryError } from "./directory";
import { HttpError, sendJson } from "./http";

export interface RouteRequest {
  req: IncomingMessage;
  /** The `:name` parts of the route's path, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
}

export type Reply =
  | { status: number; json: unknown }
  | { status: number; body: string; headers: Record<string, string> };

export type Handler<C> = (ctx: C, request: RouteRequest) => Reply | Promise<Reply>;

export interface Route<C> {
  method: string;
  /** As written, e.g. `/admin/users/:id`. */
  path: string;
  parts: string[];
  exact: boolean;
  handle: Handler<C>;
}

/**
 * `route("GET /admin/users/:id", handler)`. A route matches the path's segments (so a
 * trailing or doubled slash does not matter); an `exact` one only its path as written.
 */
export function route<C>(
  spec: `${string} /${string}`,
  handle: Handler<C>,
  options: { exact?: boolean } = {},
): Route<C> {
  const [method = "", path = ""] = spec.split(" ");
  return { method, path, parts: path.split("/").filter(Boolean), exact: !!options.exact, handle };
}

/** A loopback-guard refusal (local/loopback-guard.ts), raised as the HTTP error it is. */
export function refuse(refusal: Refusal | undefined): void {
  if (refusal) throw new HttpError(refusal.status, refusal.code, refusal.message);
}

export const json = (status: number, body: unknown): Reply => ({ status, json: body });

export interface ErrorInfo {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export interface Surface<C> {
  /** Refusals that come before any route (and so before any 404). */
  guard?: (ctx: C, req: IncomingMessage) => void | Promise<void>;
  routes: Route<C>[];
  /** What a path no route takes is answered. */
  notFound: HttpError;
  /** A method no route of the surface uses is 405, whatever the path (else 404). */
  refuseOtherMethods?: boolean;
  /** The body of an error answer, in the shape this surface's clients parse. */
  errorBody: (error: ErrorInfo) => unknown;
}

/** Waypoint's own error shape (public and admin surfaces). */
export const ourErrorBody = ({ code, message, details }: ErrorInfo) => ({
  error: { code, message, ...(details === undefined ? {} : { details }) },
});

export interface Routing<C> {
  /** Tried first for every path (its routes may sit under another surface's prefix). */
  public: Surface<C>;
  /** The surface of each first path segment, e.g. `admin`, `v1`. */
  prefixed: Record<string, Surface<C>>;
  /** Refusals for every request, before the public routes too. */
  guard: (req: IncomingMessage) => void;
}

/** A request handler that never rejects: every failure is answered in its surface's shape. */
export function createRouter<C>(routing: Routing<C>, log: (message: string) => void) {
  return async (ctx: C, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let surface = routing.public;
    try {
      const { pathname, searchParams } = parseTarget(req.url);
      const raw = pathname.split("/").filter(Boolean);
      surface = (raw[0] !== undefined && routing.prefixed[safeDecode(raw[0]) ?? ""]) || surface;
      routing.guard(req);
      const segments = raw.map(safeDecode);
      if (segments.some((s) => s === undefined)) {
        throw new HttpError(400, "invalid_path", "malformed percent-encoding in the path");
      }
      const method = req.method ?? "GET";
      const target = { method, pathname, segments: segments as string[] };
      const found = match(routing.public.routes, target);
      if (found)
        return reply(res, await found.route.handle(ctx, { req, ...found, query: searchParams }));
      if (surface === routing.public) throw surface.notFound;
      await surface.guard?.(ctx, req);
      if (surface.refuseOtherMethods && !surface.routes.some((r) => r.method === method)) {
        throw new HttpError(405, "method_not_allowed", methodMessage(surface.routes));
      }
      const routed = match(surface.routes, target);
      if (!routed) throw surface.notFound;
      reply(res, await routed.route.handle(ctx, { req, ...routed, query: searchParams }));
    } catch (error) {
      const info = describeError(error, () =>
        // Unexpected: log the kind, never echo internals to the caller.
        log(`error on ${req.method ?? "?"} ${pathOf(req.url)}: ${String(error)}`),
      );
      if (res.headersSent) return void res.end();
      sendJson(res, info.status, surface.errorBody(info));
    }
  };
}

function match<C>(
  routes: Route<C>[],
  target: { method: string; pathname: string; segments: string[] },
): { route: Route<C>; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== target.method || route.parts.length !== target.segments.length) continue;
    if (route.exact && route.path !== target.pathname) continue;
    const params: Record<string, string> = {};
    const matches = route.parts.every((part, i) => {
      const segment = target.segments[i] ?? "";
      if (part.startsWith(":")) params[part.slice(1)] = segment;
      return part.startsWith(":") || part === segment;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

function reply(res: ServerResponse, answer: Reply): void {
  if ("json" in answer) return sendJson(res, answer.status, answer.json);
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function methodMessage(routes: { method: string }[]): string {
  const methods = [...new Set(routes.map((r) => r.method))];
  return methods.join() === "GET" ? "read-only API" : `answers ${methods.join(", ")} only`;
}

/** Status, code and message of any failure; `unexpected` is told of the ones we did not raise. */
function describeError(error: unknown, unexpected: () => void): ErrorInfo {
  if (error instanceof HttpError) {
    const { status, code, message, details } = error;
    return { status, code, message, details };
  }
  if (error instanceof DirectoryError) {
    return {
      status: error.code === "not_found" ? 404 : error.code === "conflict" ? 409 : 422,
      code: error.code,
      message: error.message,
    };
  }
  if (error instanceof z.ZodError) {
    return {
      status: 400,
      code: "validation_error",
      message: "invalid input",
      details: error.issues.map((issue) => ({
        path: issue.path.join("."),
        message: issue.message,
      })),
    };
  }
  unexpected();
  return { status: 500, code: "internal_error", message: "internal error" };
}

const BASE = "http://issuer.invalid";

/** A request target that is no URL (`//[`) is a bad path, not a crash. */
function parseTarget(url: string | undefined): URL {
  try {
    return new URL(url ?? "/", BASE);
  } catch {
    throw new HttpError(400, "invalid_path", "the request target is not a path");
  }
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", BASE).pathname;
  } catch {
    return "(not a path)";
  }
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
