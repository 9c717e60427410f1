/**
 * `npm run bench:authorizer`: verifications per second, all in one run on the same token
 * and key. Rounds alternate between the contenders so machine drift hits each alike; the
 * figure for each is its median round.
 *
 * - handler: our Lambda handler, warm (JWKS cached), every check included;
 * - jose: bare `jwtVerify` with the key in hand (the baseline: ratio = handler ÷ jose);
 * - crypto.verify: a raw RS256 signature check (the floor);
 * - @clerk/backend verifyToken with `jwtKey` (the peer);
 * - naive: the design this replaces, fetching the JWKS over HTTP on every request.
 *
 * Then the cold start a Lambda pays: the bundled handler's size, and the time to import it
 * and verify the first token in a fresh process.
 */
import { execFile } from "node:child_process";
import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { verifyToken } from "@clerk/backend";
import { build } from "esbuild";
import { exportJWK, exportSPKI, generateKeyPair, importJWK, jwtVerify, SignJWT } from "jose";
import { createHandler } from "../lambdas/authorizer/authorizer";
import { median, printVerdict } from "./lib/figures";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const TARGET = 0.8;
const ISSUER = "https://clerk.bench.test";
const PARTY = "http://localhost:3000";

const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), kid: "ins_bench", alg: "RS256", use: "sig" };
const pem = await exportSPKI(publicKey);
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({
  azp: PARTY,
  sid: "sess_bench",
  v: 2,
  sts: "active",
  fva: [0, -1],
  fea: "o:milestones,o:members,o:audit",
  o: { id: "org_acme", rol: "admin", slg: "acme", per: "read,create,manage", fpm: "7,1,1" },
})
  .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "JWT" })
  .setIssuer(ISSUER)
  .setSubject("user_ada")
  .setIssuedAt(now)
  .setNotBefore(now)
  .setExpirationTime(now + 3600)
  .sign(privateKey);

const jwksBody = JSON.stringify({ keys: [jwk] });
const server = createServer((_, res) => {
  res.writeHead(200, { "content-type": "application/json" }).end(jwksBody);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;

const handler = createHandler(
  { CLERK_JWKS_URL: jwksUrl, CLERK_ISSUER: ISSUER, CLERK_AUTHORIZED_PARTIES: PARTY },
  { log: () => {} },
);
const event = { authorizationToken: `Bearer ${token}`, requestContext: { requestId: "bench" } };
// Every contender verifies with the key as the handler holds it: imported from the JWK.
const joseKey = await importJWK(jwk, "RS256");
const nodeKey = createPublicKey({ key: jwk, format: "jwk" });
const [signingInput, signature] = (() => {
  const parts = token.split(".");
  return [`${parts[0]}.${parts[1]}`, Buffer.from(parts[2] ?? "", "base64url")];
})();

const contenders: { name: string; iterations: number; run: () => Promise<unknown> }[] = [
  {
    name: "handler (warm)",
    iterations: 400,
    run: async () => {
      const result = await handler(event);
      if (!result.isAuthorized) throw new Error("handler denied the bench token");
    },
  },
  {
    name: "jose jwtVerify",
    iterations: 400,
    run: () => jwtVerify(token, joseKey, { algorithms: ["RS256"] }),
  },
  {
    name: "crypto.verify RS256",
    iterations: 400,
    run: () => {
      if (!cryptoVerify("RSA-SHA256", Buffer.from(signingInput), nodeKey, signature))
        throw new Error("bad");
      return Promise.resolve();
    },
  },
  {
    name: "@clerk/backend verifyToken",
    iterations: 400,
    run: () => verifyToken(token, { jwtKey: pem, authorizedParties: [PARTY] }),
  },
  {
    name: "naive: JWKS fetch per request",
    iterations: 60,
    run: async () => {
      const { keys } = (await (await fetch(jwksUrl)).json()) as {
        keys: Parameters<typeof importJWK>[0][];
      };
      const key = await importJWK(keys[0] as Parameters<typeof importJWK>[0], "RS256");
      return jwtVerify(token, key);
    },
  },
];

const rates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
for (const contender of contenders) for (let i = 0; i < 100; i++) await contender.run(); // warm-up
// Handler and bare jose, the two figures of the ratio, run in alternating order (ABBA):
// each follows the other equally often, so neither pays more for the garbage the other
// leaves. The other contenders run in phases of their own afterwards: @clerk/backend
// imports the PEM on every call, the naive design does HTTP and a new key per call, and
// crypto.verify allocates buffers; what they leave would be collected on whoever came next
// (with crypto.verify in the rotation, the handler followed it in two rounds of three).
// Forcing a collection before each timing was tried: a full GC sets the more complex code
// back most, which skewed the ratio the other way.
const timeRound = async (contender: (typeof contenders)[number]) => {
  const started = performance.now();
  for (let i = 0; i < contender.iterations; i++) await contender.run();
  rates.get(contender.name)?.push(contender.iterations / ((performance.now() - started) / 1000));
};
const paired = (name: string) => name === "handler (warm)" || name === "jose jwtVerify";
const pair = contenders.filter((c) => paired(c.name));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? pair : [...pair].reverse();
  for (const contender of order) await timeRound(contender);
}
for (const contender of contenders.filter((c) => !paired(c.name))) {
  for (let round = 0; round < ROUNDS; round++) await timeRound(contender);
}
server.close();

const rate = (name: string) => Math.round(median(rates.get(name) ?? []));
// The ratio is the median of per-round ratios: each round's two figures were taken moments
// apart, so a machine busy with something else moves both.
const roundRatio = (name: string, base: string) => {
  const a = rates.get(name) ?? [];
  const b = rates.get(base) ?? [];
  return median(a.map((value, i) => value / (b[i] ?? value)));
};
const jose = rate("jose jwtVerify");
console.log(`verifications/s, median of ${ROUNDS} rounds; ratio to bare jose:`);
for (const { name } of contenders) {
  // The paired contenders: the median of per-round ratios; the others: of medians.
  const ratio = paired(name) ? roundRatio(name, "jose jwtVerify") : rate(name) / jose;
  console.log(`  ${name.padEnd(32)} ${String(rate(name)).padStart(8)}   ×${ratio.toFixed(2)}`);
}

// ---- cold start --------------------------------------------------------------------
const outDir = resolve(".cache/bench");
mkdirSync(outDir, { recursive: true });
const bundle = join(outDir, "authorizer.mjs");
await build({
  entryPoints: ["lambdas/authorizer/handler.ts"],
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  minify: true,
  outfile: bundle,
  logLevel: "error",
});
const bundleKb = statSync(bundle).size / 1024;
const probe = join(outDir, "cold-start.mjs");
writeFileSync(
  probe,
  `const t0 = performance.now();
const { handler } = await import(${JSON.stringify(bundle)});
const result = await handler({ authorizationToken: process.env.BENCH_TOKEN, requestContext: { requestId: "cold" } });
const ms = performance.now() - t0;
if (!result.isAuthorized) process.exit(1);
console.log(ms.toFixed(1));
`,
);
// Asynchronous: the JWKS server lives in this process and must answer meanwhile.
const runProbe = promisify(execFile);
const coldStart = async (env: Record<string, string>) => {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const { stdout } = await runProbe(process.execPath, [probe], {
      // A bare environment; the cast because Next's types declare NODE_ENV as required.
      env: {
        PATH: process.env.PATH ?? "",
        BENCH_TOKEN: token,
        ...env,
      } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    times.push(Number(stdout.trim().split("\n").at(-1)));
  }
  return median(times);
};
const coldPem = await coldStart({
  CLERK_JWT_KEY: pem,
  CLERK_ISSUER: ISSUER,
  CLERK_AUTHORIZED_PARTIES: PARTY,
});
server.listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const coldJwks = await coldStart({
  CLERK_JWKS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
  CLERK_ISSUER: ISSUER,
  CLERK_AUTHORIZED_PARTIES: PARTY,
});
server.close();
console.log(`cold start: bundle ${bundleKb.toFixed(1)} kB (target ≤ 150 kB, esbuild, minified)`);
console.log(`  import + first verification, median of 7 fresh processes (target ≤ 60 ms):`);
console.log(`    CLERK_JWT_KEY (networkless)      ${coldPem.toFixed(1)} ms`);
console.log(`    CLERK_JWKS_URL (one local fetch) ${coldJwks.toFixed(1)} ms`);

const value = rate("handler (warm)");
printVerdict({
  bench: "authorizer",
  metric: "verifications_per_s",
  value,
  baseline: jose,
  ratio: roundRatio("handler (warm)", "jose jwtVerify"),
  target: TARGET,
});
