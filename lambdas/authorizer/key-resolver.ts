/**
 * Finds the key a token names. With a PEM (`CLERK_JWT_KEY`) there is one key and no
 * network. With a JWKS URL, keys are cached by `kid` in module scope across invocations;
 * an unknown `kid` triggers at most one fetch per refetch interval (60 s), whether that
 * fetch succeeds or not, so a flood of forged kids never becomes a flood of fetches. A
 * failed fetch keeps the keys already cached: tokens signed with them keep working.
 */
import { importJWK, importSPKI, type CryptoKey } from "jose";
import * as z from "zod/mini";
import { getJson } from "./get-json";

export type KeyLookup =
  | { ok: true; key: CryptoKey }
  | { ok: false; reason: "kid_missing" | "unknown_kid" | "jwks_unavailable" | "key_invalid" };

export interface KeyResolver {
  /** The key when it is already in hand: the hot path, no promise. */
  cached(kid: string | undefined): CryptoKey | undefined;
  /** The key, fetching the JWKS if allowed; a deny reason otherwise. */
  getKey(kid: string | undefined): Promise<KeyLookup>;
}

export interface JwksResolverOptions {
  jwksUrl: string;
  /** @default 60000 */
  refetchIntervalMs?: number;
  /** @default 3000 */
  fetchTimeoutMs?: number;
  /** Injected in tests: GET the URL and parse its JSON body, or reject. */
  getJson?: (url: string) => Promise<unknown>;
  now?: () => number;
  log?: (event: Record<string, unknown>) => void;
}

const jwksSchema = z.object({
  keys: z
    .array(
      z.looseObject({
        kty: z.string(),
        kid: z.optional(z.string()),
        alg: z.optional(z.string()),
        use: z.optional(z.string()),
      }),
    )
    .check(z.maxLength(100)),
});

/** One key, from a PEM: no network, `kid` not needed. */
export function createPemKeyResolver(pem: string): KeyResolver {
  let imported: CryptoKey | undefined;
  const key = importSPKI(pem, "RS256").then(
    (k): KeyLookup => {
      imported = k;
      return { ok: true, key: k };
    },
    (): KeyLookup => ({ ok: false, reason: "key_invalid" }),
  );
  return { cached: () => imported, getKey: () => key };
}

export function createJwksKeyResolver(options: JwksResolverOptions): KeyResolver {
  const refetchIntervalMs = options.refetchIntervalMs ?? 60_000;
  // A real JWKS is a few kB; 64 kB leaves room for a hundred keys.
  const fetchJwks =
    options.getJson ??
    ((url: string) =>
      getJson(url, { timeoutMs: options.fetchTimeoutMs ?? 3000, maxBytes: 65_536 }));
  const now = options.now ?? Date.now;
  let keys = new Map<string, CryptoKey>();
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let lastFetchFailed = false;
  let inFlight: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    lastAttempt = now();
    try {
      const parsed = jwksSchema.safeParse(await fetchJwks(options.jwksUrl));
      // A short reason for the log, not zod's dump of the document.
      if (!parsed.success) throw new Error("not a JWKS");
      const jwks = parsed.data;
      const next = new Map<string, CryptoKey>();
      for (const jwk of jwks.keys) {
        // Only RSA signing keys meant for RS256 (or unlabelled) can verify our tokens.
        if (
          jwk.kty !== "RSA" ||
          !jwk.kid ||
          (jwk.alg && jwk.alg !== "RS256") ||
          (jwk.use && jwk.use !== "sig")
        ) {
          continue;
        }
        try {
          const key = await importJWK({ ...jwk, alg: "RS256" }, "RS256");
          if (!(key instanceof Uint8Array)) next.set(jwk.kid, key);
        } catch {
          // A malformed key in the set must not take the others down.
        }
      }
      keys = next;
      lastFetchFailed = false;
      options.log?.({ event: "jwks.fetched", keys: next.size });
    } catch (error) {
      lastFetchFailed = true;
      options.log?.({
        event: "jwks.fetch_failed",
        // The reason (a status, a timeout, a refused connection); the URL is public anyway.
        error: error instanceof Error ? error.message.slice(0, 200) : "error",
      });
    }
  }

  return {
    cached: (kid) => (kid ? keys.get(kid) : undefined),
    async getKey(kid) {
      if (!kid) return { ok: false, reason: "kid_missing" };
      const cached = keys.get(kid);
      if (cached) return { ok: true, key: cached };
      if (now() - lastAttempt >= refetchIntervalMs) {
        inFlight ??= refresh().finally(() => {
          inFlight = undefined;
        });
        await inFlight;
      } else if (inFlight) {
        await inFlight;
      }
      const fetched = keys.get(kid);
      if (fetched) return { ok: true, key: fetched };
      return {
        ok: false,
        reason: lastFetchFailed && keys.size === 0 ? "jwks_unavailable" : "unknown_kid",
      };
    },
  };
}
