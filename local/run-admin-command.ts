/**
 * `npm run reconcile` and `npm run migrate`: `tsx local/run-admin-command.ts <command> [args]`.
 * Loads `.env` (variables already set win), adds the local stack's values where the command
 * targets it (local/admin-env.ts), then runs scripts/<command>.ts with the remaining args.
 */
import { existsSync } from "node:fs";
import { isAdminCommand, localAdminEnv } from "./admin-env";

const [command, ...args] = process.argv.slice(2);
if (!isAdminCommand(command)) {
  console.error("usage: tsx local/run-admin-command.ts reconcile|migrate [args]");
  process.exit(2);
}
try {
  if (existsSync(".env")) process.loadEnvFile(".env");
  Object.assign(process.env, localAdminEnv(command, process.env, args));
} catch (error) {
  // A configuration mistake (an invalid local variable) deserves its message alone.
  console.error(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// The command parses its own arguments from process.argv.
process.argv = [process.argv[0] ?? "node", `scripts/${command}.ts`, ...args];
await (command === "reconcile" ? import("../scripts/reconcile") : import("../scripts/migrate"));
