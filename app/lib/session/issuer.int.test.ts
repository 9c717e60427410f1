/**
 * The local issuer client's failures say nothing internal to users: no URL, no network error
 * text; those go to the server log under the reference the error carries.
 */
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestIssuer } from "@/local/testing/issuer";
import type { Issuer } from "@/local/issuer/server";

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startTestIssuer({ seed: true });
});
afterAll(() => issuer.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function issuerClient(url: string) {
  vi.stubEnv("WAYPOINT_ISSUER_URL", url);
  vi.resetModules();
  return import("./issuer");
}

function serverLog(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  return lines;
}

describe("the issuer client's errors", () => {
  it("an unreachable issuer: our message; the variable and the network error only in the log", async () => {
    const port = await closedPort();
    const { listDirectoryUsers, IssuerError, ISSUER_UNAVAILABLE_MESSAGE } = await issuerClient(
      `http://127.0.0.1:${port}`,
    );
    const log = serverLog();
    const error: unknown = await listDirectoryUsers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerError);
    const { message, reference } = error as InstanceType<typeof IssuerError>;
    expect(message).toBe(ISSUER_UNAVAILABLE_MESSAGE);
    expect(message).not.toContain(String(port));
    expect(log).toHaveLength(1);
    expect(log[0]).toContain(`[ref ${reference}]`);
    expect(log[0]).toContain("the local issuer (WAYPOINT_ISSUER_URL) is unreachable at /");
    expect(log[0]).toContain("ECONNREFUSED");
  });

  it("an issuer that refuses: the status and code for the code, not in the message", async () => {
    const { mintIssuerToken, IssuerError, ISSUER_UNAVAILABLE_MESSAGE } = await issuerClient(
      issuer.url,
    );
    serverLog();
    const error: unknown = await mintIssuerToken("user_ada", "org_globex").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerError);
    expect(error).toMatchObject({
      message: ISSUER_UNAVAILABLE_MESSAGE,
      status: 403,
      code: "not_a_member",
    });
    expect((await mintIssuerToken("user_ada", "org_acme")).token).toMatch(/^ey/);
  });
});
