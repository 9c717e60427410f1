/**
 * The DynamoDB data source: executes AppSync's DynamoDB request objects against a table
 * (DynamoDB Local in practice) and answers as AppSync does: plain items in `result`, or
 * `error.type` `DynamoDB:<ExceptionName>` for the response handler to handle.
 *
 * The request is parsed (dynamodb-request.ts), mapped to its SDK call (dynamodb-mapping.ts),
 * and sent through the one `send` below, which reports every call, failed ones too, to
 * `onOperation`: the per-operation log, and the tests that prove a resolver never Scans.
 */
import {
  ConditionalCheckFailedException,
  type AttributeValue,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import type { DataSourceOutcome } from "../runtime/pipeline";
import { fromItem, InvalidTypedValueError } from "./attribute-values";
import { PlaceholderConflictError, toSdkCall, type SdkCall, type Send } from "./dynamodb-mapping";
import { dynamoDbRequestSchema } from "./dynamodb-request";
import type { NextTokenCodec } from "./next-token";

export interface DynamoDbDataSourceOptions {
  client: DynamoDBClient;
  /** The data source's table (Get/Put/Update/Delete/Query/Scan). */
  tableName: string;
  nextTokens: NextTokenCodec;
  /** Called after each DynamoDB call, whether it succeeded or not, for the log and tests. */
  onOperation?: (operation: string, tableName: string) => void;
}

const INVALID_NEXT_TOKEN = {
  result: null,
  error: { type: "DynamoDB:ValidationException", message: "Invalid nextToken" },
};

/** Creates the data source; `execute` never throws, it answers `{ result, error }`. */
export function createDynamoDbDataSource(options: DynamoDbDataSourceOptions) {
  const { client, nextTokens, tableName } = options;

  /** The one way to DynamoDB: every command goes out here and is recorded, however it ends. */
  const sendFor = (call: SdkCall): Send =>
    (async (command: Parameters<Send>[0]) => {
      try {
        return await client.send(command);
      } finally {
        for (const table of call.tables) options.onOperation?.(call.operation, table);
      }
    }) as Send;

  return {
    /** Runs one request object; never throws. */
    async execute(request: unknown): Promise<DataSourceOutcome> {
      const parsed = dynamoDbRequestSchema.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return invalidRequest(
          issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : "malformed",
        );
      }
      const data = parsed.data;
      let exclusiveStartKey: Record<string, AttributeValue> | undefined;
      // A token is bound to the operation, table and index it came from.
      const binding =
        data.operation === "Query" || data.operation === "Scan"
          ? `${data.operation}:${tableName}:${data.index ?? ""}`
          : "";
      if (
        (data.operation === "Query" || data.operation === "Scan") &&
        data.nextToken !== undefined
      ) {
        const key = nextTokens.decode(data.nextToken, binding);
        if (!key) return INVALID_NEXT_TOKEN;
        exclusiveStartKey = key as Record<string, AttributeValue>;
      }
      try {
        const call = toSdkCall(data, {
          tableName,
          exclusiveStartKey,
          encodeNextToken: (key) => nextTokens.encode(key, binding),
        });
        return await call.run(sendFor(call));
      } catch (error) {
        return toOutcome(error);
      }
    },
  };
}

const invalidRequest = (message: string): DataSourceOutcome => ({
  result: null,
  error: { type: "MappingTemplate", message: `Invalid DynamoDB request: ${message}` },
});

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
  if (error instanceof PlaceholderConflictError) {
    return invalidRequest(`placeholder ${error.message} has two meanings`);
  }
  if (error instanceof InvalidTypedValueError) return invalidRequest(error.message);
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
