import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { FORWARDED_HOST_FUNCTION } from "./viewer-request";

type Headers = Record<string, { value: string }>;

/** Runs the function's source as CloudFront would: `handler(event)` returns the request. */
function run(headers: Headers): Headers {
  const handler = runInNewContext(`${FORWARDED_HOST_FUNCTION}; handler`) as (event: {
    request: { headers: Headers };
  }) => { headers: Headers };
  return handler({ request: { headers } }).headers;
}

describe("the viewer-request function", () => {
  it("copies the viewer's Host into X-Forwarded-Host", () => {
    expect(run({ host: { value: "d111.cloudfront.net" } })).toEqual({
      host: { value: "d111.cloudfront.net" },
      "x-forwarded-host": { value: "d111.cloudfront.net" },
    });
  });

  it("overwrites an X-Forwarded-Host the viewer sent (no spoofed origin for server actions)", () => {
    expect(
      run({ host: { value: "dash.example.com" }, "x-forwarded-host": { value: "evil.example" } })[
        "x-forwarded-host"
      ],
    ).toEqual({ value: "dash.example.com" });
    expect(
      run({ "x-forwarded-host": { value: "evil.example" } })["x-forwarded-host"],
    ).toBeUndefined();
  });
});
