/** SigV4 for AppSync's IAM mode: what the local runtime accepts and refuses. */
import { describe, expect, it } from "vitest";
import { isSigV4, signRequest, verifySignature } from "./sigv4";

const credentials = { accessKeyId: "TESTKEY000000001", secretAccessKey: "test-secret-value" };
const url = new URL("http://127.0.0.1:4000/graphql");
const body = JSON.stringify({ query: "mutation { x }" });

async function signed(over: Partial<{ secret: string; date: Date }> = {}) {
  const headers = await signRequest(
    { method: "POST", url, headers: { "content-type": "application/json" }, body },
    { ...credentials, secretAccessKey: over.secret ?? credentials.secretAccessKey },
    "local",
    over.date,
  );
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe("verifySignature", () => {
  it("accepts the credential's own signature", async () => {
    const headers = await signed();
    expect(isSigV4(headers.authorization)).toBe(true);
    expect(await verifySignature({ method: "POST", url, headers, body }, credentials)).toBe(
      credentials.accessKeyId,
    );
  });

  it("refuses another secret, another body, another path, a stale date, a bearer token", async () => {
    const verify = (
      headers: Record<string, string>,
      over: Partial<{ body: string; path: string }> = {},
    ) =>
      verifySignature(
        {
          method: "POST",
          url: new URL(over.path ?? url.pathname, url),
          headers,
          body: over.body ?? body,
        },
        credentials,
      );
    expect(await verify(await signed({ secret: "guessed-secret" }))).toBeNull();
    expect(await verify(await signed(), { body: body.replace("x", "y") })).toBeNull();
    expect(await verify(await signed(), { path: "/other" })).toBeNull();
    expect(await verify(await signed({ date: new Date(Date.now() - 10 * 60_000) }))).toBeNull();
    expect(await verify({ authorization: "eyJhbGciOiJSUzI1NiJ9.x.y" })).toBeNull();
    expect(isSigV4("Bearer x")).toBe(false);
  });
});
