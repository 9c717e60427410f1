/**
 * The pure half of the DynamoDB data source, without DynamoDB: each AppSync request object
 * as the SDK input it becomes, and each SDK answer as the `ctx.result` AppSync gives.
 * (dynamodb.int.test.ts runs the same requests against DynamoDB Local.)
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { InvalidTypedValueError } from "./attribute-values";
import {
  PlaceholderConflictError,
  toSdkCall,
  type MappingContext,
  type Send,
} from "./dynamodb-mapping";
import { dynamoDbRequestSchema } from "./dynamodb-request";

const TABLE = "waypoint-test";
const context: MappingContext = {
  tableName: TABLE,
  encodeNextToken: (key) => `token:${JSON.stringify(key)}`,
};
const callOf = (request: unknown, extra: Partial<MappingContext> = {}) =>
  toSdkCall(dynamoDbRequestSchema.parse(request), { ...context, ...extra });

/** A `send` that answers `output` once and keeps the command it was given. */
function answering(output: unknown) {
  const sent: unknown[] = [];
  const send = ((command: unknown) => {
    sent.push(command);
    return Promise.resolve(output);
  }) as Send;
  return { send, sent };
}
function failing(error: Error) {
  return (() => Promise.reject(error)) as Send;
}

const KEY = { PK: { S: "ORG#1" }, SK: { S: "M#1" } };
const SDK_KEY = { PK: { S: "ORG#1" }, SK: { S: "M#1" } };

describe("toSdkCall: AppSync's request objects as SDK input", () => {
  it("GetItem: the key, consistency and projection with its names", () => {
    const call = callOf({
      operation: "GetItem",
      key: KEY,
      consistentRead: true,
      projection: { expression: "#n, version", expressionNames: { "#n": "name" } },
    });
    expect(call).toMatchObject({ operation: "GetItem", tables: [TABLE] });
    expect(call.input).toEqual({
      TableName: TABLE,
      Key: SDK_KEY,
      ConsistentRead: true,
      ProjectionExpression: "#n, version",
      ExpressionAttributeNames: { "#n": "name" },
    });
  });

  it("PutItem: the item is the attribute values with the key on top; the condition merged", () => {
    const call = callOf({
      operation: "PutItem",
      key: KEY,
      attributeValues: { PK: { S: "overridden" }, count: { N: 3 }, tags: { SS: ["a"] } },
      condition: {
        expression: "attribute_not_exists(#pk) OR #v = :v",
        expressionNames: { "#pk": "PK", "#v": "version" },
        expressionValues: { ":v": { N: 2 } },
      },
    });
    expect(call.input).toEqual({
      TableName: TABLE,
      Item: { ...SDK_KEY, count: { N: "3" }, tags: { SS: ["a"] } },
      ConditionExpression: "attribute_not_exists(#pk) OR #v = :v",
      ExpressionAttributeNames: { "#pk": "PK", "#v": "version" },
      ExpressionAttributeValues: { ":v": { N: "2" } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("UpdateItem: update and condition share one set of placeholders", () => {
    const call = callOf({
      operation: "UpdateItem",
      key: KEY,
      update: {
        expression: "SET #v = :next",
        expressionNames: { "#v": "version" },
        expressionValues: { ":next": { N: 3 } },
      },
      condition: {
        expression: "#v = :prev",
        expressionNames: { "#v": "version" },
        expressionValues: { ":prev": { N: 2 } },
      },
    });
    expect(call.input).toEqual({
      TableName: TABLE,
      Key: SDK_KEY,
      UpdateExpression: "SET #v = :next",
      ConditionExpression: "#v = :prev",
      ExpressionAttributeNames: { "#v": "version" },
      ExpressionAttributeValues: { ":next": { N: "3" }, ":prev": { N: "2" } },
      ReturnValues: "ALL_NEW",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("refuses one placeholder with two meanings, and a typed value of no DynamoDB type", () => {
    const conflicting = {
      operation: "UpdateItem",
      key: KEY,
      update: { expression: "SET a = :x", expressionValues: { ":x": { N: 1 } } },
      condition: { expression: "b = :x", expressionValues: { ":x": { N: 2 } } },
    };
    expect(() => callOf(conflicting)).toThrow(PlaceholderConflictError);
    expect(() => callOf({ operation: "GetItem", key: { PK: { X: "?" } } })).toThrow(
      InvalidTypedValueError,
    );
  });

  it("DeleteItem: returns the old item, on success and on a failed condition", () => {
    expect(callOf({ operation: "DeleteItem", key: KEY }).input).toEqual({
      TableName: TABLE,
      Key: SDK_KEY,
      ReturnValues: "ALL_OLD",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("Query: index, order, page start, filter and projection, placeholders of all three", () => {
    const start = { PK: { S: "ORG#1" }, SK: { S: "M#5" } };
    const call = callOf(
      {
        operation: "Query",
        index: "GSI1",
        scanIndexForward: false,
        limit: 20,
        query: {
          expression: "#pk = :pk",
          expressionNames: { "#pk": "GSI1PK" },
          expressionValues: { ":pk": { S: "ORG#1" } },
        },
        filter: {
          expression: "#s = :s",
          expressionNames: { "#s": "status" },
          expressionValues: { ":s": { S: "open" } },
        },
        projection: { expression: "#t", expressionNames: { "#t": "title" } },
      },
      { exclusiveStartKey: start },
    );
    expect(call).toMatchObject({ operation: "Query", tables: [TABLE] });
    expect(call.input).toEqual({
      TableName: TABLE,
      IndexName: "GSI1",
      Limit: 20,
      ExclusiveStartKey: start,
      ConsistentRead: undefined,
      Select: undefined,
      KeyConditionExpression: "#pk = :pk",
      ScanIndexForward: false,
      FilterExpression: "#s = :s",
      ProjectionExpression: "#t",
      ExpressionAttributeNames: { "#pk": "GSI1PK", "#s": "status", "#t": "title" },
      ExpressionAttributeValues: { ":pk": { S: "ORG#1" }, ":s": { S: "open" } },
    });
  });

  it("Scan is an operation of its own (so the log can prove no resolver uses it)", () => {
    const call = callOf({ operation: "Scan", totalSegments: 2, segment: 1 });
    expect(call.operation).toBe("Scan");
    expect(call.input).toMatchObject({ TableName: TABLE, TotalSegments: 2, Segment: 1 });
  });

  it("batches name their own tables, which the log records one by one", () => {
    const get = callOf({
      operation: "BatchGetItem",
      tables: { users: { keys: [KEY], consistentRead: true }, orgs: { keys: [KEY] } },
    });
    expect(get.tables).toEqual(["users", "orgs"]);
    expect(get.input).toEqual({
      RequestItems: {
        users: { Keys: [SDK_KEY], ConsistentRead: true },
        orgs: { Keys: [SDK_KEY], ConsistentRead: undefined },
      },
    });
    const put = callOf({ operation: "BatchPutItem", tables: { users: [KEY] } });
    expect(put).toMatchObject({ operation: "BatchPutItem", tables: ["users"] });
    expect(put.input).toEqual({ RequestItems: { users: [{ PutRequest: { Item: SDK_KEY } }] } });
    const remove = callOf({ operation: "BatchDeleteItem", tables: { users: [KEY] } });
    expect(remove).toMatchObject({ operation: "BatchDeleteItem", tables: ["users"] });
    expect(remove.input).toEqual({
      RequestItems: { users: [{ DeleteRequest: { Key: SDK_KEY } }] },
    });
  });

  it("TransactWriteItems: each kind of item, on its own table", () => {
    const call = callOf({
      operation: "TransactWriteItems",
      transactItems: [
        { table: "table-a", operation: "PutItem", key: KEY, attributeValues: { v: { N: 1 } } },
        {
          table: "table-b",
          operation: "UpdateItem",
          key: KEY,
          update: { expression: "SET v = :v", expressionValues: { ":v": { N: 2 } } },
        },
        { table: "table-c", operation: "DeleteItem", key: KEY },
        {
          table: "table-d",
          operation: "ConditionCheck",
          key: KEY,
          condition: { expression: "attribute_exists(PK)" },
        },
      ],
    });
    expect(call.input).toEqual({
      TransactItems: [
        { Put: { TableName: "table-a", Item: { v: { N: "1" }, ...SDK_KEY } } },
        {
          Update: {
            TableName: "table-b",
            Key: SDK_KEY,
            UpdateExpression: "SET v = :v",
            ExpressionAttributeValues: { ":v": { N: "2" } },
          },
        },
        { Delete: { TableName: "table-c", Key: SDK_KEY } },
        {
          ConditionCheck: {
            TableName: "table-d",
            Key: SDK_KEY,
            ConditionExpression: "attribute_exists(PK)",
          },
        },
      ],
    });
  });
});

describe("run: one command sent, the answer shaped as AppSync's", () => {
  it("GetItem sends one GetItemCommand of exactly the input; a missing item is null", async () => {
    const call = callOf({ operation: "GetItem", key: KEY });
    const { send, sent } = answering({});
    expect(await call.run(send)).toEqual({ result: null });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(GetItemCommand);
    expect((sent[0] as GetItemCommand).input).toEqual(call.input);
    const found = answering({ Item: { ...SDK_KEY, n: { N: "7" }, s: { NS: ["1", "2"] } } });
    expect(await call.run(found.send)).toEqual({
      result: { PK: "ORG#1", SK: "M#1", n: 7, s: [1, 2] },
    });
  });

  it("PutItem answers the item written; a failed condition on an identical item is success", async () => {
    const request = {
      operation: "PutItem",
      key: KEY,
      attributeValues: { v: { N: 1 }, at: { N: 5 } },
      condition: { expression: "attribute_not_exists(PK)", equalsIgnore: ["at"] },
    };
    const { send, sent } = answering({});
    expect(await callOf(request).run(send)).toEqual({
      result: { PK: "ORG#1", SK: "M#1", v: 1, at: 5 },
    });
    expect(sent[0]).toBeInstanceOf(PutItemCommand);
    const failed = (Item: Record<string, { N: string } | { S: string }>) =>
      new ConditionalCheckFailedException({ message: "failed", $metadata: {}, Item });
    const same = { ...SDK_KEY, v: { N: "1" }, at: { N: "4" } };
    expect(await callOf(request).run(failing(failed(same)))).toEqual({
      result: { PK: "ORG#1", SK: "M#1", v: 1, at: 4 },
    });
    const other = failed({ ...SDK_KEY, v: { N: "2" } });
    await expect(callOf(request).run(failing(other))).rejects.toBe(other);
  });

  it("Query pages: items, a nextToken from the last key, the scanned count", async () => {
    const call = callOf({
      operation: "Query",
      query: { expression: "PK = :p", expressionValues: { ":p": { S: "x" } } },
    });
    const { send, sent } = answering({
      Items: [{ ...SDK_KEY, n: { N: "1" } }],
      LastEvaluatedKey: SDK_KEY,
      ScannedCount: 3,
    });
    expect(await call.run(send)).toEqual({
      result: {
        items: [{ PK: "ORG#1", SK: "M#1", n: 1 }],
        nextToken: `token:${JSON.stringify(SDK_KEY)}`,
        scannedCount: 3,
      },
    });
    expect(sent[0]).toBeInstanceOf(QueryCommand);
    expect(await call.run(answering({}).send)).toEqual({
      result: { items: [], nextToken: null, scannedCount: 0 },
    });
  });

  it("BatchGetItem answers in the order of the keys, null where missing, and the unprocessed", async () => {
    const other = { PK: { S: "ORG#1" }, SK: { S: "M#2" } };
    const third = { PK: { S: "ORG#1" }, SK: { S: "M#3" } };
    const call = callOf({
      operation: "BatchGetItem",
      tables: { "table-t": { keys: [other, KEY, third] } },
    });
    const { send, sent } = answering({
      Responses: {
        "table-t": [
          { ...SDK_KEY, v: { N: "1" } },
          { ...other, v: { N: "2" } },
        ],
      },
      UnprocessedKeys: { "table-t": { Keys: [third] } },
    });
    expect(await call.run(send)).toEqual({
      result: {
        data: {
          "table-t": [{ PK: "ORG#1", SK: "M#2", v: 2 }, { PK: "ORG#1", SK: "M#1", v: 1 }, null],
        },
        unprocessedKeys: { "table-t": [{ PK: "ORG#1", SK: "M#3" }] },
      },
    });
    expect(sent[0]).toBeInstanceOf(BatchGetItemCommand);
  });

  it("batch writes answer what was asked and what is left, as items or keys", async () => {
    const left = answering({
      UnprocessedItems: { "table-t": [{ PutRequest: { Item: SDK_KEY } }] },
    });
    expect(
      await callOf({ operation: "BatchPutItem", tables: { "table-t": [KEY] } }).run(left.send),
    ).toEqual({
      result: {
        data: { "table-t": [{ PK: "ORG#1", SK: "M#1" }] },
        unprocessedItems: { "table-t": [{ PK: "ORG#1", SK: "M#1" }] },
      },
    });
    expect(left.sent[0]).toBeInstanceOf(BatchWriteItemCommand);
    const done = answering({});
    expect(
      await callOf({ operation: "BatchDeleteItem", tables: { "table-t": [KEY] } }).run(done.send),
    ).toEqual({
      result: {
        data: { "table-t": [{ PK: "ORG#1", SK: "M#1" }] },
        unprocessedKeys: { "table-t": [] },
      },
    });
  });

  it("TransactWriteItems answers the keys, or the cancellation reasons with a typed error", async () => {
    const call = callOf({
      operation: "TransactWriteItems",
      transactItems: [
        { table: "table-a", operation: "PutItem", key: KEY, attributeValues: { v: { N: 1 } } },
        { table: "table-a", operation: "DeleteItem", key: { PK: { S: "X" }, SK: { S: "Y" } } },
      ],
    });
    const { send, sent } = answering({});
    expect(await call.run(send)).toEqual({
      result: {
        keys: [
          { PK: "ORG#1", SK: "M#1" },
          { PK: "X", SK: "Y" },
        ],
        cancellationReasons: null,
      },
    });
    expect(sent[0]).toBeInstanceOf(TransactWriteItemsCommand);
    const cancelled = new TransactionCanceledException({
      message: "cancelled",
      $metadata: {},
      CancellationReasons: [
        { Code: "None" },
        { Code: "ConditionalCheckFailed", Message: "failed" },
      ],
    });
    expect(await call.run(failing(cancelled))).toEqual({
      result: {
        keys: null,
        cancellationReasons: [
          { type: "None", message: "" },
          { type: "ConditionalCheckFailed", message: "failed" },
        ],
      },
      error: { type: "DynamoDB:TransactionCanceledException", message: "Transaction cancelled" },
    });
    const other = new Error("network");
    await expect(call.run(failing(other))).rejects.toBe(other);
  });
});
