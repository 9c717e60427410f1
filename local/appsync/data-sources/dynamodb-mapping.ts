/**
 * A parsed AppSync DynamoDB request as the SDK call that carries it out, and the SDK's
 * answer as AppSync's `ctx.result`: pure, so that a unit test can check every field without
 * DynamoDB. `toSdkCall` maps; the call's `run` sends its one command through the `send` it is
 * given (the executor's, which records it) and shapes the answer as AppSync does.
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
  type TransactWriteItem,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import type { DataSourceOutcome } from "../runtime/pipeline";
import { fromAttributeValue, fromItem, toAttributeMap } from "./attribute-values";
import type { DynamoDbRequest, Expression } from "./dynamodb-request";

type Item = Record<string, AttributeValue>;
export type Send = DynamoDBClient["send"];

export interface SdkCall {
  /** AppSync's name of the operation (`BatchPutItem`, not `BatchWriteItem`), for the log. */
  operation: DynamoDbRequest["operation"];
  /** The tables it touches, for the log: the data source's, or each of a batch's. */
  tables: string[];
  /** The SDK command's input. */
  input: object;
  /** Sends the command once through `send`; answers AppSync's outcome, or throws the SDK's error. */
  run(send: Send): Promise<DataSourceOutcome>;
}

export interface MappingContext {
  /** The data source's table (Get/Put/Update/Delete/Query/Scan). */
  tableName: string;
  /** Query/Scan: where the page starts, from a verified `nextToken`. */
  exclusiveStartKey?: Item | undefined;
  /** Query/Scan: the `nextToken` of a LastEvaluatedKey. */
  encodeNextToken: (key: Item) => string;
}

/** One placeholder with two meanings across a request's expressions. */
export class PlaceholderConflictError extends Error {}

/** Names and values of several expressions, merged; one placeholder, one meaning. */
export function mergeExpressions(...expressions: (Expression | undefined)[]) {
  const names: Record<string, string> = {};
  const values: Item = {};
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

const itemOrNull = (item: Item | undefined): DataSourceOutcome => ({
  result: item ? fromItem(item) : null,
});
const projectionOf = (projection: Expression | undefined) =>
  projection
    ? { ProjectionExpression: projection.expression, ...mergeExpressions(projection) }
    : {};
const conditionOf = (condition: Expression | undefined) =>
  condition ? { ConditionExpression: condition.expression, ...mergeExpressions(condition) } : {};

/** The SDK call for a request (throws InvalidTypedValueError/PlaceholderConflictError). */
export function toSdkCall(request: DynamoDbRequest, context: MappingContext): SdkCall {
  const TableName = context.tableName;
  const single = { operation: request.operation, tables: [TableName] };
  switch (request.operation) {
    case "GetItem": {
      const input = {
        TableName,
        Key: toAttributeMap(request.key),
        ConsistentRead: request.consistentRead,
        ...projectionOf(request.projection),
      };
      return {
        ...single,
        input,
        run: async (send) => itemOrNull((await send(new GetItemCommand(input))).Item),
      };
    }
    case "PutItem": {
      const Item = {
        ...toAttributeMap(request.attributeValues ?? {}),
        ...toAttributeMap(request.key),
      };
      const input = {
        TableName,
        Item,
        ...conditionOf(request.condition),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
      };
      return {
        ...single,
        input,
        run: async (send) => {
          try {
            await send(new PutItemCommand(input));
            return { result: fromItem(Item) };
          } catch (error) {
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
        },
      };
    }
    case "UpdateItem": {
      const input = {
        TableName,
        Key: toAttributeMap(request.key),
        UpdateExpression: request.update.expression,
        ...(request.condition ? { ConditionExpression: request.condition.expression } : {}),
        ...mergeExpressions(request.update, request.condition),
        ReturnValues: "ALL_NEW" as const,
        ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
      };
      return {
        ...single,
        input,
        run: async (send) => itemOrNull((await send(new UpdateItemCommand(input))).Attributes),
      };
    }
    case "DeleteItem": {
      const input = {
        TableName,
        Key: toAttributeMap(request.key),
        ...conditionOf(request.condition),
        ReturnValues: "ALL_OLD" as const,
        ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
      };
      return {
        ...single,
        input,
        run: async (send) => itemOrNull((await send(new DeleteItemCommand(input))).Attributes),
      };
    }
    case "Query":
    case "Scan": {
      const common = {
        TableName,
        IndexName: request.index,
        Limit: request.limit,
        ExclusiveStartKey: context.exclusiveStartKey,
        ConsistentRead: request.consistentRead,
        Select: request.select,
        ...(request.filter ? { FilterExpression: request.filter.expression } : {}),
        ...(request.projection ? { ProjectionExpression: request.projection.expression } : {}),
      };
      const page = (out: { Items?: Item[]; LastEvaluatedKey?: Item; ScannedCount?: number }) => ({
        result: {
          items: (out.Items ?? []).map(fromItem),
          nextToken: out.LastEvaluatedKey ? context.encodeNextToken(out.LastEvaluatedKey) : null,
          scannedCount: out.ScannedCount ?? 0,
        },
      });
      if (request.operation === "Query") {
        const input = {
          ...common,
          KeyConditionExpression: request.query.expression,
          ScanIndexForward: request.scanIndexForward,
          ...mergeExpressions(request.query, request.filter, request.projection),
        };
        return { ...single, input, run: async (send) => page(await send(new QueryCommand(input))) };
      }
      const input = {
        ...common,
        TotalSegments: request.totalSegments,
        Segment: request.segment,
        ...mergeExpressions(request.filter, request.projection),
      };
      return { ...single, input, run: async (send) => page(await send(new ScanCommand(input))) };
    }
    case "BatchGetItem": {
      const RequestItems = Object.fromEntries(
        Object.entries(request.tables).map(([name, spec]) => [
          name,
          {
            Keys: spec.keys.map(toAttributeMap),
            ConsistentRead: spec.consistentRead,
            ...projectionOf(spec.projection),
          },
        ]),
      );
      return {
        operation: request.operation,
        tables: Object.keys(RequestItems),
        input: { RequestItems },
        run: async (send) => {
          const out = await send(new BatchGetItemCommand({ RequestItems }));
          const data: Record<string, unknown[]> = {};
          const unprocessedKeys: Record<string, unknown[]> = {};
          for (const [name, spec] of Object.entries(RequestItems)) {
            const found = out.Responses?.[name] ?? [];
            // AppSync answers in the order of the keys, null where an item is missing.
            data[name] = spec.Keys.map((key) => {
              const item = found.find((candidate) => matchesKey(candidate, key));
              return item ? fromItem(item) : null;
            });
            unprocessedKeys[name] = (out.UnprocessedKeys?.[name]?.Keys ?? []).map(fromItem);
          }
          return { result: { data, unprocessedKeys } };
        },
      };
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
      return {
        operation: request.operation,
        tables: Object.keys(RequestItems),
        input: { RequestItems },
        run: async (send) => {
          const out = await send(new BatchWriteItemCommand({ RequestItems }));
          const data: Record<string, unknown[]> = {};
          const unprocessed: Record<string, unknown[]> = {};
          const entryOf = (w: WriteRequest) =>
            fromItem((put ? w.PutRequest?.Item : w.DeleteRequest?.Key) ?? {});
          for (const [name, writes] of Object.entries(RequestItems)) {
            unprocessed[name] = (out.UnprocessedItems?.[name] ?? []).map(entryOf);
            data[name] = writes.map(entryOf);
          }
          return {
            result: put
              ? { data, unprocessedItems: unprocessed }
              : { data, unprocessedKeys: unprocessed },
          };
        },
      };
    }
    case "TransactGetItems": {
      const input = {
        TransactItems: request.transactItems.map((item) => ({
          Get: {
            TableName: item.table,
            Key: toAttributeMap(item.key),
            ...projectionOf(item.projection),
          },
        })),
      };
      return {
        ...single,
        input,
        run: async (send) => {
          const out = await send(new TransactGetItemsCommand(input));
          return {
            result: {
              items: (out.Responses ?? []).map((r) => (r.Item ? fromItem(r.Item) : null)),
              cancellationReasons: null,
            },
          };
        },
      };
    }
    case "TransactWriteItems": {
      const input = { TransactItems: request.transactItems.map(toTransactWriteItem) };
      const keys = request.transactItems.map((item) => fromItem(toAttributeMap(item.key)));
      return {
        ...single,
        input,
        run: async (send) => {
          try {
            await send(new TransactWriteItemsCommand(input));
          } catch (error) {
            if (!(error instanceof TransactionCanceledException)) throw error;
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
          return { result: { keys, cancellationReasons: null } };
        },
      };
    }
  }
}

type TransactWriteRequest = Extract<DynamoDbRequest, { operation: "TransactWriteItems" }>;

function toTransactWriteItem(
  item: TransactWriteRequest["transactItems"][number],
): TransactWriteItem {
  const Key = toAttributeMap(item.key);
  switch (item.operation) {
    case "PutItem":
      return {
        Put: {
          TableName: item.table,
          Item: { ...toAttributeMap(item.attributeValues ?? {}), ...Key },
          ...conditionOf(item.condition),
        },
      };
    case "UpdateItem":
      return {
        Update: {
          TableName: item.table,
          Key,
          UpdateExpression: item.update.expression,
          ...(item.condition ? { ConditionExpression: item.condition.expression } : {}),
          ...mergeExpressions(item.update, item.condition),
        },
      };
    case "DeleteItem":
      return { Delete: { TableName: item.table, Key, ...conditionOf(item.condition) } };
    case "ConditionCheck":
      return {
        ConditionCheck: {
          TableName: item.table,
          Key,
          ConditionExpression: item.condition.expression,
          ...mergeExpressions(item.condition),
        },
      };
  }
}

function matchesKey(item: Item, key: Item): boolean {
  return Object.entries(key).every(([name, value]) => {
    const actual = item[name];
    return (
      actual !== undefined &&
      JSON.stringify(fromAttributeValue(actual)) === JSON.stringify(fromAttributeValue(value))
    );
  });
}

function sameIgnoring(a: Record<string, unknown>, b: Record<string, unknown>, ignore: string[]) {
  const strip = (item: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(item)
        .filter((key) => !ignore.includes(key))
        .sort()
        .map((key) => [key, item[key]]),
    );
  return strip(a) === strip(b);
}
