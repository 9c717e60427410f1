/**
 * The request objects AppSync's DynamoDB data source accepts, as a resolver's request
 * handler returns them (the documented fields Waypoint may use), parsed at the boundary.
 * Values inside `key`, `attributeValues` and `expressionValues` stay AppSync's typed values
 * (`{ "S": "x" }`); dynamodb-mapping.ts turns them into the SDK's.
 */
import { z } from "zod";

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

export type Expression = z.infer<typeof expression>;
