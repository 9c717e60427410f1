/**
 * The DynamoDB data source: executes AppSync's DynamoDB request objects against a table
 * (DynamoDB Local in practice) and answers as AppSync does: plain items in `result`, or
 * `error.type` `DynamoDB:<ExceptionName>` for the response handler to handle.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import type { DataSourceOutcome } from "../runtime/pipeline";
import {
  fromAttributeValue,
  fromItem,
  InvalidTypedValueError,
  toAttributeMap,
} from "./attribute-values";
import type { NextTokenCodec } from "./next-token";

const typedMap = z.record(z.string(), z.unknown());
const expression = z.object({
  expression: z.string().min(1),
  expressionNames: z.record(z.string(), z.string()).optional(),
  expressionValues: typedMap.optional(),
});
const condition = expression.extend({ equalsIgnore: z.array(z.string()).optional() });
const projection = expression.pick({ expression: true, expressionNames: true });

const table = z.string().min(3).max(255);
const transactWriteItem = z.discriminatedUnion("operation", [
  z.object({
    table,
    operation: z.literal("PutItem"),
    key: typedMap,
    attributeValues: typedMap.optional(),
    condition: condition.optional(),
  }),
  z.object({
    table,
    operation: z.literal("UpdateItem"),
    key: typedMap,
    update: expression,
    condition: condition.optional(),
  }),
  z.object({
    table,
    operation: z.literal("DeleteItem"),
    key: typedMap,
    condition: condition.optional(),
  }),
  z.object({ table, operation: z.literal("ConditionCheck"), key: typedMap, condition }),
]);

const pageOptions = {
  index: z.string().optional(),
  limit: z.number().int().min(1).optional(),
  nextToken: z.string().optional(),
  consistentRead: z.boolean().optional(),
  select: z.enum(["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES"]).optional(),
  filter: expression.optional(),
  projection: projection.optional(),
};

/** AppSync's DynamoDB request objects (the documented fields Waypoint may use). */
export const dynamoDbRequestSchema = z.discriminatedUnion("operation", [
  z.object({
    operation: z.literal("GetItem"),
    key: typedMap,
    consistentRead: z.boolean().optional(),
    projection: projection.optional(),
  }),
  z.object({
    operation: z.literal("PutItem"),
    key: typedMap,
    attributeValues: typedMap.optional(),
    condition: condition.optional(),
    _version: z.number().optional(),
  }),
  z.object({
    operation: z.literal("UpdateItem"),
    key: typedMap,
    update: expression,
    condition: condition.optional(),
    _version: z.number().optional(),
  }),
  z.object({
    operation: z.literal("DeleteItem"),
    key: typedMap,
    condition: condition.optional(),
    _version: z.number().optional(),
  }),
  z.object({
    operation: z.literal("Query"),
    query: expression,
    scanIndexForward: z.boolean().optional(),
    ...pageOptions,
  }),
  z.object({
    operation: z.literal("Scan"),
    totalSegments: z.number().int().min(1).optional(),
    segment: z.number().int().min(0).optional(),
    ...pageOptions,
  }),
  z.object({
    operation: z.literal("BatchGetItem"),
    tables: z.record(
      table,
      z.object({
        keys: z.array(typedMap).min(1),
        consistentRead: z.boolean().optional(),
        projection: projection.optional(),
      }),
    ),
  }),
  z.object({
    operation: z.literal("BatchPutItem"),
    tables: z.record(table, z.array(typedMap).min(1)),
  }),
  z.object({
    operation: z.literal("BatchDeleteItem"),
    tables: z.record(table, z.array(typedMap).min(1)),
  }),
  z.object({
    operation: z.literal("TransactGetItems"),
    transactItems: z
      .array(z.object({ table, key: typedMap, projection: projection.optional() }))
      .min(1)
      .max(100),
  }),
  z.object({
    operation: z.literal("TransactWriteItems"),
    transactItems: z.array(transactWriteItem).min(1).max(100),
  }),
]);

export type DynamoDbRequest = z.infer<typeof dynamoDbRequestSchema>;

export interface DynamoDbDataSourceOptions {
  client: DynamoDBClient;
  /** The data source's table (Get/Put/Update/Delete/Query/Scan). */
  tableName: string;
  nextTokens: NextTokenCodec;
  /** Called after each DynamoDB call, for the per-operation log and tests. */
  onOperation?: (operation: string, tableName: string) => void;
}

type Expr = z.infer<typeof expression>;

class PlaceholderConflictError extends Error {}

/** Names and values of several expressions, merged; one placeholder, one meaning. */
function merge(...expressions: (Expr | undefined)[]) {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  for (const e of expressions) {
    if (!e) continue;
    for (const [k, v] of Object.entries(e.expressionNames ?? {})) {
      if (names[k] !== undefined && names[k] !== v) throw new PlaceholderConflictError(k);
      names[k] = v;
    }
    for (const [k, v] of Object.entries(toAttributeMap(e.expressionValues ?? {}))) {
      if (values[k] !== undefined && JSON.stringify(values[k]) !== JSON.stringify(v)) {
        throw new PlaceholderConflictError(k);
      }
      values[k] = v;
    }
  }
  return {
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

const INVALID_NEXT_TOKEN = {
  result: null,
  error: { type: "DynamoDB:ValidationException", message: "Invalid nextToken" },
};

/** Creates the data source; `execute` never throws, it answers `{ result, error }`. */
export function createDynamoDbDataSource(options: DynamoDbDataSourceOptions) {
  const { client, nextTokens } = options;
  const TableName = options.tableName;
  const record = (operation: string, tableName = TableName) =>
    options.onOperation?.(operation, tableName);
  const bindingOf = (operation: string, index: string | undefined) =>
    `${operation}:${TableName}:${index ?? ""}`;

  async function run(request: DynamoDbRequest): Promise<DataSourceOutcome> {
    switch (request.operation) {
      case "GetItem": {
        const out = await client.send(
          new GetItemCommand({
            TableName,
            Key: toAttributeMap(request.key),
            ConsistentRead: request.consistentRead,
            ...(request.projection
              ? {
                  ProjectionExpression: request.projection.expression,
                  ...merge(request.projection),
                }
              : {}),
          }),
        );
        record("GetItem");
        return { result: out.Item ? fromItem(out.Item) : null };
      }
      case "PutItem": {
        const Item = {
          ...toAttributeMap(request.attributeValues ?? {}),
          ...toAttributeMap(request.key),
        };
        try {
          await client.send(
            new PutItemCommand({
              TableName,
              Item,
              ...(request.condition
                ? { ConditionExpression: request.condition.expression, ...merge(request.condition) }
                : {}),
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            }),
          );
          record("PutItem");
          return { result: fromItem(Item) };
        } catch (error) {
          record("PutItem");
          if (error instanceof ConditionalCheckFailedException && error.Item) {
            // AppSync: when the item already is exactly what was asked for, the failed
            // condition is not an error (a retried create succeeds).
            const current = fromItem(error.Item);
            if (sameIgnoring(current, fromItem(Item), request.condition?.equalsIgnore ?? [])) {
              return { result: current };
            }
          }
          throw error;
        }
      }
      case "UpdateItem": {
        const out = await client
          .send(
            new UpdateItemCommand({
              TableName,
              Key: toAttributeMap(request.key),
              UpdateExpression: request.update.expression,
              ...(request.condition ? { ConditionExpression: request.condition.expression } : {}),
              ...merge(request.update, request.condition),
              ReturnValues: "ALL_NEW",
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            }),
          )
          .finally(() => record("UpdateItem"));
        return { result: out.Attributes ? fromItem(out.Attributes) : null };
      }
      case "DeleteItem": {
        const out = await client
          .send(
            new DeleteItemCommand({
              TableName,
              Key: toAttributeMap(request.key),
              ...(request.condition
                ? { ConditionExpression: request.condition.expression, ...merge(request.condition) }
                : {}),
              ReturnValues: "ALL_OLD",
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            }),
          )
          .finally(() => record("DeleteItem"));
        return { result: out.Attributes ? fromItem(out.Attributes) : null };
      }
      case "Query":
      case "Scan": {
        const binding = bindingOf(request.operation, request.index);
        let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
        if (request.nextToken !== undefined) {
          const key = nextTokens.decode(request.nextToken, binding);
          if (!key) return INVALID_NEXT_TOKEN;
          ExclusiveStartKey = key as Record<string, AttributeValue>;
        }
        const common = {
          TableName,
          IndexName: request.index,
          Limit: request.limit,
          ExclusiveStartKey,
          ConsistentRead: request.consistentRead,
          Select: request.select,
          ...(request.filter ? { FilterExpression: request.filter.expression } : {}),
          ...(request.projection ? { ProjectionExpression: request.projection.expression } : {}),
        };
        const out =
          request.operation === "Query"
            ? await client
                .send(
                  new QueryCommand({
                    ...common,
                    KeyConditionExpression: request.query.expression,
                    ScanIndexForward: request.scanIndexForward,
                    ...merge(request.query, request.filter, request.projection),
                  }),
                )
                .finally(() => record("Query"))
            : await client
                .send(
                  new ScanCommand({
                    ...common,
                    TotalSegments: request.totalSegments,
                    Segment: request.segment,
                    ...merge(request.filter, request.projection),
                  }),
                )
                .finally(() => record("Scan"));
        return {
          result: {
            items: (out.Items ?? []).map(fromItem),
            nextToken: out.LastEvaluatedKey
              ? nextTokens.encode(out.LastEvaluatedKey, binding)
              : null,
            scannedCount: out.ScannedCount ?? 0,
          },
        };
      }
      case "BatchGetItem": {
        const RequestItems = Object.fromEntries(
          Object.entries(request.tables).map(([name, spec]) => [
            name,
            {
              Keys: spec.keys.map(toAttributeMap),
              ConsistentRead: spec.consistentRead,
              ...(spec.projection
                ? { ProjectionExpression: spec.projection.expression, ...merge(spec.projection) }
                : {}),
            },
          ]),
        );
        const out = await client.send(new BatchGetItemCommand({ RequestItems }));
        for (const name of Object.keys(RequestItems)) record("BatchGetItem", name);
        const data: Record<string, unknown[]> = {};
        const unprocessedKeys: Record<string, unknown[]> = {};
        for (const [name, spec] of Object.entries(RequestItems)) {
          const found = out.Responses?.[name] ?? [];
          const unprocessed = out.UnprocessedKeys?.[name]?.Keys ?? [];
          // AppSync answers in the order of the keys, null where an item is missing.
          data[name] = spec.Keys.map((key) => {
            const item = found.find((candidate) => matchesKey(candidate, key));
            return item ? fromItem(item) : null;
          });
          unprocessedKeys[name] = unprocessed.map(fromItem);
        }
        return { result: { data, unprocessedKeys } };
      }
      case "BatchPutItem":
      case "BatchDeleteItem": {
        const put = request.operation === "BatchPutItem";
        const RequestItems = Object.fromEntries(
          Object.entries(request.tables).map(([name, list]) => [
            name,
            list.map((entry) =>
              put
                ? { PutRequest: { Item: toAttributeMap(entry) } }
                : { DeleteRequest: { Key: toAttributeMap(entry) } },
            ),
          ]),
        );
        const out = await client.send(new BatchWriteItemCommand({ RequestItems }));
        for (const name of Object.keys(RequestItems)) record(request.operation, name);
        const data: Record<string, unknown[]> = {};
        const unprocessed: Record<string, unknown[]> = {};
        for (const [name, list] of Object.entries(request.tables)) {
          const left = out.UnprocessedItems?.[name] ?? [];
          unprocessed[name] = left.map((w) =>
            fromItem((put ? w.PutRequest?.Item : w.DeleteRequest?.Key) ?? {}),
          );
          data[name] = list.map((entry) => fromItem(toAttributeMap(entry)));
        }
        return {
          result: put
            ? { data, unprocessedItems: unprocessed }
            : { data, unprocessedKeys: unprocessed },
        };
      }
      case "TransactGetItems": {
        const out = await client
          .send(
            new TransactGetItemsCommand({
              TransactItems: request.transactItems.map((item) => ({
                Get: {
                  TableName: item.table,
                  Key: toAttributeMap(item.key),
                  ...(item.projection
                    ? {
                        ProjectionExpression: item.projection.expression,
                        ...merge(item.projection),
                      }
                    : {}),
                },
              })),
            }),
          )
          .finally(() => record("TransactGetItems"));
        return {
          result: {
            items: (out.Responses ?? []).map((r) => (r.Item ? fromItem(r.Item) : null)),
            cancellationReasons: null,
          },
        };
      }
      case "TransactWriteItems": {
        const TransactItems = request.transactItems.map((item) => {
          const Key = toAttributeMap(item.key);
          const cond = item.condition
            ? { ConditionExpression: item.condition.expression, ...merge(item.condition) }
            : {};
          switch (item.operation) {
            case "PutItem":
              return {
                Put: {
                  TableName: item.table,
                  Item: { ...toAttributeMap(item.attributeValues ?? {}), ...Key },
                  ...cond,
                },
              };
            case "UpdateItem":
              return {
                Update: {
                  TableName: item.table,
                  Key,
                  UpdateExpression: item.update.expression,
                  ...(item.condition ? { ConditionExpression: item.condition.expression } : {}),
                  ...merge(item.update, item.condition),
                },
              };
            case "DeleteItem":
              return { Delete: { TableName: item.table, Key, ...cond } };
            case "ConditionCheck":
              return {
                ConditionCheck: {
                  TableName: item.table,
                  Key,
                  ConditionExpression: item.condition.expression,
                  ...merge(item.condition),
                },
              };
          }
        });
        try {
          await client.send(new TransactWriteItemsCommand({ TransactItems }));
        } catch (error) {
          if (error instanceof TransactionCanceledException) {
            return {
              result: {
                keys: null,
                cancellationReasons: (error.CancellationReasons ?? []).map((reason) => ({
                  type: reason.Code ?? "None",
                  message: reason.Message ?? "",
                })),
              },
              error: {
                type: "DynamoDB:TransactionCanceledException",
                message: "Transaction cancelled",
              },
            };
          }
          throw error;
        } finally {
          record("TransactWriteItems");
        }
        return {
          result: {
            keys: request.transactItems.map((item) => fromItem(toAttributeMap(item.key))),
            cancellationReasons: null,
          },
        };
      }
    }
  }

  return {
    /** Runs one request object; never throws. */
    async execute(request: unknown): Promise<DataSourceOutcome> {
      const parsed = dynamoDbRequestSchema.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          result: null,
          error: {
            type: "MappingTemplate",
            message: `Invalid DynamoDB request: ${issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : "malformed"}`,
          },
        };
      }
      try {
        return await run(parsed.data);
      } catch (error) {
        return toOutcome(error);
      }
    },
  };
}

function matchesKey(
  item: Record<string, AttributeValue>,
  key: Record<string, AttributeValue>,
): boolean {
  return Object.entries(key).every(([name, value]) => {
    const actual = item[name];
    return (
      actual !== undefined &&
      JSON.stringify(fromAttributeValue(actual)) === JSON.stringify(fromAttributeValue(value))
    );
  });
}

function sameIgnoring(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  ignore: string[],
): boolean {
  const strip = (item: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(item)
        .filter((key) => !ignore.includes(key))
        .sort()
        .map((key) => [key, item[key]]),
    );
  return strip(a) === strip(b);
}

/** An SDK error as AppSync reports it: `DynamoDB:<name>`, DynamoDB's own message. */
function toOutcome(error: unknown): DataSourceOutcome {
  if (error instanceof ConditionalCheckFailedException) {
    return {
      // The item as it is now, when DynamoDB returned it: AppSync puts it in ctx.result.
      result: error.Item ? fromItem(error.Item) : null,
      error: {
        type: "DynamoDB:ConditionalCheckFailedException",
        message: "The conditional request failed",
      },
    };
  }
  if (error instanceof InvalidTypedValueError || error instanceof PlaceholderConflictError) {
    const message =
      error instanceof PlaceholderConflictError
        ? `placeholder ${error.message} has two meanings`
        : error.message;
    return {
      result: null,
      error: { type: "MappingTemplate", message: `Invalid DynamoDB request: ${message}` },
    };
  }
  const named = error as { name?: unknown; message?: unknown; $metadata?: unknown } | null;
  if (named && typeof named.name === "string" && named.$metadata !== undefined) {
    // A service error: its name and DynamoDB's message (no secret in either).
    return {
      result: null,
      error: {
        type: `DynamoDB:${named.name}`,
        message: typeof named.message === "string" ? named.message : named.name,
      },
    };
  }
  return {
    result: null,
    error: { type: "DynamoDB:DynamoDbException", message: "DynamoDB request failed" },
  };
}
