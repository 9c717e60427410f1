/**
 * The dashboard on AWS: Next's standalone server as a zip Lambda run unchanged by the AWS Lambda
 * Web Adapter, behind a streaming Function URL, behind CloudFront; the build's static files in
 * a private S3 bucket that only the distribution can read (origin access control).
 *
 * - `/_next/static/*` (content-hashed names) and public/'s files: S3, cached a year, immutable.
 * - everything else (pages, server actions, Clerk's handshake): the function, never cached,
 *   with every viewer header but Host (the Function URL needs its own), cookies and queries.
 * - the Function URL is public by nature (auth NONE): CloudFront sends a secret header from
 *   Secrets Manager that proxy.ts requires first thing (app/lib/origin-guard.ts); without it
 *   the origin answers 403. Why not AWS_IAM + OAC: docs/infra.md.
 * - the circularity (the distribution needs the function's URL; the function would need the
 *   distribution's domain): the function never names the distribution. A viewer-request
 *   CloudFront Function copies the viewer's Host into X-Forwarded-Host (what Next's server
 *   action origin check and Clerk's redirects read), and the distribution's origin is written
 *   to an SSM parameter that the function reads at start (the authorized party for Clerk).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Duration, Stack, Validations, type RemovalPolicy } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from "aws-cdk-lib/aws-cloudfront";
import { FunctionUrlOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  FunctionUrlAuthType,
  InvokeMode,
  LayerVersion,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  type FunctionUrl,
} from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { StringParameter } from "aws-cdk-lib/aws-ssm";
import { Construct } from "constructs";
import { ORIGIN_SECRET_HEADER } from "../../app/lib/origin-guard";
import type { DashboardPackage } from "../dashboard/package";
import { FORWARDED_HOST_FUNCTION } from "../dashboard/viewer-request";
import { functionErrorsAlarm, functionThrottlesAlarm, notify } from "./alarms";
import { FUNCTION_RUNTIME } from "./node-function";

/**
 * AWS Lambda Web Adapter's public layer for arm64, published by AWS in every commercial
 * region under one account (awslabs.github.io/aws-lambda-web-adapter, "Zip Packages").
 * Pinned: an upgrade is a reviewed change, like the runtime.
 */
export const WEB_ADAPTER_LAYER_ACCOUNT = "753240598075";
export const WEB_ADAPTER_LAYER_VERSION = 26;
export const webAdapterLayerArn = (stack: Stack) =>
  `arn:${stack.partition}:lambda:${stack.region}:${WEB_ADAPTER_LAYER_ACCOUNT}:layer:LambdaAdapterLayerArm64:${WEB_ADAPTER_LAYER_VERSION}`;

/** The port Next listens on inside the function (the adapter's default). */
const PORT = "8080";

/** Hashed assets: a year, and `immutable` so browsers do not even revalidate. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface DashboardSiteProps {
  prefix: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** The packaged server (infra/dashboard/package.ts). */
  package: DashboardPackage;
  /** The AppSync endpoint the pages call with the user's token. */
  apiUrl: string;
  /** Public; undefined only in a synth without Clerk settings. */
  clerkPublishableKey: string | undefined;
  /** PEM public key: Clerk's session tokens verified without a network call. */
  clerkJwtKey: string | undefined;
  domain: { name: string; certificateArn: string } | undefined;
  /** Bumped to roll a new origin secret out (docs/deploy.md). */
  originSecretGeneration: number;
  alarmTopicArn: string | undefined;
}

/** The server function's name: fixed, so other stacks can name it without a reference. */
export function dashboardFunctionName(prefix: string): string {
  return `${prefix}-dashboard`;
}

export class DashboardSite extends Construct {
  readonly function: LambdaFunction;
  readonly functionUrl: FunctionUrl;
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  readonly role: Role;
  readonly clerkSecret: Secret;
  readonly originSecret: Secret;
  readonly originParameter: StringParameter;
  /** `https://<domain>`: the dashboard's one origin. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const functionName = dashboardFunctionName(props.prefix);

    // Secrets: created empty of any value of ours; the operator stores the Clerk key
    // (docs/deploy.md), Secrets Manager generates the origin secret.
    const originParameterName = `/${props.prefix}/dashboard/origin`;
    this.clerkSecret = new Secret(this, "ClerkSecret", {
      secretName: `${props.prefix}/dashboard/clerk`,
      description:
        'The dashboard\'s Clerk secret key: {"CLERK_SECRET_KEY":"sk_…"} (docs/deploy.md)',
      removalPolicy: props.removalPolicy,
    });
    this.originSecret = new Secret(this, "OriginSecret", {
      secretName: `${props.prefix}/dashboard/origin`,
      description: "The header CloudFront sends to the dashboard's Function URL: current, previous",
      removalPolicy: props.removalPolicy,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ previous: "" }),
        generateStringKey: "current",
        passwordLength: 48,
        excludePunctuation: true,
      },
    });
    Validations.of(this.clerkSecret).acknowledge({
      id: "AwsSolutions::AwsSolutions-SMG4",
      reason:
        "Clerk issues this key; Secrets Manager cannot rotate it. Roll it in Clerk (API keys) " +
        "and store the new value; new function environments read it (docs/deploy.md).",
    });
    Validations.of(this.originSecret).acknowledge({
      id: "AwsSolutions::AwsSolutions-SMG4",
      reason:
        "Rotated by a deploy, not a rotation Lambda: CloudFront reads the value only when the " +
        "distribution is updated, so docs/deploy.md rolls it (previous + current, then " +
        "originSecretGeneration + 1); a scheduled rotation would break the header.",
    });

    const logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `${functionName}: its log group, its two secrets and its origin parameter`,
    });
    logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, "Function", {
      functionName,
      description: "Waypoint dashboard: Next.js standalone server on the Lambda Web Adapter",
      code: Code.fromAsset(props.package.dir),
      // The adapter's bootstrap (the exec wrapper) runs the handler as a script.
      handler: "run.sh",
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(30),
      role: this.role,
      logGroup,
      layers: [LayerVersion.fromLayerVersionArn(this, "WebAdapter", webAdapterLayerArn(stack))],
      paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(
        ParamsAndSecretsVersions.V1_0_103,
        {
          cacheEnabled: true,
          secretsManagerTtl: Duration.seconds(300),
          parameterStoreTtl: Duration.seconds(300),
          logLevel: ParamsAndSecretsLogLevel.WARN,
        },
      ),
      environment: {
        AWS_LAMBDA_EXEC_WRAPPER: "/opt/bootstrap",
        AWS_LWA_INVOKE_MODE: "response_stream",
        AWS_LWA_PORT: PORT,
        // A TCP check: the readiness probe carries no origin header, and needs none.
        AWS_LWA_READINESS_CHECK_PROTOCOL: "tcp",
        PORT,
        HOSTNAME: "127.0.0.1",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        WAYPOINT_AUTH_MODE: "clerk",
        WAYPOINT_API_URL: props.apiUrl,
        ...(props.clerkPublishableKey
          ? { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: props.clerkPublishableKey }
          : {}),
        ...(props.clerkJwtKey ? { CLERK_JWT_KEY: props.clerkJwtKey } : {}),
        // Where the secrets are, never what they are (lambda-start.mjs reads them).
        WAYPOINT_CLERK_SECRET_ARN: this.clerkSecret.secretArn,
        WAYPOINT_ORIGIN_SECRET_ARN: this.originSecret.secretArn,
        WAYPOINT_DASHBOARD_ORIGIN_PARAMETER: originParameterName,
        WAYPOINT_ORIGIN_SECRET_GENERATION: String(props.originSecretGeneration),
      },
    });
    this.clerkSecret.grantRead(this.role);
    this.originSecret.grantRead(this.role);

    this.functionUrl = this.function.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.RESPONSE_STREAM,
    });

    this.bucket = new Bucket(this, "Assets", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: false,
    });

    const staticCache = new CachePolicy(this, "StaticCache", {
      cachePolicyName: `${props.prefix}-dashboard-static`,
      comment: "Content-hashed assets: a year, nothing in the key but the path",
      minTtl: Duration.days(365),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const assets: BehaviorOptions = {
      origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: staticCache,
      compress: true,
    };

    const forwardedHost = new CloudFrontFunction(this, "ForwardedHost", {
      functionName: `${props.prefix}-dashboard-forwarded-host`,
      comment: "The viewer's Host as X-Forwarded-Host (the Function URL origin needs its own Host)",
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(FORWARDED_HOST_FUNCTION),
    });

    const domain = props.domain;
    this.distribution = new Distribution(this, "Distribution", {
      comment: `${props.prefix} dashboard`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(domain
        ? {
            domainNames: [domain.name],
            certificate: Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: new FunctionUrlOrigin(this.functionUrl, {
          customHeaders: {
            // A dynamic reference: CloudFormation resolves it at deploy; the template holds
            // only the secret's ARN.
            [ORIGIN_SECRET_HEADER]: this.originSecret.secretValueFromJson("current").unsafeUnwrap(),
            // Changing the generation updates the distribution, which re-reads the secret.
            "x-waypoint-origin-generation": String(props.originSecretGeneration),
          },
          readTimeout: Duration.seconds(30),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
        functionAssociations: [
          { function: forwardedHost, eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        "/_next/static/*": assets,
        ...Object.fromEntries(publicPaths(props.package.publicDir).map((path) => [path, assets])),
      },
    });
    this.origin = `https://${domain?.name ?? this.distribution.distributionDomainName}`;

    // Written after the distribution exists; the function reads it at start. Readable by
    // this function only (the role's one ssm:GetParameter).
    this.originParameter = new StringParameter(this, "OriginParameter", {
      parameterName: originParameterName,
      description: "The dashboard's origin (its authorized party for Clerk)",
      stringValue: this.origin,
    });
    // By name, not by reference: a reference would make the function wait for the
    // parameter, which waits for the distribution, which waits for the function's URL.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ssm:GetParameter"],
        resources: [
          stack.formatArn({
            service: "ssm",
            resource: "parameter",
            resourceName: originParameterName.slice(1),
          }),
        ],
      }),
    );

    // Hashed files are never removed (prune: false): a page rendered by the previous
    // version still finds its chunks while CloudFront and browsers move over.
    new BucketDeployment(this, "DeployStatic", {
      sources: [Source.asset(props.package.staticDir)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: "_next/static",
      prune: false,
      cacheControl: [CacheControl.fromString(IMMUTABLE_CACHE_CONTROL)],
      memoryLimit: 512,
    });
    if (props.package.publicDir) {
      new BucketDeployment(this, "DeployPublic", {
        sources: [Source.asset(props.package.publicDir)],
        destinationBucket: this.bucket,
        prune: false,
        // Not hashed: an hour, then revalidated.
        cacheControl: [CacheControl.fromString("public, max-age=3600")],
        memoryLimit: 512,
      });
    }

    acknowledgeBucketDeployment(stack);
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions::AwsSolutions-S1",
      reason:
        "Holds only the build's public static files, written by the deploy alone; reads " +
        "come only through CloudFront (OAC), so a bucket access log would repeat nothing new.",
    });
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions::AwsSolutions-CFR1",
      reason:
        "An admin dashboard for a team's users wherever they are: no country is excluded by " +
        "default; every page requires a Clerk session anyway.",
    });
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions::AwsSolutions-CFR2",
      reason:
        "A CloudFront web ACL must live in us-east-1 (this stack is regional) and costs a " +
        "fixed monthly fee; sign-in is Clerk's (its own bot protection), pages need a session, " +
        "and the origin refuses anything that did not come through this distribution.",
    });
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions::AwsSolutions-CFR3",
      reason:
        "Standard logs cost storage for every static hit; the function's own log group has " +
        "every page and action request, and CloudFront's metrics the rest (docs/infra.md).",
    });
    if (!domain) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions::AwsSolutions-CFR4",
        reason:
          "The *.cloudfront.net default certificate cannot set a minimum TLS version; with " +
          "dashboardDomain + dashboardCertificateArn the distribution requires TLSv1.2_2021.",
      });
    }

    // Alarms: the function's 5xx answers (its URL's own metric, what viewers got), its
    // crashes and its throttles.
    notify(
      this,
      new Alarm(this, "ServerErrorsAlarm", {
        alarmName: `${props.prefix}-dashboard-5xx`,
        alarmDescription:
          "The dashboard answered 5xx through its Function URL: pages or server actions fail " +
          "(the API, Clerk or the function itself); see its log group.",
        metric: this.function.metric("Url5xxCount", {
          period: Duration.minutes(5),
          statistic: "Sum",
        }),
        threshold: 5,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
    functionErrorsAlarm(this, this.function, {
      alarmName: `${props.prefix}-dashboard-errors`,
      alarmDescription:
        "The dashboard function crashed or timed out (a failed start: a secret not stored yet?)",
      alarmTopicArn: props.alarmTopicArn,
    });
    functionThrottlesAlarm(this, this.function, {
      alarmName: `${props.prefix}-dashboard-throttles`,
      alarmDescription:
        "The dashboard function was throttled (the account's concurrency is in use): " +
        "viewers get 5xx from CloudFront.",
      alarmTopicArn: props.alarmTopicArn,
    });
  }
}

/**
 * BucketDeployment's handler is CDK's own (one per stack, shared by the deployments): a
 * Python function with the AWS CLI layer, its role and runtime chosen by CDK.
 */
function acknowledgeBucketDeployment(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith("Custom::CDKBucketDeployment")) continue;
    Validations.of(child).acknowledge(
      {
        id: "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason:
          "CDK's BucketDeployment handler writes its logs with the AWS managed basic execution " +
          "policy; the construct offers no role of our own for it.",
      },
      ...[
        "Action::s3:GetBucket*",
        "Action::s3:GetObject*",
        "Action::s3:List*",
        "Action::s3:Abort*",
        "Action::s3:DeleteObject*",
        "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
        "Resource::<DashboardAssets7B461ADD.Arn>/*",
      ].map((finding) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
        reason:
          "CDK's BucketDeployment grant: read the CDK asset bucket's objects, write and list " +
          "this stack's assets bucket only (both buckets named, only objects wildcarded).",
      })),
      {
        id: "AwsSolutions::AwsSolutions-L1",
        reason:
          "CDK's BucketDeployment handler runs the Python runtime CDK pins for it; it runs " +
          "only during a deploy and serves no request.",
      },
    );
  }
}

/** CloudFront path patterns for public/'s top-level entries: a file, or a folder's files. */
export function publicPaths(publicDir: string | undefined): string[] {
  if (!publicDir) return [];
  return readdirSync(publicDir)
    .sort()
    .map((name) => (statSync(join(publicDir, name)).isDirectory() ? `/${name}/*` : `/${name}`));
}
