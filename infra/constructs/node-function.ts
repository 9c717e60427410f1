/**
 * A Lambda function from one of our TypeScript entry points, with the defaults every Waypoint
 * function shares: Node 24 on ARM64, bundled by the project's own esbuild (never Docker),
 * a log group of its own with a retention, and a role that can write to that log group and
 * nothing else until a construct grants it more.
 */
import { createRequire } from "node:module";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, type ParamsAndSecretsLayerVersion } from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { METRIC_NAMESPACE, type ServiceName } from "../../lambdas/telemetry/names";
import { REPO_ROOT, repoPath } from "../paths";

export interface WaypointFunctionProps {
  /** Entry file, relative to the repository root; it exports `handler`. */
  entry: string;
  functionName: string;
  description: string;
  environment?: Record<string, string>;
  /** @default 10 seconds */
  timeout?: Duration;
  /** @default 256 */
  memorySize?: number;
  /** @default none reserved */
  reservedConcurrentExecutions?: number;
  logRetention: RetentionDays;
  /** Of the log group. */
  removalPolicy: RemovalPolicy;
  /** @default no extension */
  paramsAndSecrets?: ParamsAndSecretsLayerVersion;
  /**
   * A Waypoint Lambda that logs and measures through lambdas/telemetry/ (Powertools): its
   * service name and stage become its Powertools environment (see POWERTOOLS_ENV).
   * @default no Powertools environment
   */
  powertools?: { service: ServiceName; stage: string };
}

/** The log level of every function: INFO (a line per delivery, deny, batch), never DEBUG. */
export const FUNCTION_LOG_LEVEL = "INFO";

/**
 * What Powertools reads (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, LOG_LEVEL)
 * and the `stage` dimension (WAYPOINT_STAGE). The code passes the same service name and
 * namespace (lambdas/telemetry/names.ts); the environment says it to anyone reading the
 * function's configuration, and the infra tests check that the two agree.
 */
export function powertoolsEnvironment(service: ServiceName, stage: string): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: service,
    POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
    LOG_LEVEL: FUNCTION_LOG_LEVEL,
    WAYPOINT_STAGE: stage,
  };
}

/**
 * The runtime every function uses: Node.js 24 LTS, the version the tools and CI run. Named,
 * not `Runtime.NODEJS_LATEST`, so that a CDK upgrade never moves production to a runtime the
 * code was not tested on; esbuild's target follows from it.
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;
const ESBUILD_TARGET = FUNCTION_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, "node$1");

/**
 * esbuild must be installed locally: without it NodejsFunction would fall back to a Docker
 * build, and there is no Docker engine here (nor should a deploy need one).
 */
function assertLocalEsbuild(): void {
  try {
    createRequire(import.meta.url).resolve("esbuild");
  } catch {
    throw new Error("esbuild is not installed: run `npm install` (bundling never uses Docker)");
  }
}

export class WaypointFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WaypointFunctionProps) {
    super(scope, id);
    assertLocalEsbuild();
    this.logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: its own log group only.
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.functionName}: its log group, and what its construct grants`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, "Function", {
      functionName: props.functionName,
      description: props.description,
      entry: repoPath(props.entry),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath("package-lock.json"),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        ...(props.powertools
          ? powertoolsEnvironment(props.powertools.service, props.powertools.stage)
          : {}),
        ...props.environment,
      },
      paramsAndSecrets: props.paramsAndSecrets,
      bundling: {
        // The local esbuild (a dev dependency), never a container.
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: ESBUILD_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The SDK version we test is the one we deploy, not the runtime's.
        bundleAwsSDK: true,
        logLevel: LogLevel.WARNING,
      },
    });
  }
}
