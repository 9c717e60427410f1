import { describe, expect, it } from "vitest";
import { toFunctionUrlEvent } from "./function-url";

const request = (headers: Record<string, string | string[]>, method = "POST") => ({
  method,
  url: "/webhooks/clerk?x=1",
  httpVersion: "1.1",
  headers,
});

describe("toFunctionUrlEvent", () => {
  it("builds a payload 2.0 event: lower-case headers, text body as is", () => {
    const event = toFunctionUrlEvent(
      request({ "Svix-Id": "msg_1", "content-type": "application/json", "x-many": ["a", "b"] }),
      Buffer.from('{"a":1}'),
      "127.0.0.1",
    );
    expect(event).toMatchObject({
      version: "2.0",
      rawPath: "/webhooks/clerk",
      rawQueryString: "x=1",
      headers: { "svix-id": "msg_1", "content-type": "application/json", "x-many": "a,b" },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: "POST", path: "/webhooks/clerk", sourceIp: "127.0.0.1" } },
    });
  });

  it("base64-encodes a binary body, and omits an empty one", () => {
    const bytes = Buffer.from([0xff, 0x00, 0x7b]);
    const binary = toFunctionUrlEvent(
      request({ "content-type": "application/octet-stream" }),
      bytes,
      "::1",
    );
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body ?? "", "base64")).toEqual(bytes);
    const empty = toFunctionUrlEvent(request({}, "GET"), Buffer.alloc(0), "::1");
    expect(empty.body).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
  });
});
