/**
 * Synthesizes one stage in-process, as `npm run synth` does (same cdk.json context, same
 * app builder), into a temporary directory; for the infra tests.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { api } from "../../api/resolvers";
import type { Stage } from "../config";
import { repoPath } from "../paths";
import { createWaypointApp } from "../waypoint";

/** cdk.json's context: feature flags and per-stage settings, exactly as the CLI passes them. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(repoPath("cdk.json"), "utf8")) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; severity: string }[];
    suppressedViolations?: {
      ruleName: string;
      severity: string;
      acknowledgedId: string;
      reason: string;
      violatingConstructs: { constructPath: string }[];
    }[];
  }[];
}

export async function synthStage(stage: Stage, context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), `waypoint-cdk-${stage}-`));
  const built = await createWaypointApp(api, {
    outdir,
    context: { ...cdkJsonContext(), stage, ...context },
  });
  const assembly = built.app.synth();
  const template = (name: string) =>
    Template.fromJSON(assembly.getStackByName(name).template as Record<string, unknown>);
  return {
    ...built,
    assembly,
    dataTemplate: template(built.data.stackName),
    apiTemplate: template(built.api.stackName),
    dashboardTemplate: template(built.dashboard.stackName),
    report: JSON.parse(
      readFileSync(join(assembly.directory, "validation-report.json"), "utf8"),
    ) as ValidationReport,
    /** Removes the cloud assembly (templates, bundles) from the temporary directory. */
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
