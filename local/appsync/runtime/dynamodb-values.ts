/**
 * `util.dynamodb`: plain values to AppSync's typed values. AppSync documents numbers as
 * JSON numbers (`{ "N": 12345 }`), not DynamoDB's strings; the data source accepts both.
 */

export type TypedValue = Record<string, unknown>;

export function toDynamoDB(value: unknown): TypedValue {
  if (value === null || value === undefined) return { NULL: null };
  if (typeof value === "string") return { S: value };
  if (typeof value === "number") return { N: value };
  if (typeof value === "boolean") return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDB) };
  if (typeof value === "object") return { M: toMapValues(value as Record<string, unknown>) };
  throw new TypeError(`cannot convert a ${typeof value} to a DynamoDB value`);
}

export function toMapValues(value: Record<string, unknown>): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const [key, item] of Object.entries(value)) {
    // undefined has no JSON form; AppSync never sees it, so it is dropped.
    if (item !== undefined) out[key] = toDynamoDB(item);
  }
  return out;
}

const orNull =
  <T, R>(convert: (value: T) => R) =>
  (value: T | null | undefined): R | null =>
    value === null || value === undefined ? null : convert(value);

export const dynamodbUtils = {
  toDynamoDB,
  toMapValues,
  toString: orNull((value: string) => ({ S: value })),
  toStringSet: orNull((list: string[]) => ({ SS: [...list] })),
  toNumber: orNull((value: number) => ({ N: value })),
  toNumberSet: orNull((list: number[]) => ({ NS: [...list] })),
  toBinary: orNull((value: string) => ({ B: value })),
  toBinarySet: orNull((list: string[]) => ({ BS: [...list] })),
  toBoolean: orNull((value: boolean) => ({ BOOL: value })),
  toNull: () => ({ NULL: null }),
  toList: orNull((list: unknown[]) => ({ L: list.map(toDynamoDB) })),
  toMap: orNull((map: Record<string, unknown>) => ({ M: toMapValues(map) })),
  toS3Object: (key: string, bucket: string, region: string, version?: string) => ({
    S: JSON.stringify({ s3: { key, bucket, region, ...(version ? { version } : {}) } }),
  }),
  fromS3ObjectJson: (json: string): unknown => (JSON.parse(json) as { s3?: unknown }).s3,
};
