/**
 * The synthesized templates of both stages, asserted resource by resource (no snapshots).
 * Each stage is synthesized once for the whole file: the same app builder and cdk.json
 * context as `npm run synth`, cdk-nag included (an unacknowledged finding fails the synth).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleAppSyncCode } from "../api/bundle";
import { api } from "../api/resolvers";
import { CLEANUP_TRIGGER_PATTERNS } from "../core/cleanup";
import { LIVE_UPDATE_PATTERNS } from "../core/live";
import { LIVE_UPDATES_RETRY_ATTEMPTS } from "./constructs/live-updates";
import { TABLE, toCreateTableParams } from "../core/table";
import { METRIC_NAMESPACE, WEBHOOK_OUTCOMES } from "../lambdas/telemetry/names";
import { SVIX_SOURCE_CIDRS } from "./constructs/svix-source-ips";
import { FUNCTION_RUNTIME } from "./constructs/node-function";
import { OPERATIONS_THRESHOLDS } from "./constructs/operations";
import { synthStage } from "./testing/synth";

type Synth = Awaited<ReturnType<typeof synthStage>>;

const CLERK = {
  clerkIssuer: "https://clerk.waypoint.example",
  clerkJwksUrl: "https://clerk.waypoint.example/.well-known/jwks.json",
  clerkAuthorizedParties: "https://waypoint.example",
  clerkPublishableKey: "pk_live_Y2xlcmsud2F5cG9pbnQuZXhhbXBsZSQ",
  // The deploy builds the dashboard and names its build; the tests name the fixture.
  dashboardBuild: "infra/testing/fixtures/dashboard-build",
  requireClerk: "true",
};

let dev: Synth;
let prod: Synth;

beforeAll(async () => {
  // Prepare: one synth per stage; prod as `npm run deploy -- -c stage=prod` would build it.
  dev = await synthStage("dev");
  prod = await synthStage("prod", CLERK);
}, 120_000);

afterAll(() => {
  dev?.dispose();
  prod?.dispose();
});

/** The one resource of a type whose properties match, with its logical id. */
function only(template: Template, type: string, props: Record<string, unknown> = {}) {
  const found = Object.entries(template.findResources(type, { Properties: props }));
  expect(found, `${type} matching ${JSON.stringify(props)}`).toHaveLength(1);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, properties: resource.Properties };
}

/** A CloudFormation string as text: `Fn::Join` pieces joined, other intrinsics as `{…}`. */
function rendered(value: unknown): string {
  if (typeof value === "string") return value;
  const join = (value as { "Fn::Join"?: [string, unknown[]] } | null)?.["Fn::Join"];
  if (join) return join[1].map(rendered).join(join[0]);
  return JSON.stringify(value);
}

/** The statements of the policies attached to a role, by the role's logical id. */
function statementsOf(template: Template, roleId: string) {
  const policies = Object.values(
    template.findResources("AWS::IAM::Policy", {
      Properties: { Roles: [{ Ref: roleId }] },
    }),
  ) as { Properties: { PolicyDocument: { Statement: Statement[] } } }[];
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const actionsOf = (statement: Statement) => [statement.Action].flat().sort();
const resourcesOf = (statement: Statement) =>
  [statement.Resource].flat().map((resource) => JSON.stringify(resource));

/** The data stack's table ARN, as the api stack reads it. */
const TABLE_ARN = /"Fn::GetStackOutput":\{"StackName":"(dev|prod)-waypoint-data".*Table.*Arn/;

const childEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;

describe("data: the table from core's definition", () => {
  it("has core's keys, attributes and GSIs, on demand", () => {
    const expected = toCreateTableParams(TABLE, "prod-waypoint");
    prod.dataTemplate.resourceCountIs("AWS::DynamoDB::Table", 1);
    prod.dataTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "prod-waypoint",
      BillingMode: expected.BillingMode,
      KeySchema: expected.KeySchema,
      AttributeDefinitions: Match.arrayWith(expected.AttributeDefinitions),
      GlobalSecondaryIndexes: expected.GlobalSecondaryIndexes,
    });
    const { properties } = only(prod.dataTemplate, "AWS::DynamoDB::Table");
    expect(properties.AttributeDefinitions).toHaveLength(expected.AttributeDefinitions.length);
  });

  it("has point-in-time recovery, KMS encryption and core's TTL attribute", () => {
    for (const { dataTemplate } of [dev, prod]) {
      dataTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSE enabled without a key of ours: the AWS-managed KMS key (aws/dynamodb).
        SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
        TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
      });
    }
  });

  it("is retained and deletion-protected in prod, destroyed with a dev stack", () => {
    prod.dataTemplate.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    dev.dataTemplate.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({
        TableName: "dev-waypoint",
        DeletionProtectionEnabled: false,
      }),
    });
  });
});

describe("every Lambda function", () => {
  it("runs on Node.js 24, in every stack of both stages (custom-resource handlers included)", () => {
    for (const synth of [dev, prod]) {
      const runtimes = synth.assembly.stacks.flatMap((stack) =>
        Object.entries(
          (
            stack.template as {
              Resources?: Record<string, { Type: string; Properties?: { Runtime?: unknown } }>;
            }
          ).Resources ?? {},
        )
          .filter(([, resource]) => resource.Type === "AWS::Lambda::Function")
          // CDK's own S3 deployment handler (Python, shipped with aws-cdk-lib): asserted in
          // infra/dashboard.test.ts to be the one exception, in the dashboard stack only.
          .filter(([id]) => !id.startsWith("CustomCDKBucketDeployment"))
          .map(([id, resource]) => [`${stack.stackName}/${id}`, resource.Properties?.Runtime]),
      );
      expect(runtimes.length).toBeGreaterThanOrEqual(2);
      for (const [id, runtime] of runtimes) expect(runtime, id as string).toBe("nodejs24.x");
    }
  });
});

describe("authorizer", () => {
  it("is a Node 24 ARM64 function configured from context", () => {
    prod.apiTemplate.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-authorizer",
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      Timeout: 5,
      Environment: {
        Variables: {
          CLERK_ISSUER: CLERK.clerkIssuer,
          CLERK_JWKS_URL: CLERK.clerkJwksUrl,
          CLERK_AUTHORIZED_PARTIES: CLERK.clerkAuthorizedParties,
          AUTH_CACHE_TTL_SECONDS: "300",
          // Impersonated sessions denied unless a stage sets allowImpersonation.
          WAYPOINT_ALLOW_IMPERSONATION: "0",
          NODE_OPTIONS: "--enable-source-maps",
        },
      },
    });
  });

  it("authorizes the API by default, its answers cached for the configured TTL (≤ 300 s)", () => {
    for (const [synth, ttl] of [
      [prod, 300],
      [dev, 60],
    ] as const) {
      const { id } = only(synth.apiTemplate, "AWS::Lambda::Function", {
        FunctionName: `${synth.config.prefix}-authorizer`,
      });
      synth.apiTemplate.hasResourceProperties("AWS::AppSync::GraphQLApi", {
        AuthenticationType: "AWS_LAMBDA",
        LambdaAuthorizerConfig: {
          AuthorizerResultTtlInSeconds: ttl,
          AuthorizerUri: { "Fn::GetAtt": [id, "Arn"] },
        },
        // IAM for the internal live-updates mutations only (docs/live-updates.md).
        AdditionalAuthenticationProviders: [{ AuthenticationType: "AWS_IAM" }],
      });
      synth.apiTemplate.hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: `${synth.config.prefix}-authorizer`,
        Environment: { Variables: Match.objectLike({ AUTH_CACHE_TTL_SECONDS: String(ttl) }) },
      });
      // Only AppSync, and only this API, may invoke it.
      synth.apiTemplate.hasResourceProperties("AWS::Lambda::Permission", {
        FunctionName: { "Fn::GetAtt": [id, "Arn"] },
        Principal: "appsync.amazonaws.com",
        SourceArn: Match.anyValue(),
      });
    }
  });

  it("synthesizes without Clerk settings (denying all, with a warning) but is no partial config", () => {
    const { properties } = only(dev.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: "dev-waypoint-authorizer",
    });
    expect(Object.keys((properties.Environment as { Variables: object }).Variables).sort()).toEqual(
      [
        "AUTH_CACHE_TTL_SECONDS",
        "LOG_LEVEL",
        "NODE_OPTIONS",
        "POWERTOOLS_METRICS_NAMESPACE",
        "POWERTOOLS_SERVICE_NAME",
        "WAYPOINT_ALLOW_IMPERSONATION",
        "WAYPOINT_STAGE",
      ],
    );
  });

  it("may write its logs and nothing else", () => {
    const { id } = only(prod.apiTemplate, "AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("^prod-waypoint-authorizer:"),
    });
    const statements = statementsOf(prod.apiTemplate, id);
    expect(statements.map(actionsOf)).toEqual([["logs:CreateLogStream", "logs:PutLogEvents"]]);
    prod.apiTemplate.hasResourceProperties("AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("^prod-waypoint-authorizer:"),
      ManagedPolicyArns: Match.absent(),
    });
  });
});

describe("api: AppSync from api/", () => {
  const functionNames = [
    ...new Set(api.resolvers.flatMap((r) => (r.kind === "PIPELINE" ? r.functions : []))),
  ];

  it("serves api/schema.graphql, logs field errors without verbose content, traces with X-Ray", () => {
    prod.apiTemplate.hasResourceProperties("AWS::AppSync::GraphQLSchema", {
      Definition: readFileSync(api.schemaFile, "utf8"),
    });
    prod.apiTemplate.hasResourceProperties("AWS::AppSync::GraphQLApi", {
      Name: "prod-waypoint",
      XrayEnabled: true,
      LogConfig: {
        FieldLogLevel: "ERROR",
        ExcludeVerboseContent: true,
        CloudWatchLogsRoleArn: Match.anyValue(),
      },
      IntrospectionConfig: "DISABLED",
      EnvironmentVariables: { TABLE_NAME: Match.anyValue() },
    });
    dev.apiTemplate.hasResourceProperties("AWS::AppSync::GraphQLApi", {
      IntrospectionConfig: "ENABLED",
    });
  });

  it("has one resolver per field of the definition and one function per pipeline function", () => {
    prod.apiTemplate.resourceCountIs("AWS::AppSync::Resolver", api.resolvers.length);
    prod.apiTemplate.resourceCountIs("AWS::AppSync::FunctionConfiguration", functionNames.length);
  });

  it("resolves Query.orgInvitations as a pipeline: authorize, then the one Query of the pending list", () => {
    // Prepare
    const authorize = only(prod.apiTemplate, "AWS::AppSync::FunctionConfiguration", {
      Name: "authorize",
    });
    const list = only(prod.apiTemplate, "AWS::AppSync::FunctionConfiguration", {
      Name: "listOrgInvitations",
    });
    // Assess
    const resolver = only(prod.apiTemplate, "AWS::AppSync::Resolver", {
      TypeName: "Query",
      FieldName: "orgInvitations",
    });
    expect(resolver.properties).toMatchObject({
      Kind: "PIPELINE",
      PipelineConfig: {
        Functions: [
          { "Fn::GetAtt": [authorize.id, "FunctionId"] },
          { "Fn::GetAtt": [list.id, "FunctionId"] },
        ],
      },
    });
    expect(String(list.properties.Code)).toContain("INVITATIONS#");
  });

  it("runs APPSYNC_JS 1.0.0 in every resolver and function", () => {
    for (const type of ["AWS::AppSync::Resolver", "AWS::AppSync::FunctionConfiguration"]) {
      const all = Object.values(prod.apiTemplate.findResources(type));
      const js = prod.apiTemplate.findResources(type, {
        Properties: { Runtime: { Name: "APPSYNC_JS", RuntimeVersion: "1.0.0" } },
      });
      expect(all.length).toBeGreaterThan(0);
      expect(Object.keys(js)).toHaveLength(all.length);
    }
  });

  it("deploys, for each field and function, the bundle api/bundle.ts builds from its file", async () => {
    // Act: bundle again, independently of the stack's own bundling.
    const bundle = new Map<string, string>();
    for (const file of new Set([
      ...api.resolvers.map((r) => r.code),
      ...functionNames.map((f) => f.code),
    ])) {
      bundle.set(file, await bundleAppSyncCode(file));
    }
    for (const resolver of api.resolvers) {
      prod.apiTemplate.hasResourceProperties("AWS::AppSync::Resolver", {
        TypeName: resolver.typeName,
        FieldName: resolver.fieldName,
        Kind: resolver.kind,
        Code: bundle.get(resolver.code),
      });
    }
    for (const fn of functionNames) {
      prod.apiTemplate.hasResourceProperties("AWS::AppSync::FunctionConfiguration", {
        Name: fn.name,
        Code: bundle.get(fn.code),
      });
    }
  });

  it("lets the table data source do exactly what the bundled resolvers do", () => {
    const { id } = only(prod.apiTemplate, "AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("data source table"),
    });
    const statements = statementsOf(prod.apiTemplate, id);
    expect(statements.map(actionsOf)).toEqual([
      [
        "dynamodb:BatchGetItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
      ["dynamodb:Query"],
    ]);
    const [items, indexes] = statements as [Statement, Statement];
    expect(resourcesOf(items)).toEqual([expect.stringMatching(TABLE_ARN)]);
    expect(resourcesOf(indexes)).toEqual(
      TABLE.globalSecondaryIndexes.map((index): unknown =>
        expect.stringMatching(new RegExp(`${TABLE_ARN.source}.*/index/${index.indexName}"`)),
      ),
    );
    expect(prod.api.graphqlApi.tableAccess.get("table")?.actions).toEqual(actionsOf(items));
  });
});

describe("webhook", () => {
  it("is a Node 24 ARM64 function under Svix's 15 s, with reserved concurrency", () => {
    prod.apiTemplate.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-webhook",
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Timeout: 10,
      ReservedConcurrentExecutions: 10,
      Layers: [Match.anyValue()],
    });
    dev.apiTemplate.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "dev-waypoint-webhook",
      ReservedConcurrentExecutions: 2,
    });
  });

  it("has no Function URL: only its API Gateway method may invoke it", () => {
    const { id } = only(prod.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-webhook",
    });
    prod.apiTemplate.resourceCountIs("AWS::Lambda::Url", 0);
    const permissions = Object.values(
      prod.apiTemplate.findResources("AWS::Lambda::Permission", {
        Properties: { FunctionName: { "Fn::GetAtt": [id, "Arn"] } },
      }),
    ) as { Properties: Record<string, unknown> }[];
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties).toMatchObject({
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
    });
    // Scoped to this API's POST /webhooks/clerk on its v1 stage, not any API in the account.
    const api = only(prod.apiTemplate, "AWS::ApiGateway::RestApi");
    const stage = only(prod.apiTemplate, "AWS::ApiGateway::Stage", { StageName: "v1" });
    expect(rendered(permissions[0]?.Properties.SourceArn)).toMatch(
      new RegExp(
        `^arn:.*:execute-api:.*:\\{"Ref":"${api.id}"\\}/\\{"Ref":"${stage.id}"\\}/POST/webhooks/clerk$`,
      ),
    );
  });

  it("is POST /webhooks/clerk on a regional REST API that requires the svix headers", () => {
    const api = only(prod.apiTemplate, "AWS::ApiGateway::RestApi", {
      Name: "prod-waypoint-webhook",
    });
    expect(api.properties.EndpointConfiguration).toEqual({ Types: ["REGIONAL"] });
    const validator = only(prod.apiTemplate, "AWS::ApiGateway::RequestValidator");
    expect(validator.properties).toMatchObject({
      ValidateRequestParameters: true,
      ValidateRequestBody: true,
    });
    const method = only(prod.apiTemplate, "AWS::ApiGateway::Method");
    expect(method.properties).toMatchObject({
      HttpMethod: "POST",
      AuthorizationType: "NONE",
      RequestValidatorId: { Ref: validator.id },
      RequestParameters: {
        "method.request.header.svix-id": true,
        "method.request.header.svix-timestamp": true,
        "method.request.header.svix-signature": true,
      },
      Integration: { Type: "AWS_PROXY", IntegrationHttpMethod: "POST" },
    });
    prod.apiTemplate.hasResourceProperties("AWS::ApiGateway::Model", {
      ContentType: "application/json",
      Schema: Match.objectLike({ type: "object" }),
    });
    prod.apiTemplate.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: "v1",
      MethodSettings: Match.arrayWith([
        Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      ]),
    });
  });

  it("is behind AWS WAF: Svix's addresses with a svix-signature allowed, rate-limited, the rest blocked", () => {
    const acl = only(prod.apiTemplate, "AWS::WAFv2::WebACL", { Name: "prod-waypoint-webhook" });
    expect(acl.properties).toMatchObject({ Scope: "REGIONAL", DefaultAction: { Block: {} } });
    const rules = acl.properties.Rules as {
      Name: string;
      Priority: number;
      Action: Record<string, unknown>;
      Statement: Record<string, unknown>;
    }[];
    expect(rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, "rate-limit"],
      [1, "svix-sources"],
    ]);
    expect(rules[0]).toMatchObject({
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: {
        RateBasedStatement: { Limit: 1000, EvaluationWindowSec: 300, AggregateKeyType: "IP" },
      },
    });
    // The published list, by IP version, referenced from the allow rule.
    const v4 = only(prod.apiTemplate, "AWS::WAFv2::IPSet", { IPAddressVersion: "IPV4" });
    const v6 = only(prod.apiTemplate, "AWS::WAFv2::IPSet", { IPAddressVersion: "IPV6" });
    expect(v4.properties.Addresses).toEqual(SVIX_SOURCE_CIDRS.filter((c) => !c.includes(":")));
    expect(v6.properties.Addresses).toEqual(SVIX_SOURCE_CIDRS.filter((c) => c.includes(":")));
    expect(v4.properties.Addresses).toContain("44.228.126.217/32");
    expect(rules[1]).toMatchObject({
      Action: { Allow: {} },
      Statement: {
        AndStatement: {
          Statements: [
            {
              OrStatement: {
                Statements: [
                  { IPSetReferenceStatement: { Arn: { "Fn::GetAtt": [v4.id, "Arn"] } } },
                  { IPSetReferenceStatement: { Arn: { "Fn::GetAtt": [v6.id, "Arn"] } } },
                ],
              },
            },
            {
              SizeConstraintStatement: {
                FieldToMatch: { SingleHeader: { Name: "svix-signature" } },
                ComparisonOperator: "GT",
                Size: 0,
              },
            },
          ],
        },
      },
    });
    // Associated with the API's stage, after the stage exists.
    const stage = only(prod.apiTemplate, "AWS::ApiGateway::Stage");
    const association = Object.values(
      prod.apiTemplate.findResources("AWS::WAFv2::WebACLAssociation"),
    ) as { Properties: Record<string, unknown>; DependsOn?: string[] }[];
    expect(association).toHaveLength(1);
    expect(association[0]?.Properties.WebACLArn).toEqual({ "Fn::GetAtt": [acl.id, "Arn"] });
    expect(rendered(association[0]?.Properties.ResourceArn)).toMatch(
      new RegExp(`^arn:.*:apigateway:.*::/restapis/.*/stages/\\{"Ref":"${stage.id}"\\}$`),
    );
    expect(association[0]?.DependsOn).toContain(stage.id);
  });

  it("takes its allow-list and rate limit from context (`any`: no allow-list)", async () => {
    const custom = await synthStage("dev", {
      webhookSourceCidrs: "203.0.113.7/32, 2001:db8::/48",
      webhookRateLimitPer5Min: "200",
    });
    const open = await synthStage("dev", { webhookSourceCidrs: "any" });
    try {
      expect(
        Object.values(custom.apiTemplate.findResources("AWS::WAFv2::IPSet")).map(
          (r) => (r as { Properties: { Addresses: string[] } }).Properties.Addresses,
        ),
      ).toEqual([["203.0.113.7/32"], ["2001:db8::/48"]]);
      const acl = only(custom.apiTemplate, "AWS::WAFv2::WebACL");
      expect(JSON.stringify(acl.properties.Rules)).toContain('"Limit":200');
      open.apiTemplate.resourceCountIs("AWS::WAFv2::IPSet", 0);
      const rules = only(open.apiTemplate, "AWS::WAFv2::WebACL").properties.Rules as {
        Name: string;
        Statement: Record<string, unknown>;
      }[];
      expect(rules.find((r) => r.Name === "svix-sources")?.Statement).toHaveProperty(
        "SizeConstraintStatement",
      );
    } finally {
      custom.dispose();
      open.dispose();
    }
  }, 120_000);

  it("reads the signing secret from Secrets Manager by ARN, never from the environment", () => {
    const secret = only(prod.apiTemplate, "AWS::SecretsManager::Secret", {
      Name: "prod-waypoint/clerk-webhook-signing-secret",
    });
    const { properties } = only(prod.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-webhook",
    });
    const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.CLERK_WEBHOOK_SECRET_ARN).toEqual({ Ref: secret.id });
    expect(variables.CLERK_WEBHOOK_SIGNING_SECRET).toBeUndefined();
    expect(variables.TABLE_NAME).toBeDefined();
    prod.apiTemplate.hasResource("AWS::SecretsManager::Secret", { DeletionPolicy: "Retain" });
  });

  it("may do only the DynamoDB calls mirror-store.ts makes, on this table and GSI1, and read its one secret", () => {
    const { id } = only(prod.apiTemplate, "AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("^prod-waypoint-webhook:"),
    });
    const secret = only(prod.apiTemplate, "AWS::SecretsManager::Secret");
    const statements = statementsOf(prod.apiTemplate, id);
    expect(statements.every((s) => s.Effect === "Allow")).toBe(true);
    expect(statements.map(actionsOf)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      [
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
      ],
      ["dynamodb:Query"],
      ["secretsmanager:GetSecretValue"],
      ["appsync:GraphQL"],
    ]);
    const [, items, index, read, live] = statements as [
      Statement,
      Statement,
      Statement,
      Statement,
      Statement,
    ];
    // The end of a removed member's live updates: that one internal field, nothing else.
    expect(resourcesOf(live)).toEqual([
      expect.stringMatching(/\/types\/Mutation\/fields\/invalidateMemberSubscriptions"\]/),
    ]);
    expect(resourcesOf(items)).toEqual([expect.stringMatching(TABLE_ARN)]);
    expect(resourcesOf(index)).toEqual([
      expect.stringMatching(new RegExp(`${TABLE_ARN.source}.*/index/GSI1"`)),
    ]);
    expect(resourcesOf(read)).toEqual([JSON.stringify({ Ref: secret.id })]);
    prod.apiTemplate.hasResourceProperties("AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("^prod-waypoint-webhook:"),
      ManagedPolicyArns: Match.absent(),
    });
  });

  it("is bundled by the local esbuild, the DynamoDB client inside", () => {
    const { properties } = only(prod.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-webhook",
    });
    const asset = (properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, "");
    const file = join(prod.assembly.directory, `asset.${asset}`, "index.js");
    expect(existsSync(file)).toBe(true);
    const code = readFileSync(file, "utf8");
    // Only the SDK's optional CRT/SigV4a modules stay as guarded requires.
    expect(code).not.toMatch(/require\(["']@aws-sdk\/(client-dynamodb|lib-dynamodb)/);
    expect(code).toContain("TransactWriteItems");
    expect(code).toContain("secretsmanager/get");
  });
});

describe("live updates: the subscription, the stream publisher, the invalidation path", () => {
  const SQS_SEND = "sqs:GetQueueAttributes,sqs:GetQueueUrl,sqs:SendMessage";
  it("resolves onMilestoneChanged as a pipeline starting with authorize, the internal mutations on NONE", () => {
    const template = prod.apiTemplate;
    const subscription = only(template, "AWS::AppSync::Resolver", {
      TypeName: "Subscription",
      FieldName: "onMilestoneChanged",
    });
    expect(subscription.properties).toMatchObject({ Kind: "PIPELINE" });
    const [first] = (subscription.properties.PipelineConfig as { Functions: unknown[] }).Functions;
    const authorize = only(template, "AWS::AppSync::FunctionConfiguration", { Name: "authorize" });
    expect(first).toEqual({ "Fn::GetAtt": [authorize.id, "FunctionId"] });
    const none = only(template, "AWS::AppSync::DataSource", { Type: "NONE" });
    for (const field of ["publishMilestoneChange", "invalidateMemberSubscriptions"]) {
      const resolver = only(template, "AWS::AppSync::Resolver", {
        TypeName: "Mutation",
        FieldName: field,
      });
      expect(resolver.properties).toMatchObject({
        Kind: "UNIT",
        DataSourceName: none.properties.Name,
      });
    }
  });

  it("feeds the publisher from the table's stream with core's patterns, retried, bisected, then the DLQ", () => {
    const fn = only(prod.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-live-updates",
    });
    expect(fn.properties).toMatchObject({ Runtime: FUNCTION_RUNTIME.name, Timeout: 30 });
    const variables = (fn.properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(Object.keys(variables)).toContain("APPSYNC_URL");
    const mapping = only(prod.apiTemplate, "AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: fn.id },
    });
    expect(mapping.properties).toMatchObject({
      // Not LATEST: a re-created mapping would skip invalidations written meanwhile.
      StartingPosition: "TRIM_HORIZON",
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: LIVE_UPDATES_RETRY_ATTEMPTS,
      MaximumRecordAgeInSeconds: 24 * 3600,
    });
    expect(LIVE_UPDATES_RETRY_ATTEMPTS).toBeGreaterThan(0);
    expect(LIVE_UPDATES_RETRY_ATTEMPTS).toBeLessThanOrEqual(10);
    const queue = only(prod.apiTemplate, "AWS::SQS::Queue", {
      QueueName: "prod-waypoint-live-updates-dlq",
    });
    expect(queue.properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(mapping.properties.DestinationConfig).toEqual({
      OnFailure: { Destination: { "Fn::GetAtt": [queue.id, "Arn"] } },
    });
    const filters = (mapping.properties.FilterCriteria as { Filters: { Pattern: string }[] })
      .Filters;
    // Lambda's default quota is 5 filters per event source mapping.
    expect(filters.length).toBeLessThanOrEqual(5);
    expect(filters.map((f) => JSON.parse(f.Pattern) as unknown)).toEqual(
      JSON.parse(JSON.stringify(LIVE_UPDATE_PATTERNS)),
    );
  });

  it("the publisher's dead-letter queue refuses plain HTTP", () => {
    const queue = only(prod.apiTemplate, "AWS::SQS::Queue", {
      QueueName: "prod-waypoint-live-updates-dlq",
    });
    const policy = only(prod.apiTemplate, "AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: queue.id }],
    });
    expect(JSON.stringify(policy.properties.PolicyDocument)).toContain("aws:SecureTransport");
  });

  it("lets the publisher call publishMilestoneChange and invalidateMemberSubscriptions only, read the stream, send to its DLQ; nothing on the table", () => {
    const { id } = only(prod.apiTemplate, "AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("^prod-waypoint-live-updates:"),
    });
    const statements = statementsOf(prod.apiTemplate, id);
    expect(statements.every((s) => s.Effect === "Allow")).toBe(true);
    const byActions = new Map(statements.map((s) => [actionsOf(s).join(","), s]));
    expect([...byActions.keys()].sort()).toEqual(
      [
        "logs:CreateLogStream,logs:PutLogEvents",
        "appsync:GraphQL",
        "dynamodb:ListStreams",
        "dynamodb:DescribeStream,dynamodb:GetRecords,dynamodb:GetShardIterator",
        SQS_SEND,
      ].sort(),
    );
    const graphql = byActions.get("appsync:GraphQL");
    if (!graphql) throw new Error("no appsync statement");
    expect([...resourcesOf(graphql)].sort()).toEqual([
      expect.stringMatching(/\/types\/Mutation\/fields\/invalidateMemberSubscriptions"\]/),
      expect.stringMatching(/\/types\/Mutation\/fields\/publishMilestoneChange"\]/),
    ]);
    const queue = only(prod.apiTemplate, "AWS::SQS::Queue", {
      QueueName: "prod-waypoint-live-updates-dlq",
    });
    const send = byActions.get(SQS_SEND);
    if (!send) throw new Error("no sqs statement");
    expect(send.Resource).toEqual({ "Fn::GetAtt": [queue.id, "Arn"] });
  });

  it("alarms on publisher errors, backlog and anything in its dead-letter queue", () => {
    for (const name of [
      "prod-waypoint-live-updates-errors",
      "prod-waypoint-live-updates-backlog",
      "prod-waypoint-live-updates-dead-letters",
    ])
      prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", { AlarmName: name });
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-live-updates-dead-letters",
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Threshold: 1,
    });
  });
});

describe("cleanup: the table's stream → the cleanup Lambda", () => {
  it("turns on the table's stream with new images (what the filter reads)", () => {
    prod.dataTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      StreamSpecification: { StreamViewType: TABLE.streamViewType },
    });
  });

  it("is an ARM64 function of 15 minutes, configured with the table's name only", () => {
    const { properties } = only(prod.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-cleanup",
    });
    expect(properties).toMatchObject({
      Runtime: FUNCTION_RUNTIME.name,
      Architectures: ["arm64"],
      Timeout: 900,
    });
    const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables).sort()).toEqual([
      "LOG_LEVEL",
      "NODE_OPTIONS",
      "POWERTOOLS_METRICS_NAMESPACE",
      "POWERTOOLS_SERVICE_NAME",
      "TABLE_NAME",
      "WAYPOINT_STAGE",
    ]);
  });

  it("is fed by an event source mapping: filtered, batched, retried, bisected, with a DLQ", () => {
    const fn = only(prod.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: "prod-waypoint-cleanup",
    });
    const queue = only(prod.apiTemplate, "AWS::SQS::Queue", {
      QueueName: "prod-waypoint-cleanup-dlq",
    });
    expect(queue.properties).toMatchObject({ SqsManagedSseEnabled: true });
    const mapping = only(prod.apiTemplate, "AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: fn.id },
    });
    expect(mapping.properties).toMatchObject({
      FunctionName: { Ref: fn.id },
      StartingPosition: "TRIM_HORIZON",
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
      MaximumRetryAttempts: 10,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queue.id, "Arn"] } } },
    });
    expect(JSON.stringify(mapping.properties.EventSourceArn)).toMatch(/StreamArn/);
    // Exactly core's patterns: tombstones and continuations, nothing else.
    const filters = (mapping.properties.FilterCriteria as { Filters: { Pattern: string }[] })
      .Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern) as unknown)).toEqual(
      JSON.parse(JSON.stringify(CLEANUP_TRIGGER_PATTERNS)),
    );
  });

  it("may do only what cleanup-store.ts calls, read the stream, and send to its DLQ", () => {
    const { id } = only(prod.apiTemplate, "AWS::IAM::Role", {
      Description: Match.stringLikeRegexp("^prod-waypoint-cleanup:"),
    });
    const statements = statementsOf(prod.apiTemplate, id);
    expect(statements.every((s) => s.Effect === "Allow")).toBe(true);
    const byActions = new Map(statements.map((s) => [actionsOf(s).join(","), s]));
    expect([...byActions.keys()].sort()).toEqual(
      [
        "logs:CreateLogStream,logs:PutLogEvents",
        "dynamodb:BatchWriteItem,dynamodb:PutItem,dynamodb:Query",
        "dynamodb:Query",
        "dynamodb:ListStreams",
        "dynamodb:DescribeStream,dynamodb:GetRecords,dynamodb:GetShardIterator",
        "sqs:GetQueueAttributes,sqs:GetQueueUrl,sqs:SendMessage",
      ].sort(),
    );
    const items = byActions.get("dynamodb:BatchWriteItem,dynamodb:PutItem,dynamodb:Query");
    const indexes = byActions.get("dynamodb:Query");
    const stream = byActions.get(
      "dynamodb:DescribeStream,dynamodb:GetRecords,dynamodb:GetShardIterator",
    );
    if (!items || !indexes || !stream) throw new Error("statements missing");
    expect(resourcesOf(items)).toEqual([expect.stringMatching(TABLE_ARN)]);
    expect(resourcesOf(indexes)).toEqual([
      expect.stringMatching(new RegExp(`${TABLE_ARN.source}.*/index/GSI1"`)),
      expect.stringMatching(new RegExp(`${TABLE_ARN.source}.*/index/GSI2"`)),
    ]);
    expect(resourcesOf(stream)).toEqual([expect.stringMatching(/StreamArn/)]);
    expect(resourcesOf(byActions.get("dynamodb:ListStreams") as Statement)).toEqual(['"*"']);
  });

  it("alarms on its errors, a growing backlog (IteratorAge) and dead letters", () => {
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-cleanup-errors",
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Threshold: 1,
    });
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-cleanup-backlog",
      Namespace: "AWS/Lambda",
      MetricName: "IteratorAge",
      Statistic: "Maximum",
    });
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-cleanup-dead-letters",
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
    });
  });
});

describe("the deployed bundles", () => {
  /** Runs a bundle as Lambda would: CommonJS, alone in its directory, one invocation. */
  function invoke(functionName: string, env: Record<string, string>, event: unknown): unknown {
    const { properties } = only(prod.apiTemplate, "AWS::Lambda::Function", {
      FunctionName: functionName,
    });
    const asset = (properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, "");
    // Copied out of the repository, whose package.json says "type": "module".
    const dir = mkdtempSync(join(tmpdir(), "waypoint-cdk-bundle-"));
    cpSync(join(prod.assembly.directory, `asset.${asset}`), dir, { recursive: true });
    const script = `require("./index.js").handler(${JSON.stringify(event)})
      .then((r) => console.log(JSON.stringify(r)))`;
    try {
      const output = execFileSync(process.execPath, ["-e", script], {
        cwd: dir,
        // Lambda sets no NODE_ENV, which Next's typings make required in ProcessEnv.
        env: childEnv({ PATH: process.env.PATH, NODE_NO_WARNINGS: "1", ...env }),
        encoding: "utf8",
        timeout: 20_000,
      });
      return JSON.parse(output.trim().split("\n").at(-1) ?? "null");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("the authorizer loads as CommonJS and denies a malformed token", () => {
    expect(
      invoke(
        "prod-waypoint-authorizer",
        { CLERK_JWKS_URL: CLERK.clerkJwksUrl, CLERK_ISSUER: CLERK.clerkIssuer },
        { authorizationToken: "Bearer nope", requestContext: { requestId: "r1" } },
      ),
    ).toEqual({ isAuthorized: false, ttlOverride: 0 });
  });

  it("the webhook loads as CommonJS, takes API Gateway's event, and answers 503 while its secret cannot be read", () => {
    const result = invoke(
      "prod-waypoint-webhook",
      {
        TABLE_NAME: "prod-waypoint",
        AWS_REGION: "eu-west-1",
        CLERK_WEBHOOK_SECRET_ARN:
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-waypoint/x-AbCdEf",
        AWS_SESSION_TOKEN: "token",
        // Nothing listens there: the extension is "unreachable".
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: "9",
      },
      // As API Gateway's REST proxy integration delivers it (payload format 1.0).
      {
        httpMethod: "POST",
        resource: "/webhooks/clerk",
        requestContext: { httpMethod: "POST", stage: "v1" },
        headers: { "svix-id": "msg_1", "svix-timestamp": "1", "svix-signature": "v1,x" },
        body: "{}",
        isBase64Encoded: false,
      },
    );
    expect(result).toMatchObject({ statusCode: 503 });
  });

  it("the cleanup loads as CommonJS and passes over a record that starts no erasure", () => {
    const result = invoke(
      "prod-waypoint-cleanup",
      { TABLE_NAME: "prod-waypoint", AWS_REGION: "eu-west-1" },
      {
        Records: [
          {
            eventName: "INSERT",
            dynamodb: {
              SequenceNumber: "1",
              NewImage: { PK: { S: "USER#user_1" }, SK: { S: "PROFILE" }, entity: { S: "user" } },
            },
          },
        ],
      },
    );
    expect(result).toEqual({ batchItemFailures: [] });
  });
});

describe("alarms and outputs", () => {
  it("alarms on webhook 5xx, throttles and rate limiting, and on authorizer errors and error logs", () => {
    // Five here, three of the cleanup's (asserted with it below), five of the operations
    // construct's (failed-delivery rate, sync lag, denial spike, authorizer and cleanup
    // throttles: asserted under "operations").
    // And three of the live-updates publisher's (asserted with it).
    prod.apiTemplate.resourceCountIs("AWS::CloudWatch::Alarm", 16);
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-webhook-5xx",
      Namespace: "AWS/ApiGateway",
      MetricName: "5XXError",
      Statistic: "Sum",
      Dimensions: [{ Name: "ApiName", Value: "prod-waypoint-webhook" }],
    });
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-webhook-throttles",
      Namespace: "AWS/Lambda",
      MetricName: "Throttles",
      Statistic: "Sum",
      Threshold: 1,
      Dimensions: [{ Name: "FunctionName", Value: Match.anyValue() }],
    });
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-webhook-rate-limited",
      Namespace: "AWS/WAFV2",
      MetricName: "BlockedRequests",
      Threshold: 1,
      Dimensions: Match.arrayWith([
        { Name: "Rule", Value: "prod-waypoint-webhook-rate-limit" },
        { Name: "WebACL", Value: "prod-waypoint-webhook" },
      ]),
    });
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-authorizer-errors",
      MetricName: "Errors",
      Threshold: 1,
    });
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-authorizer-error-logs",
      Namespace: "Waypoint",
    });
    prod.apiTemplate.hasResourceProperties("AWS::Logs::MetricFilter", {
      // Powertools writes upper-case levels.
      FilterPattern: Match.stringLikeRegexp("level.*ERROR"),
    });
  });

  it("outputs the GraphQL URL, the webhook URL and the table name", () => {
    prod.apiTemplate.hasOutput("GraphqlUrl", {
      Value: { "Fn::GetAtt": [Match.anyValue(), "GraphQLUrl"] },
    });
    const outputs = prod.apiTemplate.findOutputs("WebhookUrl") as Record<
      string,
      { Value: unknown }
    >;
    const stage = only(prod.apiTemplate, "AWS::ApiGateway::Stage", { StageName: "v1" });
    expect(rendered(outputs.WebhookUrl?.Value)).toMatch(
      new RegExp(`^https://.*\\.execute-api\\..*/\\{"Ref":"${stage.id}"\\}/webhooks/clerk$`),
    );
    prod.apiTemplate.hasOutput("WebhookSecretArn", Match.anyValue());
    prod.dataTemplate.hasOutput("TableName", { Value: { Ref: Match.anyValue() } });
  });

  it("prefixes every name with the stage, and keeps prod's logs", () => {
    for (const synth of [dev, prod]) {
      const names = Object.values(synth.apiTemplate.toJSON().Resources as object)
        .map((r: { Properties?: Record<string, unknown> }) =>
          [r.Properties?.FunctionName, r.Properties?.AlarmName, r.Properties?.Name].find(
            (name) => typeof name === "string",
          ),
        )
        .filter((name): name is string => name !== undefined);
      expect(names.length).toBeGreaterThan(5);
      for (const name of names) expect(name).toMatch(new RegExp(`^${synth.config.prefix}|^\\w+$`));
    }
    prod.apiTemplate.hasResource("AWS::Logs::LogGroup", { DeletionPolicy: "Retain" });
    prod.apiTemplate.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 90 });
    dev.apiTemplate.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 7 });
  });
});

describe("operations: Powertools, the dashboard and its alarms", () => {
  it("gives every Waypoint function its Powertools environment: service, namespace, level, stage", () => {
    for (const synth of [dev, prod]) {
      for (const service of ["webhook", "authorizer", "cleanup"]) {
        const { properties } = only(synth.apiTemplate, "AWS::Lambda::Function", {
          FunctionName: `${synth.config.prefix}-${service}`,
        });
        expect(
          (properties.Environment as { Variables: Record<string, string> }).Variables,
        ).toMatchObject({
          POWERTOOLS_SERVICE_NAME: service,
          POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
          LOG_LEVEL: "INFO",
          WAYPOINT_STAGE: synth.config.stage,
        });
      }
    }
  });

  it("has one dashboard for the stage, with the EMF metrics under their dimensions and AWS's", () => {
    const { properties } = only(prod.apiTemplate, "AWS::CloudWatch::Dashboard");
    expect(properties.DashboardName).toBe("prod-waypoint-operations");
    // The body is a Fn::Join of JSON text and references (function names, the API id).
    const [, pieces] = (properties.DashboardBody as { "Fn::Join": [string, unknown[]] })[
      "Fn::Join"
    ];
    const text = pieces.map((p) => (typeof p === "string" ? p : "<ref>")).join("");
    const body = JSON.parse(text) as {
      widgets: { properties: { title?: string; metrics?: unknown[][] } }[];
    };
    const graphs = body.widgets.filter((w) => w.properties.metrics);
    const titled = (title: string) => {
      const found = graphs.find((w) => w.properties.title === title);
      expect(found, title).toBeDefined();
      return JSON.stringify(found?.properties.metrics);
    };
    // Metrics render as [namespace, name, dimension, value, …], dimensions sorted by name.
    const deliveries = titled("Webhook deliveries by outcome");
    expect(deliveries).toContain(
      '["Waypoint","WebhookDeliveries","outcome","applied","service","webhook","stage","prod",',
    );
    for (const outcome of WEBHOOK_OUTCOMES) expect(deliveries).toContain(`"${outcome}"`);
    expect(titled("Failed-delivery rate (%)")).toContain("IF(");
    const lag = titled("Sync lag (ms): receive time − Clerk's updated_at");
    expect(lag).toContain('"SyncLag"');
    expect(lag).toContain('"stat":"p50"');
    expect(lag).toContain('"stat":"p99"');
    const decisions = titled("Authorizer decisions");
    expect(decisions).toContain(
      '"AuthorizerDecisions","decision","deny","service","authorizer","stage","prod"',
    );
    expect(decisions).toContain('"deny"');
    expect(titled("Authorizer denials by reason")).toMatch(
      /SEARCH\('\{Waypoint,decision,reason,service,stage\} MetricName=\\"AuthorizerDecisions\\".*stage=\\"prod\\" decision=\\"deny\\"/,
    );
    // The dashboard stack's server, named (not referenced: the api stack deploys first).
    expect(titled("Dashboard: errors and throttles")).toContain(
      '["AWS/Lambda","Errors","FunctionName","prod-waypoint-dashboard"',
    );
    const cold = titled("Cold starts");
    for (const service of ["webhook", "authorizer", "cleanup"]) {
      expect(cold).toContain(`"service","${service}"`);
    }
    expect(cold).toContain('"ColdStart"');
    const backlog = titled("Cleanup backlog");
    expect(backlog).toContain('"AWS/Lambda","IteratorAge","FunctionName"');
    expect(backlog).toContain('"CleanupHandovers"');
    for (const fn of ["webhook", "authorizer", "cleanup"]) {
      const errors = titled(`${fn}: errors and throttles`);
      expect(errors).toContain('"AWS/Lambda","Errors"');
      expect(errors).toContain('"Throttles"');
      expect(titled(`${fn}: duration (ms)`)).toContain('"Duration"');
    }
    const api = titled("API errors: 4xx / 5xx");
    expect(api).toContain('"AWS/ApiGateway","4XXError","ApiName","prod-waypoint-webhook"');
    expect(api).toContain('"AWS/AppSync","5XXError","GraphQLAPIId"');
  });

  /** An alarm's metric-math expression and the metrics it reads, by id. */
  function mathAlarm(alarmName: string) {
    const { properties } = only(prod.apiTemplate, "AWS::CloudWatch::Alarm", {
      AlarmName: alarmName,
    });
    const queries = properties.Metrics as {
      Id: string;
      Expression?: string;
      ReturnData?: boolean;
      MetricStat?: {
        Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] };
        Stat: string;
      };
    }[];
    const expression = queries.find((q) => q.Expression)?.Expression ?? "";
    const reads = Object.fromEntries(
      queries
        .filter((q) => q.MetricStat)
        .map((q) => [
          q.Id,
          {
            metric: q.MetricStat?.Metric.MetricName,
            stat: q.MetricStat?.Stat,
            dimensions: Object.fromEntries(
              (q.MetricStat?.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]),
            ),
          },
        ]),
    );
    return { properties, expression, reads };
  }

  it("alarms on the failed-delivery rate: (failed + 5xx) ÷ signed deliveries, from 5 deliveries", () => {
    const { properties, expression, reads } = mathAlarm("prod-waypoint-webhook-failed-rate");
    expect(properties).toMatchObject({
      Threshold: OPERATIONS_THRESHOLDS.failedDeliveryRatePercent,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: "notBreaching",
    });
    expect(expression).toBe(
      "IF((FILL(applied, 0) + FILL(duplicate, 0) + FILL(stale, 0) + FILL(ignored, 0) + FILL(failed, 0) + FILL(error, 0)) >= 5, " +
        "100 * (FILL(failed, 0) + FILL(error, 0)) / (FILL(applied, 0) + FILL(duplicate, 0) + FILL(stale, 0) + FILL(ignored, 0) + FILL(failed, 0) + FILL(error, 0)), 0)",
    );
    expect(reads.failed).toEqual({
      metric: "WebhookDeliveries",
      stat: "Sum",
      dimensions: { service: "webhook", stage: "prod", outcome: "failed" },
    });
    expect(Object.keys(reads).sort()).toEqual([
      "applied",
      "duplicate",
      "error",
      "failed",
      "ignored",
      "stale",
    ]);
  });

  it("alarms on sync lag: p99 over 5 minutes, two periods running", () => {
    prod.apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "prod-waypoint-sync-lag",
      Namespace: "Waypoint",
      MetricName: "SyncLag",
      ExtendedStatistic: "p99",
      Dimensions: Match.arrayWith([
        { Name: "service", Value: "webhook" },
        { Name: "stage", Value: "prod" },
      ]),
      Threshold: OPERATIONS_THRESHOLDS.syncLagP99Ms,
      EvaluationPeriods: 2,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });

  it("alarms on a spike of denials: over half of the decisions, from 50 denials in 5 minutes", () => {
    const { properties, expression, reads } = mathAlarm("prod-waypoint-authorizer-denials");
    expect(properties).toMatchObject({ Threshold: 50, ComparisonOperator: "GreaterThanThreshold" });
    expect(expression).toBe(
      "IF(FILL(deny, 0) >= 50 AND FILL(decisions, 0) > 0, 100 * FILL(deny, 0) / FILL(decisions, 0), 0)",
    );
    expect(reads.deny).toEqual({
      metric: "AuthorizerDecisions",
      stat: "Sum",
      dimensions: { service: "authorizer", stage: "prod", decision: "deny" },
    });
    // The decisions are the authorizer's own invocations (allows are not emitted).
    expect(reads.decisions?.metric).toBe("Invocations");
    expect(reads.decisions?.stat).toBe("Sum");
    expect(Object.keys(reads.decisions?.dimensions ?? {})).toEqual(["FunctionName"]);
  });

  it("alarms on throttles of every function (the webhook's is its own construct's)", () => {
    for (const fn of ["webhook", "authorizer", "cleanup"]) {
      const alarm = only(prod.apiTemplate, "AWS::CloudWatch::Alarm", {
        AlarmName: `prod-waypoint-${fn}-throttles`,
      });
      expect(alarm.properties).toMatchObject({
        Namespace: "AWS/Lambda",
        MetricName: "Throttles",
        Statistic: "Sum",
        Threshold: 1,
      });
      const fnId = only(prod.apiTemplate, "AWS::Lambda::Function", {
        FunctionName: `prod-waypoint-${fn}`,
      }).id;
      expect(alarm.properties.Dimensions).toEqual([{ Name: "FunctionName", Value: { Ref: fnId } }]);
    }
  });
});

describe("cdk-nag AwsSolutions", () => {
  const ACKNOWLEDGED = [
    "AwsSolutions-APIG1 dev-waypoint-api/Webhook/Api/DeploymentStage.v1/Resource",
    "AwsSolutions-APIG4 dev-waypoint-api/Webhook/Api/Default/webhooks/clerk/POST/Resource",
    "AwsSolutions-APIG6 dev-waypoint-api/Webhook/Api/DeploymentStage.v1/Resource",
    "AwsSolutions-ASC3 dev-waypoint-api/GraphqlApi/Api/Resource",
    "AwsSolutions-COG4 dev-waypoint-api/Webhook/Api/Default/webhooks/clerk/POST/Resource",
    "AwsSolutions-IAM5[Resource::*] dev-waypoint-api/Cleanup/Handler/Role/DefaultPolicy/Resource",
    "AwsSolutions-IAM5[Resource::*] dev-waypoint-api/LiveUpdates/Handler/Role/DefaultPolicy/Resource",
    "AwsSolutions-SMG4 dev-waypoint-api/Webhook/SigningSecret/Resource",
    "AwsSolutions-SQS3 dev-waypoint-api/Cleanup/DeadLetters/Resource",
    "AwsSolutions-SQS3 dev-waypoint-api/LiveUpdates/DeadLetters/Resource",
  ];

  it("reports no unacknowledged finding in either stage", () => {
    for (const synth of [dev, prod]) {
      const nag = synth.report.pluginReports.find((r) => r.pluginName === "AwsSolutions");
      expect(nag?.conclusion).toBe("success");
      expect(nag?.violations).toEqual([]);
    }
  });

  it("acknowledges exactly the known findings, each with its reason", () => {
    for (const synth of [dev, prod]) {
      const nag = synth.report.pluginReports.find((r) => r.pluginName === "AwsSolutions");
      const suppressed = nag?.suppressedViolations ?? [];
      expect(
        suppressed
          .flatMap((s) => s.violatingConstructs.map((c) => `${s.ruleName} ${c.constructPath}`))
          // The dashboard stack's own are asserted in infra/dashboard.test.ts.
          .filter((finding) => !finding.includes("-waypoint-dashboard/"))
          .sort(),
      ).toEqual(ACKNOWLEDGED.map((a) => a.replaceAll("dev-", `${synth.config.stage}-`)));
      for (const s of suppressed) expect(s.reason.length).toBeGreaterThan(40);
    }
  });
});
