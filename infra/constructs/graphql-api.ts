/**
 * The AppSync GraphQL API, built from an API definition (api/resolvers.ts: the one the local
 * AppSync serves) and its bundled code: schema file, data sources, pipeline functions and
 * resolvers, so that a new resolver needs no change here.
 *
 * - Lambda authorization as the default mode (users); AppSync caches an allow for
 *   `resultsCacheTtl`, bounded further per token by the authorizer's `ttlOverride`. IAM as
 *   the additional mode, for the internal mutations only (docs/live-updates.md).
 * - Every resolver and function runs APPSYNC_JS 1.0.0 with the bundle of its file.
 * - The DynamoDB data source's role may do exactly what the bundled code does
 *   (infra/resolver-access.ts), on the table and on each of core's indexes by ARN.
 * - Field-level logs at ERROR without verbose content (which would carry request headers,
 *   the session token among them) into a log group with a retention; X-Ray on.
 */
import { Stack, Validations, type Duration, type RemovalPolicy } from "aws-cdk-lib";
import type { CfnGraphQLApi } from "aws-cdk-lib/aws-appsync";
import {
  AppsyncFunction,
  AuthorizationType,
  BackedDataSource,
  Code,
  Definition,
  FieldLogLevel,
  FunctionRuntime,
  GraphqlApi,
  IntrospectionConfig,
  NoneDataSource,
  Resolver,
  type BackedDataSourceProps,
  type BaseDataSource,
} from "aws-cdk-lib/aws-appsync";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { ApiDefinition, FunctionDefinition } from "../../api/resolver-map";
import { checkApiDefinition } from "../../api/resolver-map";
import type { ApiCode } from "../api-code";
import { dynamoDbActionsOfAll } from "../resolver-access";
import type { TableAccess, WaypointTable } from "./waypoint-table";

/** AppSync refuses resolver or function code over 32 KB. */
const MAX_CODE_LENGTH = 32 * 1024;

export interface WaypointGraphqlApiProps {
  /** `<stage>-waypoint`. */
  prefix: string;
  api: ApiDefinition;
  /** The bundle of every code file the definition names (infra/api-code.ts). */
  code: ApiCode;
  table: WaypointTable;
  authorizer: IFunction;
  /** AppSync's cache of authorizer answers; ≤ 300 s here (AppSync allows 3600). */
  resultsCacheTtl: Duration;
  introspection: boolean;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * A DynamoDB data source whose role gets only what it is granted (the L2
 * DynamoDbDataSource always grants read/write data, Scan included).
 */
class TableDataSource extends BackedDataSource {
  constructor(scope: Construct, id: string, props: BackedDataSourceProps & { tableName: string }) {
    super(scope, id, props, {
      type: "AMAZON_DYNAMODB",
      dynamoDbConfig: { tableName: props.tableName, awsRegion: Stack.of(scope).region },
    });
  }
}

export class WaypointGraphqlApi extends Construct {
  readonly graphqlApi: GraphqlApi;
  readonly logGroup: LogGroup;
  /** What each DynamoDB data source may do, by name: derived from the code it runs. */
  readonly tableAccess: ReadonlyMap<string, TableAccess>;

  constructor(scope: Construct, id: string, props: WaypointGraphqlApiProps) {
    super(scope, id);
    const { api } = props;
    const problems = checkApiDefinition(api);
    if (problems.length) throw new Error(`invalid API definition:\n  ${problems.join("\n  ")}`);
    const ttl = props.resultsCacheTtl.toSeconds();
    if (ttl > 300) throw new Error(`resultsCacheTtl ${ttl}s: at most 300 s`);

    const bundled = (file: string) => {
      const code = props.code.get(file);
      if (code === undefined) throw new Error(`not bundled: ${file}`);
      if (code.length > MAX_CODE_LENGTH) throw new Error(`${file}: bundle over 32 KB`);
      return code;
    };
    const codeOf = (file: string) => Code.fromInline(bundled(file));

    const logsRole = new Role(this, "LogsRole", {
      assumedBy: new ServicePrincipal("appsync.amazonaws.com"),
      description: `${props.prefix} AppSync: writes its own log group`,
    });
    this.graphqlApi = new GraphqlApi(this, "Api", {
      name: props.prefix,
      definition: Definition.fromFile(api.schemaFile),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: AuthorizationType.LAMBDA,
          lambdaAuthorizerConfig: {
            handler: props.authorizer,
            resultsCacheTtl: props.resultsCacheTtl,
          },
        },
        // IAM for the platform's own callers of the internal live-updates mutations
        // (`@aws_iam` only in the schema; each role granted its one field).
        additionalAuthorizationModes: [{ authorizationType: AuthorizationType.IAM }],
      },
      xrayEnabled: true,
      introspectionConfig: props.introspection
        ? IntrospectionConfig.ENABLED
        : IntrospectionConfig.DISABLED,
      environmentVariables: { ...api.environment, TABLE_NAME: props.table.table.tableName },
    });
    // Logging is configured on the L1: the L2's logConfig always adds a log-retention custom
    // resource (a Lambda function and its role) to manage a log group we can simply own.
    // Verbose content stays off: it would put request headers (the session token) and
    // resolver context (members' names and emails, which user.deleted must erase) in logs.
    const cfnApi = this.graphqlApi.node.defaultChild as CfnGraphQLApi;
    cfnApi.logConfig = {
      cloudWatchLogsRoleArn: logsRole.roleArn,
      fieldLogLevel: FieldLogLevel.ERROR,
      excludeVerboseContent: true,
    };
    Validations.of(this.graphqlApi).acknowledge({
      id: "AwsSolutions::AwsSolutions-ASC3",
      reason:
        "Field-level logging is on at ERROR with a role; verbose content is excluded on purpose: " +
        "it would log request headers (session tokens) and resolver context (personal data that " +
        "user.deleted must erase).",
    });
    // AppSync writes to /aws/appsync/apis/<id>: owned here, with a retention.
    this.logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/appsync/apis/${this.graphqlApi.apiId}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup.grantWrite(logsRole);

    // Data sources, each granted what the code that runs on it needs.
    const codeOn = new Map<string, string[]>();
    const addCode = (dataSource: string, file: string) =>
      codeOn.set(dataSource, [...(codeOn.get(dataSource) ?? []), bundled(file)]);
    for (const resolver of api.resolvers) {
      if (resolver.kind === "UNIT") addCode(resolver.dataSource, resolver.code);
      else for (const fn of resolver.functions) addCode(fn.dataSource, fn.code);
    }
    const tableAccess = new Map<string, TableAccess>();
    const dataSources = new Map<string, BaseDataSource>();
    for (const [name, source] of Object.entries(api.dataSources)) {
      if (source.kind === "NONE") {
        dataSources.set(
          name,
          new NoneDataSource(this, `${name}Source`, { api: this.graphqlApi, name }),
        );
        continue;
      }
      const actions = dynamoDbActionsOfAll(codeOn.get(name) ?? []);
      const access: TableAccess = {
        actions,
        // Which index a Query reads is decided at run time (milestones: GSI1/2/3 by sort and
        // filter), so a querying data source may query each of core's indexes, by ARN.
        queryIndexes: actions.includes("dynamodb:Query") ? props.table.indexNames : [],
      };
      const role = new Role(this, `${name}SourceRole`, {
        assumedBy: new ServicePrincipal("appsync.amazonaws.com"),
        description: `${props.prefix} AppSync data source ${name}: the actions its resolvers use`,
      });
      props.table.grant(role, access);
      tableAccess.set(name, access);
      dataSources.set(
        name,
        new TableDataSource(this, `${name}Source`, {
          api: this.graphqlApi,
          name,
          serviceRole: role,
          tableName: props.table.table.tableName,
        }),
      );
    }
    this.tableAccess = tableAccess;
    const sourceOf = (name: string) => {
      const found = dataSources.get(name);
      if (!found) throw new Error(`unknown data source ${name}`);
      return found;
    };

    // Pipeline functions, each once however many resolvers share it.
    const functions = new Map<string, { definition: FunctionDefinition; fn: AppsyncFunction }>();
    const functionFor = (definition: FunctionDefinition) => {
      const existing = functions.get(definition.name);
      if (existing) {
        if (
          existing.definition.code !== definition.code ||
          existing.definition.dataSource !== definition.dataSource
        ) {
          throw new Error(`two pipeline functions named ${definition.name}`);
        }
        return existing.fn;
      }
      const fn = new AppsyncFunction(this, `Function_${definition.name}`, {
        api: this.graphqlApi,
        name: definition.name,
        dataSource: sourceOf(definition.dataSource),
        runtime: FunctionRuntime.JS_1_0_0,
        code: codeOf(definition.code),
      });
      functions.set(definition.name, { definition, fn });
      return fn;
    };

    for (const resolver of api.resolvers) {
      const id = `Resolver_${resolver.typeName}_${resolver.fieldName}`;
      if (resolver.kind === "UNIT") {
        new Resolver(this, id, {
          api: this.graphqlApi,
          typeName: resolver.typeName,
          fieldName: resolver.fieldName,
          dataSource: sourceOf(resolver.dataSource),
          runtime: FunctionRuntime.JS_1_0_0,
          code: codeOf(resolver.code),
        });
      } else {
        new Resolver(this, id, {
          api: this.graphqlApi,
          typeName: resolver.typeName,
          fieldName: resolver.fieldName,
          pipelineConfig: resolver.functions.map(functionFor),
          runtime: FunctionRuntime.JS_1_0_0,
          code: codeOf(resolver.code),
        });
      }
    }
  }
}
