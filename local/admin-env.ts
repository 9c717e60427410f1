/**
 * The local stack's values for the admin commands in scripts/ (`reconcile`, `migrate`),
 * which read explicit variables only. `npm run reconcile` / `npm run migrate` run them
 * through local/run-admin-command.ts, which adds these to the environment first.
 *
 * All or nothing, decided by what the caller says it targets, so that a production run
 * never picks up half a local configuration:
 * - reconcile: the local stack unless CLERK_SECRET_KEY is set; with it, nothing is supplied
 *   (Clerk, and the TABLE_NAME, region and endpoint given).
 * - migrate: the local stack unless `--aws` is given.
 * In local mode a variable already set wins (DYNAMODB_ENDPOINT for another DynamoDB Local),
 * and the rest come from the same variables as `npm run dev` (ports, table, issuer key).
 */
import { presentVariables, type EnvSource } from "../core/env";
import { loadLocalEnv } from "./config";

export type AdminCommand = "reconcile" | "migrate";

export function isAdminCommand(name: string | undefined): name is AdminCommand {
  return name === "reconcile" || name === "migrate";
}

/** The variables to add to `source` for `command` (an empty object: not the local stack). */
export function localAdminEnv(
  command: AdminCommand,
  source: EnvSource,
  args: readonly string[],
): Record<string, string> {
  const present = presentVariables(source);
  if (command === "reconcile" && present.CLERK_SECRET_KEY !== undefined) return {};
  if (command === "migrate" && args.includes("--aws")) return {};
  const local = loadLocalEnv(source);
  const defaults: Record<string, string> = {
    TABLE_NAME: local.TABLE_NAME,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${local.DYNAMODB_PORT}`,
    ...(command === "reconcile"
      ? {
          // The issuer's Backend API subset, as `npm run dev` serves it.
          CLERK_SECRET_KEY: local.ISSUER_SECRET_KEY,
          CLERK_API_URL: `http://127.0.0.1:${local.ISSUER_PORT}`,
        }
      : {}),
  };
  return Object.fromEntries(
    Object.entries(defaults).filter(([name]) => present[name] === undefined),
  );
}
