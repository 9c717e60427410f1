/**
 * The `util` object of the APPSYNC_JS runtime, built per handler invocation: errors it
 * appends and the field it fails belong to that invocation.
 */
import { toSubscriptionFilter } from "./subscription-filters";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { toFilterExpression } from "./dynamodb-expressions";
import { dynamodbUtils } from "./dynamodb-values";
import { ResolverError, type ResolverErrorShape } from "./errors";
import { createTimeUtils } from "./time";

export interface UtilOptions {
  /** The field being resolved, for `util.unauthorized()`'s message. */
  info: { parentTypeName: string; fieldName: string };
  /** Receives `util.appendError(...)`. */
  appendError: (error: ResolverErrorShape) => void;
  now?: () => number;
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A ULID: 48-bit millisecond time then 80 random bits, Crockford base32, 26 characters. */
export function ulid(now: number): string {
  let time = "";
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let random = "";
  for (const byte of randomBytes(16)) random += CROCKFORD[byte % 32];
  return time + random;
}

/** A KSUID: 32-bit seconds since 2014-05-13 then 128 random bits, base62, 27 characters. */
export function ksuid(now: number): string {
  const bytes = Buffer.concat([Buffer.alloc(4), randomBytes(16)]);
  bytes.writeUInt32BE(Math.floor(now / 1000) - 1_400_000_000, 0);
  let value = BigInt(`0x${bytes.toString("hex")}`);
  let out = "";
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(27, "0");
}

export function createUtil(options: UtilOptions) {
  const now = options.now ?? Date.now;
  const { info } = options;
  return {
    autoId: () => randomUUID(),
    autoUlid: () => ulid(now()),
    autoKsuid: () => ksuid(now()),
    error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
      throw new ResolverError(message, errorType, data, errorInfo);
    },
    appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
      options.appendError({ message, errorType, data, errorInfo });
    },
    unauthorized(): never {
      throw new ResolverError(
        `Not Authorized to access ${info.fieldName} on type ${info.parentTypeName}`,
        "Unauthorized",
      );
    },
    /** Java's String.matches: the whole value must match. */
    matches: (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value),
    authType: () => "Lambda Authorization",
    escapeJavaScript: (value: string) => JSON.stringify(value).slice(1, -1).replace(/'/g, "\\'"),
    /** Java's URLEncoder (application/x-www-form-urlencoded): spaces become `+`. */
    urlEncode: (value: string) =>
      encodeURIComponent(value)
        .replace(/%20/g, "+")
        .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    urlDecode: (value: string) => decodeURIComponent(value.replace(/\+/g, " ")),
    base64Encode: (value: string) => Buffer.from(value, "utf8").toString("base64"),
    base64Decode: (value: string) => Buffer.from(value, "base64").toString("utf8"),
    time: createTimeUtils(now),
    dynamodb: dynamodbUtils,
    transform: {
      toDynamoDBFilterExpression: (filter: Record<string, unknown>) =>
        JSON.stringify(toFilterExpression(filter)),
      toDynamoDBConditionExpression: (condition: Record<string, unknown>) =>
        JSON.stringify(toFilterExpression(condition)),
      toSubscriptionFilter: (filter: Record<string, unknown>, ignoredFields?: string[]) =>
        toSubscriptionFilter(filter, ignoredFields),
    },
    str: {
      toUpper: (value: string) => value.toUpperCase(),
      toLower: (value: string) => value.toLowerCase(),
      toReplace: (value: string, find: string, replacement: string) =>
        value.split(find).join(replacement),
      normalize: (value: string, form: "nfc" | "nfd" | "nfkc" | "nfkd") =>
        value.normalize(form.toUpperCase()),
    },
    math: {
      roundNum: (value: number) => Math.round(value),
      minVal: (a: number, b: number) => Math.min(a, b),
      maxVal: (a: number, b: number) => Math.max(a, b),
      randomDouble: () => Math.random(),
      randomWithinRange: (min: number, max: number) => randomInt(min, max + 1),
    },
  };
}

export type Util = ReturnType<typeof createUtil>;
