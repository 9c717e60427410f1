/**
 * One stage of Waypoint as a CDK app: its three stacks (data, api, dashboard), checked by
 * cdk-nag's AwsSolutions pack.
 * `infra/app.ts` (the CDK CLI's entry) and the tests build it the same way.
 */
import { App, Validations, type AppProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { ApiDefinition } from "../api/resolver-map";
import { bundleApiCode, type ApiCode } from "./api-code";
import { dashboardFunctionName } from "./constructs/dashboard";
import { loadWaypointConfig, type WaypointConfig } from "./config";
import { ApiStack } from "./stacks/api-stack";
import { DashboardStack } from "./stacks/dashboard-stack";
import { DataStack } from "./stacks/data-stack";

export interface WaypointStacks {
  config: WaypointConfig;
  data: DataStack;
  api: ApiStack;
  dashboard: DashboardStack;
}

/** Builds the stage chosen by the app's context into `app`. */
export function buildWaypoint(app: App, api: ApiDefinition, code: ApiCode): WaypointStacks {
  const config = loadWaypointConfig((key) => app.node.tryGetContext(key));
  // Environment-agnostic: the account and region come from the deploying credentials, and
  // nothing is looked up at synth.
  const data = new DataStack(app, `${config.prefix}-data`, {
    config,
    description: `Waypoint ${config.stage}: the DynamoDB table`,
  });
  const apiStack = new ApiStack(app, `${config.prefix}-api`, {
    config,
    table: data.table,
    api,
    code,
    description: `Waypoint ${config.stage}: AppSync API, Lambda authorizer, Clerk webhook`,
  });
  const dashboard = new DashboardStack(app, `${config.prefix}-dashboard`, {
    config,
    apiUrl: apiStack.graphqlApi.graphqlApi.graphqlUrl,
    description: `Waypoint ${config.stage}: the dashboard (Lambda + Web Adapter + CloudFront)`,
  });
  // The stage's one operations view shows the dashboard's server too (by name, so the api stack
  // takes no reference to the dashboard stack); its throttles alarm lives with the dashboard.
  apiStack.operations.addFunction({
    label: "Dashboard",
    functionName: dashboardFunctionName(config.prefix),
    alarmOnThrottles: false,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, data, api: apiStack, dashboard };
}

/** Bundles the API's code, then builds a new app with `props` (context, outdir). */
export async function createWaypointApp(api: ApiDefinition, props: AppProps = {}) {
  const code = await bundleApiCode(api);
  const app = new App(props);
  return { app, code, ...buildWaypoint(app, api, code) };
}
