/**
 * AppSync's typed values (`{ "N": 12345 }`, `{ "NULL": null }`) to the SDK's
 * AttributeValues, and items back to the plain JSON that AppSync puts in `ctx.result`
 * (numbers as numbers, sets as lists, binary as base64).
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

export class InvalidTypedValueError extends Error {}

export function toAttributeValue(typed: unknown): AttributeValue {
  if (typeof typed !== "object" || typed === null || Array.isArray(typed)) {
    throw new InvalidTypedValueError('a typed value must be an object such as { "S": "text" }');
  }
  const entries = Object.entries(typed);
  const [type, value] = entries[0] ?? [];
  if (entries.length !== 1 || type === undefined) {
    throw new InvalidTypedValueError("a typed value has exactly one type key");
  }
  const strings = (list: unknown) => {
    if (!Array.isArray(list)) throw new InvalidTypedValueError(`${type} must be a list`);
    return list.map(String);
  };
  switch (type) {
    case "S":
      if (typeof value !== "string") throw new InvalidTypedValueError("S must be a string");
      return { S: value };
    case "N":
      if (typeof value !== "number" && typeof value !== "string") {
        throw new InvalidTypedValueError("N must be a number");
      }
      return { N: String(value) };
    case "BOOL":
      if (typeof value !== "boolean") throw new InvalidTypedValueError("BOOL must be a boolean");
      return { BOOL: value };
    case "NULL":
      return { NULL: true };
    case "SS":
      return { SS: strings(value) };
    case "NS":
      return { NS: strings(value) };
    case "B":
      return { B: Buffer.from(String(value), "base64") };
    case "BS":
      return { BS: strings(value).map((item) => Buffer.from(item, "base64")) };
    case "L":
      if (!Array.isArray(value)) throw new InvalidTypedValueError("L must be a list");
      return { L: value.map(toAttributeValue) };
    case "M":
      return { M: toAttributeMap(value) };
    default:
      throw new InvalidTypedValueError(`unknown DynamoDB type "${type}"`);
  }
}

export function toAttributeMap(typed: unknown): Record<string, AttributeValue> {
  if (typeof typed !== "object" || typed === null || Array.isArray(typed)) {
    throw new InvalidTypedValueError("expected a map of typed values");
  }
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(typed)) out[key] = toAttributeValue(value);
  return out;
}

export function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.M !== undefined) return fromItem(value.M);
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  if (value.B !== undefined) return Buffer.from(value.B).toString("base64");
  if (value.BS !== undefined) return value.BS.map((b) => Buffer.from(b).toString("base64"));
  return null;
}

export function fromItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) out[key] = fromAttributeValue(value);
  return out;
}
