/**
 * The local cleanup as a process of its own (`node --import tsx local/streams/cleanup-worker.ts`):
 * what the kill-and-restart test SIGKILLs mid-way. `npm run dev` runs the same in-process.
 */
import { z } from "zod";
import { startLocalCleanup } from "./cleanup";

const env = z
  .object({
    DYNAMODB_ENDPOINT: z.url(),
    TABLE_NAME: z.string().min(3).max(255),
    CLEANUP_CHECKPOINT_FILE: z.string().min(1),
    CLEANUP_INVOCATION_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
    CLEANUP_RESERVE_MS: z.coerce.number().int().nonnegative().optional(),
  })
  .parse(process.env);

const poller = await startLocalCleanup({
  endpoint: env.DYNAMODB_ENDPOINT,
  tableName: env.TABLE_NAME,
  checkpointFile: env.CLEANUP_CHECKPOINT_FILE,
  ...(env.CLEANUP_INVOCATION_TIMEOUT_MS
    ? { invocationTimeoutMs: env.CLEANUP_INVOCATION_TIMEOUT_MS }
    : {}),
  ...(env.CLEANUP_RESERVE_MS !== undefined
    ? { handler: { reserveMs: env.CLEANUP_RESERVE_MS } }
    : {}),
  log: (line) => console.log(line),
});
console.log("cleanup worker ready");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void poller.stop().then(() => process.exit(0));
  });
}
