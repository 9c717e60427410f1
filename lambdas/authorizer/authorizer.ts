/**
 * The AppSync Lambda authorizer, built from an environment: the event is parsed, the token
 * verified, the verdict shaped as AppSync expects. Never throws: anything it cannot prove
 * is `{ isAuthorized: false }`, with a reason code in the log and never the token.
 *
 * Logs and metrics through Powertools (lambdas/telemetry/): a JSON line per deny (reason,
 * request id), the JWKS fetches, a refused configuration; an `AuthorizerDecisions` metric
 * per request by decision and deny reason (./metrics.ts); the cold start.
 */
import * as z from "zod/mini";
import type { ResolverContext } from "../../core/claims";
import { parseAuthorizerConfig } from "./config";
import { createTelemetry } from "../telemetry/telemetry";
import { createJwksKeyResolver, createPemKeyResolver } from "./key-resolver";
import { recordDenial } from "./metrics";
import { createVerifier, type Verdict } from "./verify";

export interface AppSyncAuthorizerEvent {
  authorizationToken: string;
  requestContext: {
    apiId: string;
    accountId: string;
    requestId: string;
    queryString: string;
    operationName?: string;
    variables: Record<string, unknown>;
  };
}

export type AppSyncAuthorizerResult =
  | {
      isAuthorized: true;
      resolverContext: ResolverContext;
      ttlOverride: number;
      deniedFields?: string[];
    }
  // ttlOverride 0: a deny is not cached, so a token whose new `kid` was refused during a
  // refetch cooldown is looked at again on the next request.
  | { isAuthorized: false; ttlOverride: 0 };

// The token is checked by the verifier (type included), so that a malformed one is still
// logged against its request id.
const eventSchema = z.object({
  authorizationToken: z.unknown(),
  requestContext: z.optional(z.looseObject({ requestId: z.optional(z.string()) })),
});

/** One record of its output (a log line or an EMF metric line), parsed. */
type Log = (entry: Record<string, unknown>) => void;

/**
 * Builds a handler from an environment (and, in tests, a clock, a JWKS source and a sink
 * for its output records; by default they are written to stdout, as on Lambda).
 */
export function createHandler(
  env: Record<string, string | undefined>,
  deps: { getJson?: (url: string) => Promise<unknown>; now?: () => number; log?: Log } = {},
) {
  const sink = deps.log;
  const telemetry = createTelemetry("authorizer", {
    env,
    ...(sink
      ? { output: (line: string) => sink(JSON.parse(line) as Record<string, unknown>) }
      : {}),
  });
  const { logger } = telemetry;
  // The key resolver's events: a failed JWKS fetch is a warning (and alarmed on).
  const write: Log = ({ event, ...fields }) => {
    const name = typeof event === "string" ? event : "authorizer";
    if (name === "jwks.fetch_failed") logger.warn(name, { event: name, ...fields });
    else logger.info(name, { event: name, ...fields });
  };
  let verify: (authorization: unknown) => Promise<Verdict>;
  try {
    const config = parseAuthorizerConfig(env);
    const keys = config.jwtKeyPem
      ? createPemKeyResolver(config.jwtKeyPem)
      : createJwksKeyResolver({
          jwksUrl: config.jwksUrl ?? "",
          ...(deps.getJson ? { getJson: deps.getJson } : {}),
          ...(deps.now ? { now: deps.now } : {}),
          log: write,
        });
    verify = createVerifier({
      keys,
      issuer: config.issuer,
      authorizedParties: config.authorizedParties,
      allowImpersonation: config.allowImpersonation,
      cacheTtlSeconds: config.cacheTtlSeconds,
      ...(deps.now ? { now: deps.now } : {}),
    });
  } catch (error) {
    // A misconfigured authorizer denies everything, loudly, rather than failing open.
    logger.error("config_invalid", {
      event: "config_invalid",
      detail: error instanceof Error ? error.message : "invalid",
    });
    verify = () => Promise.resolve({ ok: false, reason: "internal_error" });
  }

  return async (event: unknown): Promise<AppSyncAuthorizerResult> => {
    telemetry.coldStart();
    const parsed = eventSchema.safeParse(event);
    // AppSync's request id (the one its own logs carry), on each line of this request.
    const requestId = parsed.success ? parsed.data.requestContext?.requestId : undefined;
    const verdict = await verify(parsed.success ? parsed.data.authorizationToken : undefined);
    if (!verdict.ok) {
      recordDenial(telemetry, verdict.reason);
      logger.warn("denied", {
        event: "denied",
        reason: verdict.reason,
        ...(requestId ? { request_id: requestId.slice(0, 128) } : {}),
      });
      return { isAuthorized: false, ttlOverride: 0 };
    }
    return {
      isAuthorized: true,
      resolverContext: verdict.context,
      ttlOverride: verdict.ttlSeconds,
    };
  };
}
