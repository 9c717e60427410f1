/**
 * The CDK app (cdk.json: `node --import tsx infra/app.ts`). The stage comes from context:
 * `npm run synth -- -c stage=prod`. Offline: no lookups, no credentials.
 */
import { api } from "../api/resolvers";
import { ConfigError } from "./config";
import { createWaypointApp } from "./waypoint";

try {
  const { app } = await createWaypointApp(api);
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
