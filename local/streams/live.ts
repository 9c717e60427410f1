/**
 * The live-updates publisher (lambdas/live), unchanged, fed by DynamoDB Local's stream
 * through the local poller with the deployed mapping's filter patterns, calling the local
 * AppSync's IAM mode with the local stack's internal credential.
 */
import { MILESTONE_CHANGE_PATTERNS } from "../../core/live";
import { createIamGraphQLClient } from "../../lambdas/appsync-iam/client";
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
}

export function startLocalLivePublisher(options: LocalLivePublisherOptions): Promise<StreamPoller> {
  const log = options.log ?? (() => {});
  return startStreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    patterns: MILESTONE_CHANGE_PATTERNS,
    handler: createLivePublisher({
      appsync: createIamGraphQLClient({
        url: options.appsyncUrl,
        region: "local",
        credentials: options.credentials,
      }),
      log,
    }),
    batchSize: 100,
    pollIntervalMs: options.pollIntervalMs ?? 50,
    log,
  });
}
