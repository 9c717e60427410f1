/**
 * The live-updates publisher (lambdas/live), unchanged, fed by DynamoDB Local's stream
 * through the local poller with the deployed mapping's filter patterns, calling the local
 * AppSync's IAM mode with the local stack's internal credential. It publishes milestone
 * changes and ends subscriptions (membership removed or rewritten, org or user deleted);
 * like the mapping, the poller retries a failed record (bounded) and then gives it up.
 */
import { LIVE_UPDATE_PATTERNS } from "../../core/live";
import { createIamGraphQLClient, type IamGraphQLClient } from "../../lambdas/appsync-iam/client";
import type { IamCredentials } from "../../lambdas/appsync-iam/sigv4";
import { createLivePublisher } from "../../lambdas/live/app";
import { startStreamPoller, type StreamPoller } from "./poller";

export interface LocalLivePublisherOptions {
  endpoint: string;
  tableName: string;
  /** The local AppSync's `…/graphql`. */
  appsyncUrl: string;
  credentials: IamCredentials;
  /** @default 50 (the stream poll pause; Lambda's mapping polls about 4 times a second) */
  pollIntervalMs?: number;
  log?: (line: string) => void;
  /** Retries of a failing record before it is given up (the mapping's retryAttempts). @default 5 */
  maxRetries?: number;
  /**
   * Wraps the AppSync client the publisher calls (tests: an AppSync that is down for the
   * first attempt). @default the client itself
   */
  wrapClient?: (client: IamGraphQLClient) => IamGraphQLClient;
}

export function startLocalLivePublisher(options: LocalLivePublisherOptions): Promise<StreamPoller> {
  const log = options.log ?? (() => {});
  const wrap = options.wrapClient ?? ((client: IamGraphQLClient) => client);
  return startStreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    patterns: LIVE_UPDATE_PATTERNS,
    handler: createLivePublisher({
      appsync: wrap(
        createIamGraphQLClient({
          url: options.appsyncUrl,
          region: "local",
          credentials: options.credentials,
        }),
      ),
      log,
    }),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    batchSize: 100,
    pollIntervalMs: options.pollIntervalMs ?? 50,
    log,
  });
}
