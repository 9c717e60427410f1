/**
 * A token and JWKS from Clerk's own public test fixtures (clerk/javascript,
 * packages/backend/src/fixtures/index.ts: `mockJwt`, `mockJwks`, `mockJwtPayload`,
 * `mockInvalidSignatureJwt`), verified at a fixed clock inside the token's life.
 */
import { describe, expect, it } from "vitest";
import { createHandler } from "./authorizer";

const mockJwt =
  "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODMxMCwiaWF0IjoxNjY2NjQ4MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";

const mockInvalidSignatureJwt =
  "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLnRhbXBlcmVkLWRvbWFpbi5kZXYiLCJleHAiOjE2NjY2NDgzMTAsImlhdCI6MTY2NjY0ODI1MCwiaXNzIjoiaHR0cHM6Ly9jbGVyay5pbnNwaXJlZC5wdW1hLTc0LmxjbC5kZXYiLCJuYmYiOjE2NjY2NDgyNDAsInNpZCI6InNlc3NfMkdiREI0ZW5OZENhNXZTMXpwQzNYemc5dEs5Iiwic3ViIjoidXNlcl8yR0lwWE9FcFZ5Snc1MXJrWm45S21uYzZTeHIifQ.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";

const mockJwks = {
  keys: [
    {
      use: "sig",
      kty: "RSA",
      kid: "ins_2GIoQhbUpy0hX7B2cVkuTMinXoD",
      alg: "RS256",
      n: "u0tNUitBZmcGYMWcqvaRBaJe0XmTQ738RHYoHjhYANyeOkysuu4L_Rqr-fmTXsbebrTp7_OewIqsJXImEWB_WQ3HN9lAkOMCCGDU1udsz_sl1Kwy5JZ7x8Nr4ghXJagQzEF0Ovsj7_TPsBJGkVJ-OiZsTXCe7EAmG5gNGGPBE5Gu14Rwb-eZ5r9RCAaPfhxR1yHYTAvCrku_6i2os7RLpT6UockKtX4QQSH2CMveNwqd6LdwhV8USZrczB2VYkAImngJC745-EWek1sVExYkqheGvC3J8O7D9H4JtaKD2zaq0rJzsIU0zb_wwax5-La-uRuPYvTXlO8B8IK4jjNMCQ",
      e: "AQAB",
    },
  ],
};

// mockJwtPayload: iat 1666648250, nbf 1666648240, exp 1666648310.
const IAT_MS = 1666648250 * 1000;

function clerkFixtureHandler(nowMs: number) {
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler(
    {
      CLERK_JWKS_URL: "https://clerk.inspired.puma-74.lcl.dev/.well-known/jwks.json",
      CLERK_ISSUER: "https://clerk.inspired.puma-74.lcl.dev",
      CLERK_AUTHORIZED_PARTIES: "https://accounts.inspired.puma-74.lcl.dev",
    },
    {
      getJson: () => Promise.resolve(mockJwks),
      now: () => nowMs,
      log: (e) => logs.push(e),
    },
  );
  return { handler, logs };
}

describe("Clerk's own test fixtures", () => {
  it("verify, and give the fixture's user id", async () => {
    const { handler } = clerkFixtureHandler(IAT_MS);
    expect(await handler({ authorizationToken: `Bearer ${mockJwt}` })).toEqual({
      isAuthorized: true,
      resolverContext: {
        userId: "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr",
        orgId: "",
        orgRole: "",
        orgSlug: "",
        orgPermissions: "",
        impersonatorId: "",
      },
      ttlOverride: 60,
    });
  });

  it("deny Clerk's tampered-signature fixture and the same token after its expiry", async () => {
    const now = clerkFixtureHandler(IAT_MS);
    expect((await now.handler({ authorizationToken: mockInvalidSignatureJwt })).isAuthorized).toBe(
      false,
    );
    expect(now.logs.at(-1)).toMatchObject({ reason: "signature_invalid" });
    const later = clerkFixtureHandler((1666648310 + 6) * 1000);
    expect((await later.handler({ authorizationToken: mockJwt })).isAuthorized).toBe(false);
    expect(later.logs.at(-1)).toMatchObject({ reason: "expired" });
  });
});
