/**
 * AppSync's Lambda authorization: the authorizer is called with AppSync's event, its
 * answer is validated, and an answer with a TTL is cached by token (AppSync caches per
 * authorization token for `ttlOverride` seconds, else for the API's configured TTL).
 */
import { z } from "zod";
import type { AppSyncAuthorizerEvent } from "../../lambdas/authorizer/authorizer";

export type Authorizer = (event: unknown) => Promise<unknown>;

/** AppSync's authorizer event: the contract the real handler is written against. */
export type AuthorizerEvent = AppSyncAuthorizerEvent;

export type Decision =
  | { allowed: true; resolverContext: Record<string, unknown>; deniedFields: ReadonlySet<string> }
  | { allowed: false };

// AppSync's contract: resolverContext values are scalars; deniedFields are `Type.field` or
// field ARNs; ttlOverride is seconds (0 = do not cache).
const resultSchema = z.object({
  isAuthorized: z.boolean(),
  resolverContext: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  deniedFields: z.array(z.string()).optional(),
  ttlOverride: z.number().int().min(0).max(3600).optional(),
});

/** AppSync gives a Lambda authorizer 10 s; past that the request is denied. */
const AUTHORIZER_TIMEOUT_MS = 10_000;
const MAX_CACHE_ENTRIES = 10_000;

/** `arn:aws:appsync:…:apis/<id>/types/<Type>/fields/<field>` or `Type.field` → `Type.field`. */
export function normalizeDeniedField(entry: string): string {
  const arn = /\/types\/([^/]+)\/fields\/([^/]+)$/.exec(entry);
  return arn ? `${arn[1]}.${arn[2]}` : entry;
}

export interface AuthorizationOptions {
  authorizer: Authorizer;
  /** Used when the authorizer returns no ttlOverride (AppSync's default is 300 s). */
  defaultTtlSeconds: number;
  now?: () => number;
  log?: (message: string) => void;
}

export function createAuthorization(options: AuthorizationOptions) {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { decision: Decision; expiresAt: number }>();

  async function invoke(event: AuthorizerEvent): Promise<{ decision: Decision; ttl: number }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        options.authorizer(event),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error("authorizer timed out")),
            AUTHORIZER_TIMEOUT_MS,
          );
        }),
      ]);
      const parsed = resultSchema.safeParse(answer);
      if (!parsed.success) {
        options.log?.("authorizer answered with an invalid response: denied");
        return { decision: { allowed: false }, ttl: 0 };
      }
      const result = parsed.data;
      const ttl = result.ttlOverride ?? options.defaultTtlSeconds;
      if (!result.isAuthorized) return { decision: { allowed: false }, ttl };
      return {
        decision: {
          allowed: true,
          resolverContext: result.resolverContext ?? {},
          deniedFields: new Set((result.deniedFields ?? []).map(normalizeDeniedField)),
        },
        ttl,
      };
    } catch {
      // A failing authorizer is a deny, never an allow (and never cached).
      options.log?.("authorizer failed: denied");
      return { decision: { allowed: false }, ttl: 0 };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** The decision for a token, from the cache while it is fresh. */
    async authorize(event: AuthorizerEvent): Promise<Decision> {
      const token = event.authorizationToken;
      const cached = cache.get(token);
      if (cached && cached.expiresAt > now()) return cached.decision;
      cache.delete(token);
      const { decision, ttl } = await invoke(event);
      if (ttl > 0) {
        if (cache.size >= MAX_CACHE_ENTRIES) {
          const oldest = cache.keys().next();
          if (!oldest.done) cache.delete(oldest.value);
        }
        cache.set(token, { decision, expiresAt: now() + ttl * 1000 });
      }
      return decision;
    },
  };
}
