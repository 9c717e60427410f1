import { describe, expect, it } from "vitest";
import { bundleAppSyncCode } from "../api/bundle";
import { api } from "../api/resolvers";
import { codeFiles } from "../api/resolver-map";
import { dynamoDbActionsOf, dynamoDbActionsOfAll, UnmappedAccessError } from "./resolver-access";

describe("dynamoDbActionsOf: the permissions APPSYNC_JS code needs", () => {
  it("maps update-expression builders to no action", () => {
    const code = `import { operations, update } from "@aws-appsync/utils/dynamodb";`;
    expect(dynamoDbActionsOf(code)).toEqual(["dynamodb:UpdateItem"]);
    expect(dynamoDbActionsOf(`import { operations } from "@aws-appsync/utils/dynamodb";`)).toEqual(
      [],
    );
  });

  it("maps imported helpers, aliases included", () => {
    const code = `import { get, query as q, batchGet } from "@aws-appsync/utils/dynamodb";
      export function request(ctx) { return get({ key: { PK: "x" } }); }`;
    expect(dynamoDbActionsOf(code)).toEqual([
      "dynamodb:BatchGetItem",
      "dynamodb:GetItem",
      "dynamodb:Query",
    ]);
  });

  it("maps transactWrite by the kinds of element it writes", () => {
    const code = `import { transactWrite } from "@aws-appsync/utils/dynamodb";
      export function request(ctx) {
        return transactWrite({ items: [{ putItem: {} }, { conditionCheck: {} }] });
      }`;
    expect(dynamoDbActionsOf(code)).toEqual(["dynamodb:ConditionCheckItem", "dynamodb:PutItem"]);
  });

  it("maps raw requests by their operation", () => {
    expect(dynamoDbActionsOf(`return { operation: "UpdateItem", key: {} };`)).toEqual([
      "dynamodb:UpdateItem",
    ]);
    expect(dynamoDbActionsOf(`return { operation: 'BatchDeleteItem' };`)).toEqual([
      "dynamodb:BatchWriteItem",
    ]);
  });

  it("refuses what it cannot map rather than granting too little", () => {
    expect(() => dynamoDbActionsOf(`import { sync } from "@aws-appsync/utils/dynamodb";`)).toThrow(
      UnmappedAccessError,
    );
    expect(() => dynamoDbActionsOf(`import * as ddb from "@aws-appsync/utils/dynamodb";`)).toThrow(
      UnmappedAccessError,
    );
    expect(() => dynamoDbActionsOf(`return { operation: "Scan" };`)).toThrow(/"Scan"/);
  });

  it("finds in the product's bundles exactly GetItem, Query, BatchGetItem, PutItem, DeleteItem and UpdateItem (the saved views' counters)", async () => {
    const bundles = await Promise.all(codeFiles(api).map((file) => bundleAppSyncCode(file)));
    expect(dynamoDbActionsOfAll(bundles)).toEqual([
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]);
  });
});
