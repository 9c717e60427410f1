/**
 * The dashboard stack, synthesized against the fixture build (no `next build`): the function
 * and its Web Adapter, the distribution and its behaviours, the assets bucket and its OAC,
 * the origin protection, the role, the alarms and cdk-nag. dev without a custom domain,
 * prod with one, as a deploy would build them.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN_SECRET_HEADER } from "../app/lib/origin-guard";
import { IMMUTABLE_CACHE_CONTROL, WEB_ADAPTER_LAYER_VERSION } from "./constructs/dashboard";
import { FIXTURE_BUILD } from "./stacks/dashboard-stack";
import { synthStage } from "./testing/synth";

type Synth = Awaited<ReturnType<typeof synthStage>>;

const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f";
const PROD = {
  clerkIssuer: "https://clerk.waypoint.example",
  clerkJwksUrl: "https://clerk.waypoint.example/.well-known/jwks.json",
  clerkPublishableKey: "pk_live_Y2xlcmsud2F5cG9pbnQuZXhhbXBsZSQ",
  dashboardDomain: "admin.waypoint.example",
  dashboardCertificateArn: CERTIFICATE,
  dashboardBuild: FIXTURE_BUILD,
  requireClerk: "true",
};

/** CloudFront's managed policies, by their documented ids. */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

let dev: Synth;
let prod: Synth;

beforeAll(async () => {
  dev = await synthStage("dev");
  prod = await synthStage("prod", PROD);
}, 180_000);

afterAll(() => {
  dev?.dispose();
  prod?.dispose();
});

function only(template: Template, type: string, props: Record<string, unknown> = {}) {
  const found = Object.entries(template.findResources(type, { Properties: props }));
  expect(found, `${type} matching ${JSON.stringify(props)}`).toHaveLength(1);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, properties: resource.Properties };
}

const fn = (synth: Synth) =>
  only(synth.dashboardTemplate, "AWS::Lambda::Function", {
    FunctionName: `${synth.config.prefix}-dashboard`,
  });
const envOf = (synth: Synth) =>
  (fn(synth).properties.Environment as { Variables: Record<string, unknown> }).Variables;
const distributionConfig = (synth: Synth) =>
  only(synth.dashboardTemplate, "AWS::CloudFront::Distribution").properties
    .DistributionConfig as Record<string, unknown> & {
    DefaultCacheBehavior: Record<string, unknown>;
    CacheBehaviors: Record<string, unknown>[];
    Origins: {
      Id: string;
      DomainName: unknown;
      OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
      OriginAccessControlId?: unknown;
      S3OriginConfig?: unknown;
      CustomOriginConfig?: Record<string, unknown>;
    }[];
  };

describe("the dashboard function", () => {
  it("is the project's Node runtime on ARM64, run by the Web Adapter's arm64 layer through run.sh", () => {
    for (const synth of [dev, prod]) {
      const { properties } = fn(synth);
      expect(properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "run.sh",
      });
      const layers = (properties.Layers as unknown[]).map((layer) => JSON.stringify(layer));
      expect(layers).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `arn:.*AWS::Partition.*:lambda:.*AWS::Region.*:753240598075:layer:LambdaAdapterLayerArm64:${WEB_ADAPTER_LAYER_VERSION}`,
          ),
        ),
      );
      // The Parameters and Secrets extension (per region, from CDK's map), through which the
      // start reads the secrets.
      expect(properties.Layers).toContainEqual({
        "Fn::FindInMap": ["ParamsandsecretslayerMap", { Ref: "AWS::Region" }, "1x0x103xarm64"],
      });
      expect(envOf(synth)).toMatchObject({
        AWS_LAMBDA_EXEC_WRAPPER: "/opt/bootstrap",
        AWS_LWA_INVOKE_MODE: "response_stream",
        AWS_LWA_PORT: "8080",
        PORT: "8080",
        HOSTNAME: "127.0.0.1",
        NODE_ENV: "production",
      });
    }
  });

  it("is behind a Function URL that streams (RESPONSE_STREAM), the only one in the stack", () => {
    for (const synth of [dev, prod]) {
      const url = only(synth.dashboardTemplate, "AWS::Lambda::Url");
      expect(url.properties).toMatchObject({
        AuthType: "NONE",
        InvokeMode: "RESPONSE_STREAM",
        TargetFunctionArn: { "Fn::GetAtt": [fn(synth).id, "Arn"] },
      });
    }
  });

  it("runs in Clerk mode in every stage, with the API stack's URL and the public Clerk key", () => {
    for (const synth of [dev, prod]) {
      const env = envOf(synth);
      expect(env.WAYPOINT_AUTH_MODE).toBe("clerk");
      expect(JSON.stringify(env.WAYPOINT_API_URL)).toMatch(
        new RegExp(`"Fn::GetStackOutput":\\{"StackName":"${synth.config.prefix}-api".*GraphQLUrl`),
      );
    }
    expect(envOf(prod).NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY).toBe(PROD.clerkPublishableKey);
  });

  it("holds where its secrets are, never what they are", () => {
    const env = envOf(prod);
    const secrets = prod.dashboardTemplate.findResources("AWS::SecretsManager::Secret");
    const [clerk, origin] = ["ClerkSecret", "OriginSecret"].map((name) => {
      const id = Object.keys(secrets).find((key) => key.includes(name));
      expect(id, name).toBeDefined();
      return id as string;
    }) as [string, string];
    expect(env.WAYPOINT_CLERK_SECRET_ARN).toEqual({ Ref: clerk });
    expect(env.WAYPOINT_ORIGIN_SECRET_ARN).toEqual({ Ref: origin });
    expect(env.WAYPOINT_DASHBOARD_ORIGIN_PARAMETER).toBe("/prod-waypoint/dashboard/origin");
    for (const name of [
      "CLERK_SECRET_KEY",
      "WAYPOINT_SESSION_SECRET",
      "WAYPOINT_ORIGIN_SECRET",
      "WAYPOINT_ORIGIN_SECRET_PREVIOUS",
    ]) {
      expect(env[name], name).toBeUndefined();
    }
    // No secret value anywhere in the template: the secrets are generated by Secrets
    // Manager or stored by the operator, and the Clerk secret has no value of ours at all.
    const text = JSON.stringify(prod.dashboardTemplate.toJSON());
    expect(text).not.toMatch(/sk_(live|test)_/);
    expect(text).not.toMatch(/"SecretString"/);
    const originSecret = secrets[origin] as { Properties: Record<string, unknown> };
    expect(originSecret.Properties.GenerateSecretString).toMatchObject({
      GenerateStringKey: "current",
      SecretStringTemplate: JSON.stringify({ previous: "" }),
    });
  });

  it("may write its logs, read its two secrets and its origin parameter, and nothing else", () => {
    const role = only(prod.dashboardTemplate, "AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("^prod-waypoint-dashboard:"),
    });
    expect(role.properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.values(
      prod.dashboardTemplate.findResources("AWS::IAM::Policy", {
        Properties: { Roles: [{ Ref: role.id }] },
      }),
    ) as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const byAction = new Map(
      statements.map((s) => [[s.Action].flat().sort().join(","), [s.Resource].flat()]),
    );
    expect([...byAction.keys()].sort()).toEqual(
      [
        "logs:CreateLogStream,logs:PutLogEvents",
        "secretsmanager:DescribeSecret,secretsmanager:GetSecretValue",
        "ssm:GetParameter",
      ].sort(),
    );
    expect(statements.every((s) => s.Effect === "Allow")).toBe(true);
    const secretIds = Object.keys(
      prod.dashboardTemplate.findResources("AWS::SecretsManager::Secret"),
    ).sort();
    expect(
      (byAction.get("secretsmanager:DescribeSecret,secretsmanager:GetSecretValue") ?? [])
        .map((r) => (r as { Ref: string }).Ref)
        .sort(),
    ).toEqual(secretIds);
    expect(JSON.stringify(byAction.get("ssm:GetParameter"))).toMatch(
      /:parameter\/prod-waypoint\/dashboard\/origin"/,
    );
  });
});

describe("the distribution", () => {
  it("sends pages and server actions to the Function URL uncached, with what Next needs", () => {
    for (const synth of [dev, prod]) {
      const config = distributionConfig(synth);
      expect(config.DefaultCacheBehavior).toMatchObject({
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: "redirect-to-https",
        AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
        Compress: true,
      });
      const origin = config.Origins.find(
        (o) => o.Id === config.DefaultCacheBehavior.TargetOriginId,
      );
      const url = only(synth.dashboardTemplate, "AWS::Lambda::Url");
      expect(JSON.stringify(origin?.DomainName)).toContain(url.id);
      expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: "https-only" });
      // The viewer's Host reaches the server as X-Forwarded-Host.
      const cfFunction = only(synth.dashboardTemplate, "AWS::CloudFront::Function");
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
        {
          EventType: "viewer-request",
          FunctionARN: { "Fn::GetAtt": [cfFunction.id, "FunctionARN"] },
        },
      ]);
      expect((cfFunction.properties.FunctionConfig as { Runtime: string }).Runtime).toBe(
        "cloudfront-js-2.0",
      );
      expect(String(cfFunction.properties.FunctionCode)).toContain("x-forwarded-host");
    }
  });

  it("adds the origin secret from Secrets Manager as a dynamic reference (rotatable by generation)", () => {
    const config = distributionConfig(prod);
    const origin = config.Origins.find((o) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
    const headers = new Map(
      (origin?.OriginCustomHeaders ?? []).map((h) => [h.HeaderName, JSON.stringify(h.HeaderValue)]),
    );
    const secret = Object.keys(
      prod.dashboardTemplate.findResources("AWS::SecretsManager::Secret"),
    ).find((id) => id.includes("OriginSecret"));
    expect(headers.get(ORIGIN_SECRET_HEADER)).toMatch(
      new RegExp(
        `^\\{"Fn::Join":\\["",\\["\\{\\{resolve:secretsmanager:",\\{"Ref":"${secret}"\\},":SecretString:current::\\}\\}"\\]\\]\\}$`,
      ),
    );
    expect(headers.get("x-waypoint-origin-generation")).toBe('"1"');
  });

  it("serves /_next/static/* from the private bucket through OAC, cached a year", () => {
    for (const synth of [dev, prod]) {
      const config = distributionConfig(synth);
      const statics = config.CacheBehaviors.find((b) => b.PathPattern === "/_next/static/*");
      expect(statics).toMatchObject({
        ViewerProtocolPolicy: "redirect-to-https",
        AllowedMethods: ["GET", "HEAD"],
        Compress: true,
      });
      const policy = only(synth.dashboardTemplate, "AWS::CloudFront::CachePolicy");
      expect(statics?.CachePolicyId).toEqual({ Ref: policy.id });
      expect(policy.properties.CachePolicyConfig).toMatchObject({
        MinTTL: 31_536_000,
        DefaultTTL: 31_536_000,
        MaxTTL: 31_536_000,
        ParametersInCacheKeyAndForwardedToOrigin: {
          CookiesConfig: { CookieBehavior: "none" },
          HeadersConfig: { HeaderBehavior: "none" },
          QueryStringsConfig: { QueryStringBehavior: "none" },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      });
      const origin = config.Origins.find((o) => o.Id === statics?.TargetOriginId);
      const oac = only(synth.dashboardTemplate, "AWS::CloudFront::OriginAccessControl");
      expect(origin?.OriginAccessControlId).toEqual({ "Fn::GetAtt": [oac.id, "Id"] });
      expect(oac.properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      });
      const bucket = only(synth.dashboardTemplate, "AWS::S3::Bucket");
      expect(JSON.stringify(origin?.DomainName)).toContain(bucket.id);
      expect(bucket.properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it("lets only this distribution read the bucket (its policy), over TLS only", () => {
    const policy = only(prod.dashboardTemplate, "AWS::S3::BucketPolicy");
    const distribution = only(prod.dashboardTemplate, "AWS::CloudFront::Distribution");
    const statements = (
      policy.properties.PolicyDocument as { Statement: Record<string, unknown>[] }
    ).Statement;
    const read = statements.find((s) => JSON.stringify(s.Principal).includes("cloudfront"));
    expect(read).toMatchObject({
      Effect: "Allow",
      Action: "s3:GetObject",
      Principal: { Service: "cloudfront.amazonaws.com" },
    });
    expect(JSON.stringify(read?.Condition)).toContain(distribution.id);
    expect(JSON.stringify(read?.Condition)).toContain("AWS:SourceArn");
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
  });

  it("deploys the build's static files to _next/static, immutable, never pruning older chunks", () => {
    for (const synth of [dev, prod]) {
      const deployment = only(synth.dashboardTemplate, "Custom::CDKBucketDeployment");
      expect(deployment.properties).toMatchObject({
        DestinationBucketKeyPrefix: "_next/static",
        Prune: false,
        SystemMetadata: { "cache-control": IMMUTABLE_CACHE_CONTROL },
      });
    }
  });

  it("has the custom domain with its certificate and TLS 1.2 when context names one", () => {
    expect(distributionConfig(prod)).toMatchObject({
      Aliases: [PROD.dashboardDomain],
      ViewerCertificate: {
        AcmCertificateArn: CERTIFICATE,
        MinimumProtocolVersion: "TLSv1.2_2021",
        SslSupportMethod: "sni-only",
      },
    });
    expect(distributionConfig(dev).Aliases).toBeUndefined();
    expect(distributionConfig(dev).ViewerCertificate).toBeUndefined();
  });

  it("writes its origin to the SSM parameter the function reads at start", () => {
    const parameter = only(prod.dashboardTemplate, "AWS::SSM::Parameter");
    expect(parameter.properties).toMatchObject({
      Name: "/prod-waypoint/dashboard/origin",
      Type: "String",
      Value: "https://admin.waypoint.example",
    });
    const devParameter = only(dev.dashboardTemplate, "AWS::SSM::Parameter");
    const distribution = only(dev.dashboardTemplate, "AWS::CloudFront::Distribution");
    expect(devParameter.properties.Value).toEqual({
      "Fn::Join": ["", ["https://", { "Fn::GetAtt": [distribution.id, "DomainName"] }]],
    });
    prod.dashboardTemplate.hasOutput("DashboardUrl", { Value: "https://admin.waypoint.example" });
  });
});

describe("the dashboard package in the cloud assembly", () => {
  it("is the packaged fixture: run.sh (executable), start.mjs, server.js and the static files", () => {
    const code = fn(prod).properties.Code as { S3Key: string };
    const dir = join(prod.assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, "")}`);
    expect(existsSync(join(dir, "server.js"))).toBe(true);
    expect(existsSync(join(dir, "start.mjs"))).toBe(true);
    expect(existsSync(join(dir, ".next", "static", "chunks", "main-0123456789abcdef.js"))).toBe(
      true,
    );
    expect(statSync(join(dir, "run.sh")).mode & 0o111).toBeTruthy();
    expect(readFileSync(join(dir, "run.sh"), "utf8")).toMatch(/exec node start\.mjs/);
  });
});

describe("the dashboard's alarms", () => {
  it("alarm on its 5xx answers, its errors and its throttles", () => {
    prod.dashboardTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-dashboard-5xx",
      Namespace: "AWS/Lambda",
      MetricName: "Url5xxCount",
      Statistic: "Sum",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: fn(prod).id } }],
    });
    prod.dashboardTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-dashboard-throttles",
      Namespace: "AWS/Lambda",
      MetricName: "Throttles",
      Threshold: 1,
    });
    prod.dashboardTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-dashboard-errors",
      MetricName: "Errors",
      Threshold: 1,
    });
  });
});

describe("the dashboard stack under cdk-nag", () => {
  const ACKNOWLEDGED = [
    "AwsSolutions-CFR1 dev-waypoint-dashboard/Dashboard/Distribution/Resource",
    "AwsSolutions-CFR2 dev-waypoint-dashboard/Dashboard/Distribution/Resource",
    "AwsSolutions-CFR3 dev-waypoint-dashboard/Dashboard/Distribution/Resource",
    "AwsSolutions-S1 dev-waypoint-dashboard/Dashboard/Assets/Resource",
    "AwsSolutions-SMG4 dev-waypoint-dashboard/Dashboard/ClerkSecret/Resource",
    "AwsSolutions-SMG4 dev-waypoint-dashboard/Dashboard/OriginSecret/Resource",
  ];
  const HANDLER =
    "dev-waypoint-dashboard/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB";

  function suppressedOf(synth: Synth) {
    const nag = synth.report.pluginReports.find((r) => r.pluginName === "AwsSolutions");
    expect(nag?.violations).toEqual([]);
    return (nag?.suppressedViolations ?? []).flatMap((s) =>
      s.violatingConstructs
        .filter((c) => c.constructPath.includes("-waypoint-dashboard/"))
        .map((c) => ({ finding: `${s.ruleName} ${c.constructPath}`, reason: s.reason })),
    );
  }

  it("acknowledges exactly the known findings, each with its reason (CFR4 only without a domain)", () => {
    for (const synth of [dev, prod]) {
      const stage = (text: string) => text.replaceAll("dev-", `${synth.config.stage}-`);
      const suppressed = suppressedOf(synth);
      const own = suppressed.filter((s) => !s.finding.includes("Custom::CDKBucketDeployment"));
      const expected = [
        ...ACKNOWLEDGED,
        ...(synth === dev
          ? ["AwsSolutions-CFR4 dev-waypoint-dashboard/Dashboard/Distribution/Resource"]
          : []),
      ]
        .map(stage)
        .sort();
      expect(own.map((s) => s.finding).sort()).toEqual(expected);
      // CDK's S3 deployment handler: its managed basic-execution policy, its grant on the two
      // buckets' objects, and its Python runtime; nothing of ours.
      const handler = suppressed.filter((s) => s.finding.includes("Custom::CDKBucketDeployment"));
      expect(new Set(handler.map((s) => s.finding.split(/[ []/)[0]))).toEqual(
        new Set(["AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-L1"]),
      );
      for (const s of handler) expect(s.finding).toContain(stage(HANDLER));
      for (const s of suppressed) expect(s.reason.length, s.finding).toBeGreaterThan(40);
    }
  });

  it("has one function that is not Node 24: CDK's own S3 deployment handler", () => {
    for (const synth of [dev, prod]) {
      const functions = Object.entries(
        synth.dashboardTemplate.findResources("AWS::Lambda::Function"),
      ) as [string, { Properties: { Runtime: string } }][];
      const others = functions.filter(([, f]) => f.Properties.Runtime !== "nodejs24.x");
      expect(others.map(([id]) => id)).toEqual([
        expect.stringMatching(/^CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/),
      ]);
      expect(others[0]?.[1].Properties.Runtime).toMatch(/^python3\.\d+$/);
    }
  });
});
