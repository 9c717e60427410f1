/**
 * The `@aws-appsync/utils/dynamodb` module of the APPSYNC_JS runtime: helpers that turn
 * plain inputs into AppSync's DynamoDB request objects (typed keys and values, expression
 * objects). The package on npm ships only their types; this is our implementation of the
 * documented outputs.
 */
import {
  toFilterExpression,
  toKeyConditionExpression,
  toProjectionExpression,
  toUpdateExpression,
} from "./dynamodb-expressions";
import { dynamodbUtils, toMapValues } from "./dynamodb-values";

type Plain = Record<string, unknown>;
type Optional<T> = T | null | undefined;

/** Copies the defined, non-null options only: AppSync's request objects omit the rest. */
function defined(entries: Record<string, unknown>): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

const condition = (filter: Optional<Plain>) => (filter ? toFilterExpression(filter) : undefined);
const projection = (fields: Optional<string[]>) =>
  fields?.length ? toProjectionExpression(fields) : undefined;

export function get(input: { key: Plain; consistentRead?: boolean; projection?: string[] }) {
  return defined({
    operation: "GetItem",
    key: toMapValues(input.key),
    consistentRead: input.consistentRead,
    projection: projection(input.projection),
  });
}

export function put(input: {
  key: Plain;
  item: Plain;
  condition?: Optional<Plain>;
  _version?: number;
}) {
  return defined({
    operation: "PutItem",
    key: toMapValues(input.key),
    attributeValues: toMapValues(input.item),
    condition: condition(input.condition),
    _version: input._version,
  });
}

export function remove(input: { key: Plain; condition?: Optional<Plain>; _version?: number }) {
  return defined({
    operation: "DeleteItem",
    key: toMapValues(input.key),
    condition: condition(input.condition),
    _version: input._version,
  });
}

export function update(input: {
  key: Plain;
  update: Plain;
  condition?: Optional<Plain>;
  _version?: number;
}) {
  return defined({
    operation: "UpdateItem",
    key: toMapValues(input.key),
    update: toUpdateExpression(input.update),
    condition: condition(input.condition),
    _version: input._version,
  });
}

interface ScanInput {
  index?: Optional<string>;
  limit?: Optional<number>;
  filter?: Optional<Plain>;
  nextToken?: Optional<string>;
  consistentRead?: Optional<boolean>;
  projection?: string[];
  select?: string;
  scanIndexForward?: Optional<boolean>;
  totalSegments?: number;
  segment?: number;
}

export function query(input: ScanInput & { query: Plain }) {
  return defined({
    operation: "Query",
    query: toKeyConditionExpression(input.query),
    index: input.index,
    limit: input.limit,
    nextToken: input.nextToken,
    scanIndexForward: input.scanIndexForward,
    consistentRead: input.consistentRead,
    select: input.select,
    filter: condition(input.filter),
    projection: projection(input.projection),
  });
}

export function scan(input: ScanInput) {
  return defined({
    operation: "Scan",
    index: input.index,
    limit: input.limit,
    nextToken: input.nextToken,
    consistentRead: input.consistentRead,
    select: input.select,
    totalSegments: input.totalSegments,
    segment: input.segment,
    filter: condition(input.filter),
    projection: projection(input.projection),
  });
}

export function sync(): never {
  // Sync needs a versioned (delta-sync) data source, which Waypoint does not use.
  throw new Error("ddb.sync is not supported by the local AppSync runtime");
}

export function batchGet(input: {
  tables: Record<string, { keys: Plain[]; consistentRead?: boolean; projection?: string[] }>;
}) {
  const tables: Plain = {};
  for (const [table, spec] of Object.entries(input.tables)) {
    tables[table] = defined({
      keys: spec.keys.map(toMapValues),
      consistentRead: spec.consistentRead,
      projection: projection(spec.projection),
    });
  }
  return { operation: "BatchGetItem", tables };
}

export function batchPut(input: { tables: Record<string, Plain[]> }) {
  const tables: Plain = {};
  for (const [table, items] of Object.entries(input.tables)) tables[table] = items.map(toMapValues);
  return { operation: "BatchPutItem", tables };
}

export function batchDelete(input: { tables: Record<string, Plain[]> }) {
  const tables: Plain = {};
  for (const [table, keys] of Object.entries(input.tables)) tables[table] = keys.map(toMapValues);
  return { operation: "BatchDeleteItem", tables };
}

export function transactGet(input: {
  items: { table: string; key: Plain; projection?: string[] }[];
}) {
  return {
    operation: "TransactGetItems",
    transactItems: input.items.map((item) =>
      defined({
        table: item.table,
        key: toMapValues(item.key),
        projection: projection(item.projection),
      }),
    ),
  };
}

type TransactWriteInputItem =
  | { putItem: { table: string; key: Plain; item: Plain; condition?: Plain } }
  | { updateItem: { table: string; key: Plain; update: Plain; condition?: Plain } }
  | { deleteItem: { table: string; key: Plain; condition?: Plain } }
  | { conditionCheck: { table: string; key: Plain; condition?: Plain } };

export function transactWrite(input: { items: TransactWriteInputItem[] }) {
  return {
    operation: "TransactWriteItems",
    transactItems: input.items.map((item) => {
      if ("putItem" in item) {
        const { table, key, item: values, condition: c } = item.putItem;
        return defined({
          table,
          operation: "PutItem",
          key: toMapValues(key),
          attributeValues: toMapValues(values),
          condition: condition(c),
        });
      }
      if ("updateItem" in item) {
        const { table, key, update: u, condition: c } = item.updateItem;
        return defined({
          table,
          operation: "UpdateItem",
          key: toMapValues(key),
          update: toUpdateExpression(u),
          condition: condition(c),
        });
      }
      if ("deleteItem" in item) {
        const { table, key, condition: c } = item.deleteItem;
        return defined({
          table,
          operation: "DeleteItem",
          key: toMapValues(key),
          condition: condition(c),
        });
      }
      const { table, key, condition: c } = item.conditionCheck;
      return defined({
        table,
        operation: "ConditionCheck",
        key: toMapValues(key),
        condition: condition(c),
      });
    }),
  };
}

export const operations = {
  add: (value: unknown) => ({ _type: "add", value }),
  remove: () => ({ _type: "remove" }),
  replace: (value: unknown) => ({ _type: "replace", value }),
  increment: (by?: number) => ({ _type: "increment", by: by ?? 1 }),
  decrement: (by?: number) => ({ _type: "decrement", by: by ?? 1 }),
  append: (value: unknown[]) => ({ _type: "append", value }),
  prepend: (value: unknown[]) => ({ _type: "prepend", value }),
  updateListItem: (value: unknown, index: number) => ({ _type: "updateListItem", value, index }),
};

export const toStringSet = (list: string[]) => dynamodbUtils.toStringSet(list);
export const toNumberSet = (list: number[]) => dynamodbUtils.toNumberSet(list);
export const toBinarySet = (list: string[]) => dynamodbUtils.toBinarySet(list);

/** The module object handed to resolver code for `@aws-appsync/utils/dynamodb`. */
export const dynamodbModule = {
  get,
  put,
  remove,
  update,
  query,
  scan,
  sync,
  batchGet,
  batchPut,
  batchDelete,
  transactGet,
  transactWrite,
  operations,
  toStringSet,
  toNumberSet,
  toBinarySet,
};
