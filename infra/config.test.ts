import { RemovalPolicy } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { ConfigError, loadWaypointConfig } from "./config";
import { SVIX_SOURCE_CIDRS } from "./constructs/svix-source-ips";
import { cdkJsonContext } from "./testing/synth";

const reader = (context: Record<string, unknown>) => (key: string) => context[key];
const clerk = {
  clerkIssuer: "https://clerk.waypoint.example",
  clerkJwksUrl: "https://clerk.waypoint.example/.well-known/jwks.json",
  clerkAuthorizedParties: "https://waypoint.example, https://admin.waypoint.example",
};

const dashboard = {
  clerkPublishableKey: "pk_live_Y2xlcmsud2F5cG9pbnQuZXhhbXBsZSQ",
  dashboardBuild: "infra/testing/fixtures/dashboard-build",
};

describe("loadWaypointConfig", () => {
  it("defaults to dev with cdk.json's settings, synthesizable without Clerk", () => {
    const config = loadWaypointConfig(reader(cdkJsonContext()));
    expect(config).toMatchObject({
      stage: "dev",
      prefix: "dev-waypoint",
      removalPolicy: RemovalPolicy.DESTROY,
      introspection: true,
      clerk: undefined,
      authCacheTtlSeconds: 60,
      webhookReservedConcurrency: 2,
    });
  });

  it("reads prod's block, with command-line overrides over it (as strings)", () => {
    const config = loadWaypointConfig(
      reader({ ...cdkJsonContext(), stage: "prod", ...clerk, authCacheTtlSeconds: "120" }),
    );
    expect(config).toMatchObject({
      stage: "prod",
      prefix: "prod-waypoint",
      removalPolicy: RemovalPolicy.RETAIN,
      introspection: false,
      authCacheTtlSeconds: 120,
      webhookReservedConcurrency: 10,
      clerk: {
        CLERK_ISSUER: clerk.clerkIssuer,
        CLERK_JWKS_URL: clerk.clerkJwksUrl,
        CLERK_JWT_KEY: undefined,
        CLERK_AUTHORIZED_PARTIES: clerk.clerkAuthorizedParties,
      },
    });
  });

  it("reserves no webhook concurrency when told none (accounts still at the default quota)", () => {
    const config = loadWaypointConfig(
      reader({ ...cdkJsonContext(), stage: "prod", ...clerk, webhookReservedConcurrency: "none" }),
    );
    expect(config.webhookReservedConcurrency).toBeUndefined();
  });

  it("refuses an unknown stage, a cache TTL over 300 s and a bad alarm topic", () => {
    expect(() => loadWaypointConfig(reader({ stage: "staging" }))).toThrow(ConfigError);
    expect(() => loadWaypointConfig(reader({ authCacheTtlSeconds: "301" }))).toThrow(
      /authCacheTtlSeconds/,
    );
    expect(() => loadWaypointConfig(reader({ alarmTopicArn: "my-topic" }))).toThrow(
      /alarmTopicArn/,
    );
  });

  it("requires the Clerk settings to deploy, and never takes half of them", () => {
    expect(() => loadWaypointConfig(reader({ requireClerk: "true" }))).toThrow(
      /clerkJwksUrl \(or clerkJwtKey\)[\s\S]*clerkIssuer[\s\S]*clerkAuthorizedParties/,
    );
    expect(() => loadWaypointConfig(reader({ clerkIssuer: clerk.clerkIssuer }))).toThrow(
      /clerkAuthorizedParties: required/,
    );
    expect(
      loadWaypointConfig(reader({ ...clerk, ...dashboard, requireClerk: "true" })).clerk,
    ).toBeDefined();
  });

  it("requires the dashboard's publishable key and build to deploy (never the fixture)", () => {
    expect(() => loadWaypointConfig(reader({ ...clerk, requireClerk: "true" }))).toThrow(
      /clerkPublishableKey: required[\s\S]*dashboardBuild: required/,
    );
    expect(() =>
      loadWaypointConfig(reader({ ...clerk, clerkPublishableKey: "sk_live_secret" })),
    ).toThrow(/clerkPublishableKey: expected a Clerk publishable key/);
  });

  it("takes a custom domain with its us-east-1 certificate, which becomes the authorized party", () => {
    const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123";
    const config = loadWaypointConfig(
      reader({
        clerkIssuer: clerk.clerkIssuer,
        clerkJwksUrl: clerk.clerkJwksUrl,
        dashboardDomain: "admin.waypoint.example",
        dashboardCertificateArn: certificateArn,
      }),
    );
    expect(config.dashboard.domain).toEqual({ name: "admin.waypoint.example", certificateArn });
    expect(config.clerk?.CLERK_AUTHORIZED_PARTIES).toBe("https://admin.waypoint.example");
    expect(() =>
      loadWaypointConfig(
        reader({
          dashboardDomain: "admin.waypoint.example",
          dashboardCertificateArn: certificateArn.replace("us-east-1", "eu-west-1"),
        }),
      ),
    ).toThrow(/us-east-1/);
    expect(() => loadWaypointConfig(reader({ dashboardDomain: "admin.waypoint.example" }))).toThrow(
      /set both or neither/,
    );
  });

  it("checks the Clerk settings with the authorizer's own parser", () => {
    expect(() =>
      loadWaypointConfig(reader({ ...clerk, clerkJwksUrl: "ftp://clerk.example/jwks" })),
    ).toThrow(/invalid authorizer environment: CLERK_JWKS_URL/);
  });

  it("refuses a JWKS over plain http, loopback included (a Lambda has no local issuer)", () => {
    for (const url of [
      "http://clerk.waypoint.example/.well-known/jwks.json",
      "http://127.0.0.1:4001/.well-known/jwks.json",
      "HTTP://clerk.waypoint.example/.well-known/jwks.json",
    ]) {
      expect(() => loadWaypointConfig(reader({ ...clerk, clerkJwksUrl: url })), url).toThrow(
        /clerkJwksUrl: must be an https: URL|CLERK_JWKS_URL: must be https:/,
      );
    }
  });

  it("denies impersonated sessions unless a stage allows them", () => {
    expect(loadWaypointConfig(reader(cdkJsonContext())).allowImpersonation).toBe(false);
    expect(
      loadWaypointConfig(reader({ ...cdkJsonContext(), allowImpersonation: "true" }))
        .allowImpersonation,
    ).toBe(true);
    expect(() => loadWaypointConfig(reader({ allowImpersonation: "maybe" }))).toThrow(
      /allowImpersonation/,
    );
  });

  it("allows Svix's published addresses to the webhook by default, or what context says", () => {
    const defaults = loadWaypointConfig(reader(cdkJsonContext()));
    expect(defaults.webhookSourceCidrs).toEqual([...SVIX_SOURCE_CIDRS]);
    expect(defaults.webhookRateLimitPer5Min).toBe(1000);
    expect(
      loadWaypointConfig(reader({ webhookSourceCidrs: " 203.0.113.7/32,2001:db8::/48 " }))
        .webhookSourceCidrs,
    ).toEqual(["203.0.113.7/32", "2001:db8::/48"]);
    expect(loadWaypointConfig(reader({ webhookSourceCidrs: "any" })).webhookSourceCidrs).toBe(
      "any",
    );
    for (const bad of ["203.0.113.7", "example.com/32", "10.0.0.0/33"]) {
      expect(() => loadWaypointConfig(reader({ webhookSourceCidrs: bad })), bad).toThrow(
        /webhookSourceCidrs: not an IPv4 or IPv6 CIDR/,
      );
    }
    expect(() => loadWaypointConfig(reader({ webhookRateLimitPer5Min: "5" }))).toThrow(
      /webhookRateLimitPer5Min/,
    );
  });
});
