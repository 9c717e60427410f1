/**
 * The dashboard of a stage: its construct, packaged from the build the deploy made (or the
 * test fixture), wired to the API stack's endpoint. Deployed after the API (it reads its URL).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { WaypointConfig } from "../config";
import { DashboardSite } from "../constructs/dashboard";
import { packageDashboard } from "../dashboard/package";
import { REPO_ROOT } from "../paths";

/** The stand-in build the infra tests and a synth without a build package. */
export const FIXTURE_BUILD = "infra/testing/fixtures/dashboard-build";

export interface DashboardStackProps extends StackProps {
  config: WaypointConfig;
  apiUrl: string;
}

export class DashboardStack extends Stack {
  readonly site: DashboardSite;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    const { config } = props;
    const build = config.dashboard.build ?? FIXTURE_BUILD;
    // Packaged at synth, outside the repository; the asset is hashed by content.
    const pkg = packageDashboard({
      projectDir: REPO_ROOT,
      distDir: build,
      outDir: join(mkdtempSync(join(tmpdir(), "waypoint-dashboard-")), "package"),
    });
    this.site = new DashboardSite(this, "Dashboard", {
      prefix: config.prefix,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      package: pkg,
      apiUrl: props.apiUrl,
      clerkPublishableKey: config.dashboard.publishableKey,
      clerkJwtKey: config.clerk?.CLERK_JWT_KEY,
      domain: config.dashboard.domain,
      originSecretGeneration: config.dashboard.originSecretGeneration,
      alarmTopicArn: config.alarmTopicArn,
    });
    if (!config.dashboard.build) {
      Annotations.of(this).addWarningV2(
        "waypoint:dashboardFixture",
        "no dashboardBuild: the dashboard is the test fixture (npm run deploy builds the real one)",
      );
    }

    new CfnOutput(this, "DashboardUrl", {
      description: "Open the dashboard here",
      value: this.site.origin,
    });
    new CfnOutput(this, "DistributionDomainName", {
      description: "With a custom domain: its CNAME target",
      value: this.site.distribution.distributionDomainName,
    });
    new CfnOutput(this, "ClerkSecretArn", {
      description: 'Store {"CLERK_SECRET_KEY":"sk_…"} here (aws secretsmanager put-secret-value)',
      value: this.site.clerkSecret.secretArn,
    });
  }
}
