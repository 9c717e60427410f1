/**
 * The issuer's RS256 signing keys: generated at first start, kept in a JSON file (mode
 * 0600) so tokens survive a restart, served as a JWKS with `kid`. Rotation adds a key and
 * makes it the signing key; older keys stay in the JWKS so their tokens verify until expiry.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from "jose";
import { z } from "zod";

interface StoredKey {
  kid: string;
  createdAt: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

const storedKeysSchema = z.object({
  keys: z
    .array(
      z.object({
        kid: z.string(),
        createdAt: z.string(),
        privateJwk: z.record(z.string(), z.unknown()),
        publicJwk: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1),
});

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

export class KeyStore {
  private constructor(
    private readonly path: string | undefined,
    private keys: StoredKey[],
    private signing: SigningKey,
  ) {}

  /** Loads the keys from `path`, or creates the first key (and the file) when absent. */
  static async open(path?: string): Promise<KeyStore> {
    if (path && existsSync(path)) {
      let stored: unknown;
      try {
        stored = JSON.parse(readFileSync(path, "utf8"));
      } catch {
        stored = undefined;
      }
      const parsed = storedKeysSchema.safeParse(stored);
      if (!parsed.success) throw new Error(`unreadable key file ${path}: delete it to start over`);
      const keys = parsed.data.keys as StoredKey[];
      return new KeyStore(path, keys, await toSigningKey(keys.at(-1) as StoredKey));
    }
    const first = await createKey();
    const store = new KeyStore(path, [first], await toSigningKey(first));
    store.save();
    return store;
  }

  /** The key new tokens are signed with. */
  signingKey(): SigningKey {
    return this.signing;
  }

  /** Adds a new key and signs with it from now on; returns its kid. */
  async rotate(): Promise<string> {
    const next = await createKey();
    this.keys = [...this.keys, next];
    this.signing = await toSigningKey(next);
    this.save();
    return next.kid;
  }

  /** Every public key, newest first. */
  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys].reverse().map((key) => key.publicJwk) };
  }

  private save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify({ keys: this.keys }, null, 2), { mode: 0o600 });
    chmodSync(this.path, 0o600);
  }
}

async function createKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", {
    modulusLength: 2048,
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  // Clerk's kids look like `ins_…`; ours are derived from the key so they never collide.
  const kid = `ins_local_${(await calculateJwkThumbprint(publicJwk)).slice(0, 20)}`;
  return {
    kid,
    createdAt: new Date().toISOString(),
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256" },
    publicJwk: { ...publicJwk, kid, alg: "RS256", use: "sig" },
  };
}

async function toSigningKey(stored: StoredKey): Promise<SigningKey> {
  const key = await importJWK(stored.privateJwk, "RS256");
  if (key instanceof Uint8Array) throw new Error("expected an RSA private key");
  return { kid: stored.kid, key };
}
