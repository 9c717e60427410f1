/**
 * The AppSync Lambda authorizer, built from an environment: the event is parsed, the token
 * verified, the verdict shaped as AppSync expects. Never throws: anything it cannot prove
 * is `{ isAuthorized: false }`, with a reason code in the log and never the token.
 */
import * as z from "zod/mini";
import type { ResolverContext } from "../../core/claims";
import { parseAuthorizerConfig } from "./config";
import { createJwksKeyResolver, createPemKeyResolver } from "./key-resolver";
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

type Log = (entry: Record<string, unknown>) => void;
const log: Log = (entry) => console.log(JSON.stringify({ source: "authorizer", ...entry }));

/** Builds a handler from an environment (and, in tests, a clock, a JWKS source and a log). */
export function createHandler(
  env: Record<string, string | undefined>,
  deps: { getJson?: (url: string) => Promise<unknown>; now?: () => number; log?: Log } = {},
) {
  const write = deps.log ?? log;
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
    write({
      level: "error",
      event: "config_invalid",
      message: error instanceof Error ? error.message : "invalid",
    });
    verify = () => Promise.resolve({ ok: false, reason: "internal_error" });
  }

  return async (event: unknown): Promise<AppSyncAuthorizerResult> => {
    const parsed = eventSchema.safeParse(event);
    const requestId = parsed.success ? parsed.data.requestContext?.requestId : undefined;
    const verdict = await verify(parsed.success ? parsed.data.authorizationToken : undefined);
    if (!verdict.ok) {
      write({ level: "warn", event: "denied", reason: verdict.reason, requestId });
      return { isAuthorized: false, ttlOverride: 0 };
    }
    return {
      isAuthorized: true,
      resolverContext: verdict.context,
      ttlOverride: verdict.ttlSeconds,
    };
  };
}
