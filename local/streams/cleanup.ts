/**
 * The cleanup Lambda's handler, unchanged, fed by DynamoDB Local's stream through the local
 * poller with the same filter patterns as the deployed event source mapping.
 */
import { CLEANUP_TRIGGER_PATTERNS } from "../../core/cleanup";
import { createCleanupHandler, type CleanupDeps } from "../../lambdas/cleanup/app";
import { createCleanupStore } from "../../lambdas/cleanup/cleanup-store";
import { createDocumentClient } from "../../lambdas/webhook/dynamodb";
import { startStreamPoller, type StreamPoller } from "./poller";

export interface LocalCleanupOptions {
  endpoint: string;
  tableName: string;
  /** Shard positions, so a restart resumes (`npm run dev --persist`, the kill test). */
  checkpointFile?: string;
  /** Per invocation, as the Lambda's timeout. @default 15 min */
  invocationTimeoutMs?: number;
  /** Handler options (page size, concurrency, hand-over reserve). */
  handler?: Omit<CleanupDeps, "store" | "log">;
  log?: (line: string) => void;
}

export function startLocalCleanup(options: LocalCleanupOptions): Promise<StreamPoller> {
  const log = options.log ?? (() => {});
  const handler = createCleanupHandler({
    ...options.handler,
    store: createCleanupStore(createDocumentClient(options.endpoint), options.tableName),
    log,
  });
  return startStreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    patterns: CLEANUP_TRIGGER_PATTERNS,
    handler,
    batchSize: 10,
    ...(options.checkpointFile ? { checkpointFile: options.checkpointFile } : {}),
    ...(options.invocationTimeoutMs ? { invocationTimeoutMs: options.invocationTimeoutMs } : {}),
    log,
  });
}
