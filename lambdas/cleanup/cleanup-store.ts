/**
 * The cleanup's one data-access module: Queries on designed keys (key attributes only), and
 * BatchWriteItem deletes. No Scan, no GetItem of anything but keys it was given.
 */
import {
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { toQueryParams, type ItemKey, type QuerySpec } from "../../core/table";

export interface KeyPage {
  keys: ItemKey[];
  /** The Query's LastEvaluatedKey; undefined on the last page. */
  lastKey: Record<string, string> | undefined;
}

export interface CleanupStore {
  /** One page of a designed key, as primary keys. */
  queryKeys(
    spec: QuerySpec,
    options: { consistent: boolean; limit: number; startKey?: Record<string, string> },
  ): Promise<KeyPage>;
  /** Deletes these items (at most 25: one BatchWriteItem), retrying unprocessed ones. */
  deleteBatch(keys: readonly ItemKey[]): Promise<void>;
  /** An unconditional Put (the job item). */
  put(item: Record<string, unknown>): Promise<void>;
}

export const MAX_BATCH = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createCleanupStore(doc: DynamoDBDocumentClient, tableName: string): CleanupStore {
  return {
    async queryKeys(spec, options) {
      const params = toQueryParams(spec);
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          ...params,
          // Key attributes only: the cleanup never needs, and never logs, an item's content.
          ProjectionExpression: "#k0, #k1",
          ExpressionAttributeNames: {
            ...params.ExpressionAttributeNames,
            "#k0": "PK",
            "#k1": "SK",
          },
          Limit: options.limit,
          ...(options.consistent ? { ConsistentRead: true } : {}),
          ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
        }),
      );
      return {
        keys: (page.Items ?? []).map((item) => ({ PK: String(item.PK), SK: String(item.SK) })),
        lastKey: page.LastEvaluatedKey as Record<string, string> | undefined,
      };
    },

    async deleteBatch(keys) {
      if (keys.length > MAX_BATCH) throw new Error(`at most ${MAX_BATCH} deletes per batch`);
      let pending = keys.map((Key) => ({ DeleteRequest: { Key: { PK: Key.PK, SK: Key.SK } } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error("cleanup: deletes left unprocessed after 8 retries");
        if (attempt > 0) await sleep(Math.min(2_000, 50 * 2 ** attempt));
        const result = await doc.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    },

    async put(item) {
      await doc.send(new PutCommand({ TableName: tableName, Item: item }));
    },
  };
}
