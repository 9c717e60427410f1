/**
 * `@aws-appsync/utils/dynamodb` helpers → the request objects of AppSync's DynamoDB
 * resolver reference (GetItem `key`, PutItem `attributeValues`/`condition`, UpdateItem
 * `update: { expression, expressionNames, expressionValues }`, Query `query`/`filter`…),
 * with the built-in modules page's examples as inputs.
 */
import { describe, expect, it } from "vitest";
import * as ddb from "./dynamodb-module";

describe("single-item helpers", () => {
  it("get({ key: { id } }) → GetItem with a typed key", () => {
    expect(ddb.get({ key: { id: "1" } })).toEqual({
      operation: "GetItem",
      key: { id: { S: "1" } },
    });
    expect(
      ddb.get({ key: { id: "1" }, consistentRead: true, projection: ["id", "owner.name"] }),
    ).toEqual({
      operation: "GetItem",
      key: { id: { S: "1" } },
      consistentRead: true,
      projection: {
        expression: "#id, #owner.#name",
        expressionNames: { "#id": "id", "#owner": "owner", "#name": "name" },
      },
    });
  });

  it("put({ key, item, condition }) → PutItem with attributeValues and a condition", () => {
    expect(
      ddb.put({
        key: { id: "t1" },
        item: { title: "New Task", owner: "u1", isComplete: false },
        condition: { id: { attributeExists: false } },
      }),
    ).toEqual({
      operation: "PutItem",
      key: { id: { S: "t1" } },
      attributeValues: {
        title: { S: "New Task" },
        owner: { S: "u1" },
        isComplete: { BOOL: false },
      },
      condition: { expression: "attribute_not_exists(#id)", expressionNames: { "#id": "id" } },
    });
  });

  it("remove({ key, condition }) → DeleteItem", () => {
    expect(ddb.remove({ key: { id: "t1" }, condition: { owner: { eq: "u1" } } })).toEqual({
      operation: "DeleteItem",
      key: { id: { S: "t1" } },
      condition: {
        expression: "#owner = :owner_eq",
        expressionNames: { "#owner": "owner" },
        expressionValues: { ":owner_eq": { S: "u1" } },
      },
    });
  });

  it("update with plain values and every operation", () => {
    const request = ddb.update({
      key: { id: 1 },
      update: {
        title: "t",
        address: ddb.operations.add({ city: "New York" }),
        note: ddb.operations.remove(),
        friendsCount: ddb.operations.increment(10),
        lives: ddb.operations.decrement(),
        tags: ddb.operations.append(["z"]),
        history: ddb.operations.prepend(["a"]),
        slots: ddb.operations.updateListItem("x", 2),
        settings: { theme: "dark" },
      },
      condition: { version: { eq: 3 } },
    });
    expect(request).toEqual({
      operation: "UpdateItem",
      key: { id: { N: 1 } },
      update: {
        expression:
          "SET #title = :title, #address = :address, #tags = list_append(if_not_exists(#tags, :emptyList), :tags), " +
          "#history = list_append(:history, if_not_exists(#history, :emptyList_1)), #slots[2] = :slots, " +
          "#settings.#theme = :settings_theme ADD #friendsCount :friendsCount, #lives :lives REMOVE #note",
        expressionNames: {
          "#title": "title",
          "#address": "address",
          "#note": "note",
          "#friendsCount": "friendsCount",
          "#lives": "lives",
          "#tags": "tags",
          "#history": "history",
          "#slots": "slots",
          "#settings": "settings",
          "#theme": "theme",
        },
        expressionValues: {
          ":title": { S: "t" },
          ":address": { M: { city: { S: "New York" } } },
          ":friendsCount": { N: 10 },
          ":lives": { N: -1 },
          ":emptyList": { L: [] },
          ":tags": { L: [{ S: "z" }] },
          ":history": { L: [{ S: "a" }] },
          ":emptyList_1": { L: [] },
          ":slots": { S: "x" },
          ":settings_theme": { S: "dark" },
        },
      },
      condition: {
        expression: "#version = :version_eq",
        expressionNames: { "#version": "version" },
        expressionValues: { ":version_eq": { N: 3 } },
      },
    });
  });

  it("refuses an empty update and unknown operators", () => {
    expect(() => ddb.update({ key: { id: 1 }, update: {} })).toThrow(/at least one attribute/);
    expect(() => ddb.scan({ filter: { a: { like: "x" } } })).toThrow(/"like"/);
    expect(() => ddb.query({ query: { a: { contains: "x" } } })).toThrow(/unsupported operator/);
  });
});

describe("query and scan", () => {
  it("query with key condition, filter, index, limit, nextToken, order", () => {
    expect(
      ddb.query({
        query: { PK: { eq: "LIST#1" }, SK: { beginsWith: "TODO#" } },
        filter: { done: { eq: false }, title: { contains: "x" } },
        index: "GSI1",
        limit: 10,
        nextToken: "abc",
        scanIndexForward: false,
      }),
    ).toEqual({
      operation: "Query",
      query: {
        expression: "#PK = :PK_eq AND begins_with(#SK, :SK_beginsWith)",
        expressionNames: { "#PK": "PK", "#SK": "SK" },
        expressionValues: { ":PK_eq": { S: "LIST#1" }, ":SK_beginsWith": { S: "TODO#" } },
      },
      index: "GSI1",
      limit: 10,
      nextToken: "abc",
      scanIndexForward: false,
      filter: {
        expression: "(#done = :done_eq) AND (contains(#title, :title_contains))",
        expressionNames: { "#done": "done", "#title": "title" },
        expressionValues: { ":done_eq": { BOOL: false }, ":title_contains": { S: "x" } },
      },
    });
  });

  it("between, in, notContains, attributeType, nested paths, not", () => {
    expect(
      ddb.scan({
        limit: 5,
        filter: {
          n: { between: [1, 5] },
          status: { in: ["A", "B"] },
          not: { tags: { notContains: "x" } },
          address: { city: { attributeType: "string" } },
        },
      }),
    ).toEqual({
      operation: "Scan",
      limit: 5,
      filter: {
        expression:
          "(#n BETWEEN :n_between_0 AND :n_between_1) AND (#status IN (:status_in_0, :status_in_1)) AND " +
          "(NOT (NOT contains(#tags, :tags_notContains))) AND (attribute_type(#address.#city, :address_city_attributeType))",
        expressionNames: {
          "#n": "n",
          "#status": "status",
          "#tags": "tags",
          "#address": "address",
          "#city": "city",
        },
        expressionValues: {
          ":n_between_0": { N: 1 },
          ":n_between_1": { N: 5 },
          ":status_in_0": { S: "A" },
          ":status_in_1": { S: "B" },
          ":tags_notContains": { S: "x" },
          ":address_city_attributeType": { S: "S" },
        },
      },
    });
  });

  it("omits null and absent options (a null nextToken is the first page)", () => {
    expect(ddb.scan({ limit: null, nextToken: null, filter: null })).toEqual({ operation: "Scan" });
  });
});

describe("batch and transaction helpers (the built-in modules page's examples)", () => {
  it("batchGet", () => {
    expect(
      ddb.batchGet({
        tables: { post: { keys: [{ id: "1" }, { id: "2" }], consistentRead: false } },
      }),
    ).toEqual({
      operation: "BatchGetItem",
      tables: { post: { keys: [{ id: { S: "1" } }, { id: { S: "2" } }], consistentRead: false } },
    });
  });

  it("batchPut and batchDelete", () => {
    expect(ddb.batchPut({ tables: { post: [{ id: "one", value: "x" }] } })).toEqual({
      operation: "BatchPutItem",
      tables: { post: [{ id: { S: "one" }, value: { S: "x" } }] },
    });
    expect(ddb.batchDelete({ tables: { post: [{ id: "one" }] } })).toEqual({
      operation: "BatchDeleteItem",
      tables: { post: [{ id: { S: "one" } }] },
    });
  });

  it("transactGet and transactWrite", () => {
    expect(ddb.transactGet({ items: [{ table: "post", key: { id: "1" } }] })).toEqual({
      operation: "TransactGetItems",
      transactItems: [{ table: "post", key: { id: { S: "1" } } }],
    });
    expect(
      ddb.transactWrite({
        items: [
          { putItem: { table: "post", key: { id: "1" }, item: { v: 1 } } },
          { deleteItem: { table: "post", key: { id: "2" } } },
          { updateItem: { table: "post", key: { id: "3" }, update: { v: 2 } } },
          { conditionCheck: { table: "post", key: { id: "4" }, condition: { v: { gt: 0 } } } },
        ],
      }),
    ).toEqual({
      operation: "TransactWriteItems",
      transactItems: [
        {
          table: "post",
          operation: "PutItem",
          key: { id: { S: "1" } },
          attributeValues: { v: { N: 1 } },
        },
        { table: "post", operation: "DeleteItem", key: { id: { S: "2" } } },
        {
          table: "post",
          operation: "UpdateItem",
          key: { id: { S: "3" } },
          update: {
            expression: "SET #v = :v",
            expressionNames: { "#v": "v" },
            expressionValues: { ":v": { N: 2 } },
          },
        },
        {
          table: "post",
          operation: "ConditionCheck",
          key: { id: { S: "4" } },
          condition: {
            expression: "#v > :v_gt",
            expressionNames: { "#v": "v" },
            expressionValues: { ":v_gt": { N: 0 } },
          },
        },
      ],
    });
  });

  it("set helpers", () => {
    expect(ddb.toStringSet(["a", "b"])).toEqual({ SS: ["a", "b"] });
    expect(ddb.toNumberSet([1, 2])).toEqual({ NS: [1, 2] });
    expect(ddb.toBinarySet(["SGVsbG8="])).toEqual({ BS: ["SGVsbG8="] });
  });
});
