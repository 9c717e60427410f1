/**
 * The DynamoDB data source on DynamoDB Local, fed by the `@aws-appsync/utils/dynamodb`
 * helpers: every request object AppSync documents, and AppSync's answers and errors.
 */
import { createServer } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable } from "../../testing/dynamodb";
import * as ddb from "../runtime/dynamodb-module";
import { createDynamoDbDataSource } from "./dynamodb";
import { createNextTokenCodec } from "./next-token";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let source: ReturnType<typeof createDynamoDbDataSource>;
const operations: string[] = [];

beforeAll(async () => {
  table = await createTestTable("appsync-ds");
  source = createDynamoDbDataSource({
    client: table.client,
    tableName: table.tableName,
    nextTokens: createNextTokenCodec(),
    onOperation: (operation) => operations.push(operation),
  });
});
afterAll(async () => {
  await table.drop();
});

const key = (pk: string, sk: string) => ({ PK: pk, SK: sk });
const run = (request: unknown) => source.execute(request);

describe("the DynamoDB data source", () => {
  it("batch-puts, transact-gets, batch-deletes", async () => {
    const items = [1, 2, 3].map((n) => ({ ...key("B", `I#${n}`), n, tags: ["x"] }));
    const put = await run(ddb.batchPut({ tables: { [table.tableName]: items } }));
    expect(put).toEqual({
      result: { data: { [table.tableName]: items }, unprocessedItems: { [table.tableName]: [] } },
    });

    const got = await run(
      ddb.transactGet({
        items: [
          { table: table.tableName, key: key("B", "I#2"), projection: ["n"] },
          { table: table.tableName, key: key("B", "I#9") },
        ],
      }),
    );
    expect(got).toEqual({ result: { items: [{ n: 2 }, null], cancellationReasons: null } });

    const deleted = await run(
      ddb.batchDelete({ tables: { [table.tableName]: [key("B", "I#1"), key("B", "I#3")] } }),
    );
    expect(deleted.error).toBeUndefined();
    const left = await run(ddb.query({ query: { PK: { eq: "B" } }, consistentRead: true }));
    expect((left.result as { items: unknown[] }).items).toEqual([
      { ...key("B", "I#2"), n: 2, tags: ["x"] },
    ]);
  });

  it("updates with operations and conditions; deletes with a condition", async () => {
    await run(
      ddb.put({
        key: key("U", "1"),
        item: { count: 1, list: ["b"], note: "x", nested: { a: 1, b: 2 } },
      }),
    );
    const updated = await run(
      ddb.update({
        key: key("U", "1"),
        update: {
          count: ddb.operations.increment(4),
          list: ddb.operations.append(["c"]),
          note: ddb.operations.remove(),
          nested: { b: 3 },
        },
        condition: { count: { between: [0, 2] } },
      }),
    );
    expect(updated).toEqual({
      result: { ...key("U", "1"), count: 5, list: ["b", "c"], nested: { a: 1, b: 3 } },
    });

    const refused = await run(ddb.remove({ key: key("U", "1"), condition: { count: { lt: 5 } } }));
    expect(refused).toEqual({
      result: { ...key("U", "1"), count: 5, list: ["b", "c"], nested: { a: 1, b: 3 } },
      error: {
        type: "DynamoDB:ConditionalCheckFailedException",
        message: "The conditional request failed",
      },
    });
    expect(
      await run(ddb.remove({ key: key("U", "1"), condition: { count: { eq: 5 } } })),
    ).toMatchObject({
      result: { count: 5 },
    });
    expect(await run(ddb.get({ key: key("U", "1"), consistentRead: true }))).toEqual({
      result: null,
    });
  });

  it("runs a transaction of put, update, delete and condition check, all or nothing", async () => {
    await run(ddb.put({ key: key("T", "keep"), item: { v: 1 } }));
    await run(ddb.put({ key: key("T", "gone"), item: { v: 1 } }));
    // DynamoDB allows one operation per item in a transaction: the check is on its own item.
    await run(ddb.put({ key: key("T", "guard"), item: { v: 1 } }));
    const write = (guard: number) =>
      ddb.transactWrite({
        items: [
          { putItem: { table: table.tableName, key: key("T", "new"), item: { v: 1 } } },
          { updateItem: { table: table.tableName, key: key("T", "keep"), update: { v: 2 } } },
          { deleteItem: { table: table.tableName, key: key("T", "gone") } },
          {
            conditionCheck: {
              table: table.tableName,
              key: key("T", "guard"),
              condition: { v: { eq: guard } },
            },
          },
        ],
      });
    const failed = await run(write(99));
    expect(failed.error).toEqual({
      type: "DynamoDB:TransactionCanceledException",
      message: "Transaction cancelled",
    });
    expect(failed.result).toMatchObject({
      keys: null,
      cancellationReasons: [
        { type: "None" },
        { type: "None" },
        { type: "None" },
        { type: "ConditionalCheckFailed" },
      ],
    });
    expect(await run(ddb.get({ key: key("T", "new"), consistentRead: true }))).toEqual({
      result: null,
    });

    const ok = await run(write(1));
    expect(ok).toEqual({
      result: {
        keys: [key("T", "new"), key("T", "keep"), key("T", "gone"), key("T", "guard")],
        cancellationReasons: null,
      },
    });
    expect(await run(ddb.get({ key: key("T", "keep"), consistentRead: true }))).toEqual({
      result: { ...key("T", "keep"), v: 2 },
    });
    expect(await run(ddb.get({ key: key("T", "gone"), consistentRead: true }))).toEqual({
      result: null,
    });
  });

  it("queries an index newest first and pages; a token only works where it came from", async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      await run(
        ddb.put({
          key: key("Q", `I#${n}`),
          item: { GSI1PK: "Q-LIST", GSI1SK: `2026-01-0${n}`, n },
        }),
      );
    }
    const request = (nextToken?: string) =>
      ddb.query({
        query: { GSI1PK: { eq: "Q-LIST" } },
        index: "GSI1",
        scanIndexForward: false,
        limit: 2,
        nextToken,
      });
    const first = (await run(request())).result as { items: { n: number }[]; nextToken: string };
    expect(first.items.map((i) => i.n)).toEqual([5, 4]);
    const second = (await run(request(first.nextToken))).result as { items: { n: number }[] };
    expect(second.items.map((i) => i.n)).toEqual([3, 2]);

    const elsewhere = await run(
      ddb.query({ query: { PK: { eq: "Q" } }, limit: 2, nextToken: first.nextToken }),
    );
    expect(elsewhere).toEqual({
      result: null,
      error: { type: "DynamoDB:ValidationException", message: "Invalid nextToken" },
    });
  });

  it("scans with a filter and pages", async () => {
    const seen: number[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = (
        await run(
          ddb.scan({
            filter: { n: { ge: 4 }, PK: { eq: "Q" } },
            limit: 3,
            nextToken,
            consistentRead: true,
          }),
        )
      ).result as { items: { n: number }[]; nextToken: string | null };
      seen.push(...page.items.map((i) => i.n));
      nextToken = page.nextToken ?? undefined;
      pages++;
    } while (nextToken && pages < 50);
    expect(seen.sort()).toEqual([4, 5]);
  });

  it("answers malformed requests and service errors as typed errors, without throwing", async () => {
    expect(await run({ operation: "GetItem" })).toMatchObject({
      error: { type: "MappingTemplate" },
    });
    expect(await run({ operation: "Explode" })).toMatchObject({
      error: { type: "MappingTemplate" },
    });
    expect(await run({ operation: "GetItem", key: { PK: { X: "?" } } })).toMatchObject({
      error: {
        type: "MappingTemplate",
        message: 'Invalid DynamoDB request: unknown DynamoDB type "X"',
      },
    });
    expect(await run(ddb.get({ key: { PK: "only-half" } }))).toMatchObject({
      error: { type: "DynamoDB:ValidationException" },
    });
    expect(
      await run(ddb.batchGet({ tables: { "no-such-table": { keys: [key("a", "b")] } } })),
    ).toMatchObject({
      error: { type: "DynamoDB:ResourceNotFoundException" },
    });
    expect(operations.length).toBeGreaterThan(0);
  });

  it("records every call it sends, the failed ones too, with the table it went to", async () => {
    const log: string[] = [];
    const logged = createDynamoDbDataSource({
      client: table.client,
      tableName: table.tableName,
      nextTokens: createNextTokenCodec(),
      onOperation: (operation, tableName) => log.push(`${operation} ${tableName}`),
    });
    const failures = [
      ddb.get({ key: { PK: "only-half" } }),
      ddb.batchGet({ tables: { "no-such-table": { keys: [key("a", "b")] } } }),
      ddb.batchPut({ tables: { "no-such-table": [key("a", "b")] } }),
      ddb.batchDelete({ tables: { "no-such-table": [key("a", "b")] } }),
      ddb.put({ key: key("F", "1"), item: { v: 1 }, condition: { v: { attributeExists: true } } }),
    ];
    for (const request of failures) {
      expect((await logged.execute(request)).error, JSON.stringify(request)).toBeDefined();
    }
    expect(log).toEqual([
      `GetItem ${table.tableName}`,
      "BatchGetItem no-such-table",
      "BatchPutItem no-such-table",
      "BatchDeleteItem no-such-table",
      `PutItem ${table.tableName}`,
    ]);
    // A request refused before any call (a bad typed value, a foreign token) records nothing.
    await logged.execute({ operation: "GetItem", key: { PK: { X: "?" } } });
    await logged.execute(ddb.query({ query: { PK: { eq: "Q" } }, nextToken: "forged.token" }));
    expect(log).toHaveLength(5);
  });

  it("records each operation when DynamoDB cannot be reached at all", async () => {
    // A port that was free a moment ago: every call fails with a connection error.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const log: string[] = [];
    const unreachable = createDynamoDbDataSource({
      client,
      tableName: "unreachable",
      nextTokens: createNextTokenCodec(),
      onOperation: (operation, tableName) => log.push(`${operation} ${tableName}`),
    });
    const requests = {
      GetItem: ddb.get({ key: key("a", "b") }),
      PutItem: ddb.put({ key: key("a", "b"), item: {} }),
      UpdateItem: ddb.update({ key: key("a", "b"), update: { v: 1 } }),
      DeleteItem: ddb.remove({ key: key("a", "b") }),
      Query: ddb.query({ query: { PK: { eq: "a" } } }),
      Scan: ddb.scan({}),
      BatchGetItem: ddb.batchGet({ tables: { unreachable: { keys: [key("a", "b")] } } }),
      BatchPutItem: ddb.batchPut({ tables: { unreachable: [key("a", "b")] } }),
      BatchDeleteItem: ddb.batchDelete({ tables: { unreachable: [key("a", "b")] } }),
      TransactGetItems: ddb.transactGet({ items: [{ table: "unreachable", key: key("a", "b") }] }),
      TransactWriteItems: ddb.transactWrite({
        items: [{ deleteItem: { table: "unreachable", key: key("a", "b") } }],
      }),
    };
    for (const [operation, request] of Object.entries(requests)) {
      expect(await unreachable.execute(request), operation).toMatchObject({
        result: null,
        error: { type: expect.stringMatching(/^DynamoDB:/) as unknown },
      });
    }
    expect(log).toEqual(Object.keys(requests).map((operation) => `${operation} unreachable`));
    client.destroy();
  });
});
