/**
 * `util` against AppSync's documented examples: the expected values are the outputs the
 * AppSync developer guide prints for each input (util.dynamodb, util.transform, and the
 * examples of the time helpers page).
 */
import { describe, expect, it } from "vitest";
import { ResolverError } from "./errors";
import { createUtil } from "./util";

const appended: unknown[] = [];
const util = createUtil({
  info: { parentTypeName: "Query", fieldName: "secret" },
  appendError: (error) => appended.push(error),
  now: () => 1517943695750, // 2018-02-06T19:01:35.750Z, the docs' instant
});

describe("util.dynamodb (documented examples)", () => {
  it("toDynamoDB", () => {
    expect(util.dynamodb.toDynamoDB("foo")).toEqual({ S: "foo" });
    expect(util.dynamodb.toDynamoDB(12345)).toEqual({ N: 12345 });
    expect(util.dynamodb.toDynamoDB(true)).toEqual({ BOOL: true });
    expect(util.dynamodb.toDynamoDB({ foo: "bar", baz: 1234, beep: ["boop"] })).toEqual({
      M: { foo: { S: "bar" }, baz: { N: 1234 }, beep: { L: [{ S: "boop" }] } },
    });
  });

  it("toMapValues is toMap's M", () => {
    const input = { foo: "bar", baz: 1234, beep: ["boop"] };
    expect(util.dynamodb.toMapValues(input)).toEqual({
      foo: { S: "bar" },
      baz: { N: 1234 },
      beep: { L: [{ S: "boop" }] },
    });
    expect(util.dynamodb.toMap(input)?.M).toEqual(util.dynamodb.toMapValues(input));
  });

  it("toList, sets, scalars, null", () => {
    expect(util.dynamodb.toList(["foo", 123, { bar: "baz" }])).toEqual({
      L: [{ S: "foo" }, { N: 123 }, { M: { bar: { S: "baz" } } }],
    });
    expect(util.dynamodb.toStringSet(["foo", "bar", "baz"])).toEqual({ SS: ["foo", "bar", "baz"] });
    expect(util.dynamodb.toNumberSet([1, 23, 4.56])).toEqual({ NS: [1, 23, 4.56] });
    expect(util.dynamodb.toNumber(12345)).toEqual({ N: 12345 });
    expect(util.dynamodb.toString("foo")).toEqual({ S: "foo" });
    expect(util.dynamodb.toBoolean(true)).toEqual({ BOOL: true });
    expect(util.dynamodb.toBinary("foo")).toEqual({ B: "foo" });
    expect(util.dynamodb.toBinarySet(["foo", "bar"])).toEqual({ BS: ["foo", "bar"] });
    expect(util.dynamodb.toNull()).toEqual({ NULL: null });
    expect(util.dynamodb.toString(null)).toBeNull();
  });

  it("toS3Object and fromS3ObjectJson", () => {
    const s3 = util.dynamodb.toS3Object("foo", "bar", "baz");
    expect(JSON.parse(s3.S)).toEqual({ s3: { key: "foo", bucket: "bar", region: "baz" } });
    expect(util.dynamodb.fromS3ObjectJson(s3.S)).toEqual({
      key: "foo",
      bucket: "bar",
      region: "baz",
    });
  });
});

describe("util.transform", () => {
  it("toDynamoDBFilterExpression: the documented example", () => {
    expect(
      JSON.parse(util.transform.toDynamoDBFilterExpression({ title: { contains: "Hello World" } })),
    ).toEqual({
      expression: "contains(#title, :title_contains)",
      expressionNames: { "#title": "title" },
      expressionValues: { ":title_contains": { S: "Hello World" } },
    });
  });

  it("combines fields with AND and and/or/not branches without placeholder clashes", () => {
    const out = JSON.parse(
      util.transform.toDynamoDBConditionExpression({
        or: [{ status: { eq: "DONE" } }, { status: { eq: "BLOCKED" } }],
        version: { attributeExists: true },
      }),
    ) as { expression: string; expressionValues: Record<string, unknown> };
    expect(out.expression).toBe(
      "((#status = :status_eq) OR (#status = :status_eq_1)) AND (attribute_exists(#version))",
    );
    expect(out.expressionValues).toEqual({
      ":status_eq": { S: "DONE" },
      ":status_eq_1": { S: "BLOCKED" },
    });
  });
});

describe("util.time (the time helpers page's examples)", () => {
  it("formats and parses", () => {
    expect(util.time.nowISO8601()).toBe("2018-02-06T19:01:35.750Z");
    expect(util.time.nowEpochSeconds()).toBe(1517943695);
    expect(util.time.nowEpochMilliSeconds()).toBe(1517943695750);
    expect(util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ")).toBe("2018-02-06 19:01:35+0000");
    expect(util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "Australia/Perth")).toBe(
      "2018-02-07 03:01:35+0800",
    );
    expect(util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "Australia/Adelaide")).toBe(
      "2018-02-07 05:31:35+1030",
    );
    expect(
      util.time.parseFormattedToEpochMilliSeconds(
        "2018-02-01 17:21:05+0000",
        "yyyy-MM-dd HH:mm:ssZ",
      ),
    ).toBe(1517505665000);
    expect(
      util.time.parseFormattedToEpochMilliSeconds(
        "2018-02-02 01:19:22",
        "yyyy-MM-dd HH:mm:ss",
        "+08:00",
      ),
    ).toBe(1517505562000);
    expect(util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.180+08:00")).toBe(
      1517476865180,
    );
    expect(util.time.epochMilliSecondsToSeconds(1517943695750)).toBe(1517943695);
    expect(util.time.epochMilliSecondsToISO8601(1517943695750)).toBe("2018-02-06T19:01:35.750Z");
    expect(util.time.epochMilliSecondsToFormatted(1517943695750, "yyyy-MM-dd HH:mm:ssZ")).toBe(
      "2018-02-06 19:01:35+0000",
    );
    expect(
      util.time.epochMilliSecondsToFormatted(
        1517943695750,
        "yyyy-MM-dd HH:mm:ssZ",
        "Australia/Perth",
      ),
    ).toBe("2018-02-07 03:01:35+0800");
  });

  it("refuses what it cannot parse", () => {
    expect(() => util.time.parseISO8601ToEpochMilliSeconds("yesterday")).toThrow(/ISO 8601/);
    expect(() => util.time.parseFormattedToEpochMilliSeconds("2018/02/01", "yyyy-MM-dd")).toThrow();
  });
});

describe("ids", () => {
  it("autoId is a v4 UUID, autoUlid a time-ordered ULID, autoKsuid 27 base62 characters", () => {
    expect(util.autoId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const ulid = util.autoUlid();
    expect(ulid).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    // ULID's first 10 characters are the millisecond time in Crockford base32.
    const time = [...ulid.slice(0, 10)].reduce(
      (acc, c) => acc * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c),
      0,
    );
    expect(time).toBe(1517943695750);
    expect(util.autoUlid()).not.toBe(ulid);
    expect(util.autoKsuid()).toMatch(/^[0-9A-Za-z]{27}$/);
  });
});

describe("errors", () => {
  it("util.error throws a typed error with data and info", () => {
    try {
      util.error("nope", "ConflictError", { version: 3 }, { hint: "reload" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ResolverError);
      expect(error).toMatchObject({
        message: "nope",
        errorType: "ConflictError",
        data: { version: 3 },
        errorInfo: { hint: "reload" },
      });
    }
  });

  it("util.unauthorized names the field; util.appendError does not throw", () => {
    expect(() => util.unauthorized()).toThrow("Not Authorized to access secret on type Query");
    util.appendError("partial", "Warning");
    expect(appended).toContainEqual({
      message: "partial",
      errorType: "Warning",
      data: undefined,
      errorInfo: undefined,
    });
  });
});

describe("strings and encodings", () => {
  it("matches the whole value, like Java's String.matches", () => {
    expect(util.matches("a+b", "aaab")).toBe(true);
    expect(util.matches("a+b", "aaabc")).toBe(false);
  });

  it("encodes", () => {
    expect(util.base64Encode("hello world")).toBe("aGVsbG8gd29ybGQ=");
    expect(util.base64Decode("aGVsbG8gd29ybGQ=")).toBe("hello world");
    expect(util.urlEncode("a b&c=d/é")).toBe("a+b%26c%3Dd%2F%C3%A9");
    expect(util.urlDecode("a+b%26c%3Dd%2F%C3%A9")).toBe("a b&c=d/é");
    expect(util.escapeJavaScript('say "hi"\n')).toBe('say \\"hi\\"\\n');
    expect(util.str.toReplace("a-b-c", "-", "+")).toBe("a+b+c");
    expect(util.str.normalize("e\u0301", "nfc")).toBe("é");
  });
});
